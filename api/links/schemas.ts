import { z } from 'zod';
import type { ResponseLinkView } from '../../activities/mail';
import { instantOut } from '../http/text';

/** The response links of a signal as coordinators see them: who, when issued/opened/used; never a token or hash. */

const linksPath = (signalId: string) => `/api/v1/signals/${signalId}/links`;
const iso = (value: Date | null) => (value ? value.toISOString() : null);

export const reissueLinkBody = z
  .object({
    contactId: z.uuid().meta({
      description:
        'The contact who gets the new link: `contact.id` of one of the signal’s links, or any active contact of the ministry.',
    }),
    revokeOthers: z.boolean().default(false).meta({
      description:
        'Also revoke the live links of the ministry’s other contacts (the contact person changed). Default false: only this contact’s links.',
    }),
  })
  .strict();

export const responseLinkSchema = z.object({
  id: z.uuid().meta({ description: 'The link’s id (not its token).' }),
  ministryCode: z.string(),
  contact: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(['contact', 'escalation']),
    active: z.boolean().meta({ description: 'Whether the contact is still a contact of the ministry.' }),
  }),
  state: z.enum(['not_delivered', 'active', 'expired', 'revoked']).meta({
    description:
      '`not_delivered`: its mail waits in the outbox; `active`: it works; `expired` and `revoked`: it shows the contact a page saying so.',
  }),
  issuedAt: instantOut('When the link was issued (its mail was queued).'),
  deliveredAt: instantOut('When the mail server accepted the mail with this link.').nullable(),
  expiresAt: instantOut(
    'When the link stops working: RESPONSE_LINK_VALID_DAYS after its ministry’s case ended; null while the case is open.',
  ).nullable(),
  revokedAt: instantOut(
    'When it was revoked (a newer link, a withdrawn ministry, a deactivated contact).',
  ).nullable(),
  firstOpenedAt: instantOut('When the contact first opened it.').nullable(),
  lastOpenedAt: instantOut('When the contact last opened it.').nullable(),
  lastUsedAt: instantOut(
    'When the contact last acted with it (acknowledged, asked for time, replied).',
  ).nullable(),
});

export const responseLinkListSchema = z.object({
  items: z.array(responseLinkSchema).meta({ description: 'Every link of the signal, oldest first.' }),
  links: z.object({
    self: z.string().meta({ format: 'uri-reference' }),
    signal: z.string().meta({ format: 'uri-reference' }),
  }),
});

export const reissuedLinkSchema = responseLinkSchema.extend({
  revokedLinks: z.int().meta({ description: 'How many live links this reissue revoked.' }),
  links: z.object({
    links: z.string().meta({ format: 'uri-reference', description: 'All links of the signal.' }),
  }),
});

export function presentLink(view: ResponseLinkView): z.output<typeof responseLinkSchema> {
  return {
    id: view.id,
    ministryCode: view.ministryCode,
    contact: {
      id: view.contact.id,
      name: view.contact.name,
      email: view.contact.email,
      role: view.contact.role,
      active: view.contact.active,
    },
    state: view.state,
    issuedAt: view.issuedAt.toISOString(),
    deliveredAt: iso(view.deliveredAt),
    expiresAt: iso(view.expiresAt),
    revokedAt: iso(view.revokedAt),
    firstOpenedAt: iso(view.firstOpenedAt),
    lastOpenedAt: iso(view.lastOpenedAt),
    lastUsedAt: iso(view.lastUsedAt),
  };
}

export function presentLinkList(signalId: string, views: ResponseLinkView[]) {
  return {
    items: views.map(presentLink),
    links: { self: linksPath(signalId), signal: `/api/v1/signals/${signalId}` },
  };
}

export function presentReissued(signalId: string, view: ResponseLinkView, revokedLinks: number) {
  return { ...presentLink(view), revokedLinks, links: { links: linksPath(signalId) } };
}
