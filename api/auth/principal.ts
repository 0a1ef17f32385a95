import type { Actor } from '../../shared/lifecycle';

export type Role = 'submitter' | 'coordinator' | 'lead' | 'admin';
export const ALL_ROLES: readonly Role[] = ['submitter', 'coordinator', 'lead', 'admin'];
/** Roles that act for the LIEC loket (review, record replies, extend, close). */
export const LOKET_ROLES: readonly Role[] = ['coordinator', 'lead'];
/** Roles that may read every signal. */
export const STAFF_ROLES: readonly Role[] = ['coordinator', 'lead', 'admin'];

export type Principal =
  | {
      kind: 'organisation';
      role: 'submitter';
      keyId: string;
      keyPrefix: string;
      organisationId: string;
      organisationCode: string;
      organisationName: string;
    }
  | {
      kind: 'user';
      role: 'coordinator' | 'lead' | 'admin';
      keyId: string;
      keyPrefix: string;
      userId: string;
      name: string;
    };

/** The owner of the key: the scope of idempotency keys and of rate limits. */
export function principalScope(principal: Principal): string {
  return principal.kind === 'organisation' ? `org:${principal.organisationId}` : `user:${principal.userId}`;
}

/** Who did it, for the timeline (ids and display names only). */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'organisation'
    ? { type: 'submitter', id: principal.keyId, label: principal.organisationName }
    : { type: 'coordinator', id: principal.userId, label: principal.name };
}

/** Row-level scope: submitters see their own organisation's signals only; staff see all. */
export function visibleOrganisationId(principal: Principal): string | undefined {
  return principal.kind === 'organisation' ? principal.organisationId : undefined;
}
