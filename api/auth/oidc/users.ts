import type { PrismaClient, User } from '../../../generated/prisma/client';
import { violatesConstraint } from '../../../prisma/constraints';
import type { DashboardRole } from '../../../shared/config-sign-in';
import { LOKET_ORGANISATION, type ProcessingLog } from '../../../activities/processing-log/record';

/**
 * Which account a sign-in through the identity provider is. The provider's (issuer, sub) is the identity: stable
 * where e-mail addresses and names change. The first sign-in makes the account, or takes over a local account
 * with the same e-mail address that no provider identity holds yet (so a person's history stays on one account
 * when the loket moves to single sign-on); every sign-in writes name, address and the role from the claim.
 * A disabled account stays disabled, and an address another identity holds is not taken.
 */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string;
  name: string;
  role: DashboardRole;
}

export type AccountOutcome = { ok: true; user: User } | { ok: false; reason: 'disabled' | 'email_taken' };

const IDENTITY_CONSTRAINT = 'User_oidcIssuer_oidcSubject_key';

async function attempt(
  prisma: PrismaClient,
  identity: ProviderIdentity,
  processingLog: ProcessingLog,
): Promise<AccountOutcome> {
  const profile = { email: identity.email, name: identity.name, role: identity.role };
  const startTime = new Date();
  return prisma.$transaction(async (tx) => {
    // Making or updating the account from the provider's claims processes the person's data.
    const written = async (user: User, name: string): Promise<AccountOutcome> => {
      await processingLog.record(tx, {
        name,
        activity: 'user-administration',
        subject: { kind: 'user', id: user.id },
        actorOrganisation: LOKET_ORGANISATION,
        startTime,
      });
      return { ok: true, user };
    };
    const known = await tx.user.findUnique({
      where: { oidcIssuer_oidcSubject: { oidcIssuer: identity.issuer, oidcSubject: identity.subject } },
    });
    const sameAddress = await tx.user.findFirst({
      where: { email: { equals: identity.email, mode: 'insensitive' } },
    });
    if (known) {
      if (known.disabledAt) return { ok: false, reason: 'disabled' };
      if (sameAddress && sameAddress.id !== known.id) return { ok: false, reason: 'email_taken' };
      return written(
        await tx.user.update({ where: { id: known.id }, data: profile }),
        'update account from identity provider',
      );
    }
    if (sameAddress) {
      if (sameAddress.oidcSubject !== null) return { ok: false, reason: 'email_taken' };
      if (sameAddress.disabledAt) return { ok: false, reason: 'disabled' };
      return written(
        await tx.user.update({
          where: { id: sameAddress.id },
          data: { ...profile, oidcIssuer: identity.issuer, oidcSubject: identity.subject },
        }),
        'link account to identity provider',
      );
    }
    return written(
      await tx.user.create({
        data: { ...profile, oidcIssuer: identity.issuer, oidcSubject: identity.subject },
      }),
      'create account from identity provider',
    );
  });
}

export async function accountForIdentity(
  prisma: PrismaClient,
  processingLog: ProcessingLog,
  identity: ProviderIdentity,
): Promise<AccountOutcome> {
  try {
    return await attempt(prisma, identity, processingLog);
  } catch (error) {
    // Two first sign-ins of one person at once: the other made the account; this one now finds it.
    if (violatesConstraint(error, IDENTITY_CONSTRAINT) || violatesConstraint(error, 'User_email_key'))
      return attempt(prisma, identity, processingLog);
    throw error;
  }
}
