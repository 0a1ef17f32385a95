import type { PrismaClient } from '../../generated/prisma/client';
import type { SignalSubmitter } from '../../prisma/signal-submitters';
import type { Audience } from '../../shared/notifications';

export interface Recipient {
  address: string;
  audience: Audience;
  /** Set for ministry audiences: the contact a response link is bound to. */
  contactId?: string;
}

/**
 * Audiences to addresses, read from PostgreSQL at send time (workflows carry no addresses). An address that is in
 * two audiences gets one mail, in the first audience's form: a coordinator who is also the lead gets one mail.
 * "The submitter" is every current submitter of the signal (its lead and co-submitters: currentSubmitters).
 */
export async function resolveRecipients(
  prisma: PrismaClient,
  input: { audiences: Audience[]; ministryCode?: string },
  submitters: readonly Pick<SignalSubmitter, 'notifyAddress'>[],
): Promise<Recipient[]> {
  const recipients: Recipient[] = [];
  const seen = new Set<string>();
  const add = (address: string | null | undefined, audience: Audience, contactId?: string): void => {
    const normalised = address?.trim();
    if (!normalised) return;
    const key = normalised.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    recipients.push({ address: normalised, audience, ...(contactId ? { contactId } : {}) });
  };

  for (const audience of input.audiences) {
    switch (audience) {
      case 'submitter':
        submitters.forEach((submitter) => add(submitter.notifyAddress, audience));
        break;
      case 'coordinators':
      case 'lead': {
        const users = await prisma.user.findMany({
          where: { role: audience === 'lead' ? 'lead' : 'coordinator', disabledAt: null },
          orderBy: { email: 'asc' },
          select: { email: true },
        });
        users.forEach((user) => add(user.email, audience));
        break;
      }
      case 'ministry_contact':
      case 'ministry_escalation': {
        if (!input.ministryCode) break;
        const contacts = await prisma.ministryContact.findMany({
          where: {
            ministry: { code: input.ministryCode },
            role: audience === 'ministry_contact' ? 'contact' : 'escalation',
            active: true,
          },
          orderBy: { email: 'asc' },
          select: { id: true, email: true },
        });
        contacts.forEach((contact) => add(contact.email, audience, contact.id));
        break;
      }
    }
  }
  return recipients;
}
