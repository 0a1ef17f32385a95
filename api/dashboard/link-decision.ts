import { reissueLink, ReissueRefusal, type ResponseLinkService } from '../links/reissue';
import type { PrismaClient } from '../../generated/prisma/client';
import { assertMayTakeDecision, DecisionError } from './decisions';
import type { SessionUser } from './sessions';
import { UUID_PATTERN as UUID } from '../../shared/ids';

const field = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};

/**
 * "Nieuwe link sturen": mails the contact a new personal link (the old ones revoked). The form carries a request
 * id drawn when the page was rendered, so a double click or a resubmitted form sends one link, not two.
 */
export async function sendNewLink(
  deps: { prisma: PrismaClient; links: ResponseLinkService | undefined; now: () => Date },
  signalId: string,
  user: SessionUser,
  form: Record<string, unknown>,
): Promise<void> {
  assertMayTakeDecision(user, 'reissue_link');
  const ministryCode = field(form, 'ministryCode');
  const contactId = field(form, 'contactId');
  const formId = field(form, 'requestId');
  if (!ministryCode) throw new DecisionError('Kies een ministerie.');
  if (!UUID.test(contactId)) throw new DecisionError('Kies een contactpersoon.', ministryCode);
  if (!UUID.test(formId)) {
    throw new DecisionError('Het formulier is onvolledig. Laad de pagina opnieuw.', ministryCode);
  }
  try {
    await reissueLink(deps.prisma, deps.links, {
      signalId,
      ministryCode,
      contactId,
      revokeOthers: field(form, 'revokeOthers') === '1',
      // Per form and contact: the id of one rendered form never sends a link to someone else.
      requestId: `dashboard:${formId}:${contactId}`,
      actor: { type: 'coordinator', id: user.id, label: user.name },
      now: deps.now(),
    });
  } catch (error) {
    if (error instanceof ReissueRefusal) throw new DecisionError(error.dutch, ministryCode);
    throw error;
  }
}
