import { ApplicationFailure } from '@temporalio/common';
import type { NotificationTemplate, NotifyInput } from '../../shared/notifications';
import type { ResolvedMailDeps } from './deps';
import type { Outbox } from './outbox';
import { resolveRecipients, type Recipient } from './recipients';
import { composeMail, renderMail, type MailLink, type MailTemplate, type MinistryNames } from './templates';
import { revokeResponseLinks, undeliveredTokenHash } from './tokens';
import { apiSignalUrl, dashboardSignalUrl, RESPONSE_TOKEN_PLACEHOLDER, responseUrl } from './urls';

/** Mails to a ministry in which the contact can still act, so they carry a personal response link. */
const RESPONSE_LINK_TEMPLATES: ReadonlySet<MailTemplate> = new Set<MailTemplate>([
  'ministry_request',
  'ack_reminder',
  'ack_escalation',
  'reply_reminder',
  'reply_escalation',
  'extension_decided',
  'deadline_extended',
  'response_link_reissued',
]);

const DAY_MS = 24 * 60 * 60 * 1000;
const IMMEDIATE_DELIVERY_BUDGET_MS = 20_000;

export interface EnqueueInput {
  businessKey: string;
  signalId: string;
  ministryCode?: string;
  template: MailTemplate;
  recipients: Recipient[];
  data: NotifyInput['data'];
}

export function createNotifier(deps: ResolvedMailDeps, outbox: Outbox) {
  const { prisma, config, logger } = deps;

  async function loadContext(signalId: string, ministryCodes: string[]) {
    const signal = await prisma.signal.findUnique({
      where: { id: signalId },
      select: {
        id: true,
        reference: true,
        submitterEmail: true,
        organisation: { select: { notifyEmail: true } },
      },
    });
    if (!signal) {
      throw ApplicationFailure.create({
        type: 'SignalNotFound',
        message: `signal ${signalId} has no row`,
        nonRetryable: true,
      });
    }
    const ministries: MinistryNames[] =
      ministryCodes.length === 0
        ? []
        : await prisma.ministry.findMany({
            where: { code: { in: ministryCodes } },
            select: { code: true, name: true, nameEn: true },
          });
    return { signal, ministries };
  }

  function linkFor(
    recipient: Recipient,
    template: MailTemplate,
    signalId: string,
    expiresAt: Date,
  ): MailLink {
    switch (recipient.audience) {
      case 'ministry_contact':
      case 'ministry_escalation':
        return RESPONSE_LINK_TEMPLATES.has(template) && recipient.contactId
          ? {
              kind: 'response',
              url: responseUrl(config.publicBaseUrl, RESPONSE_TOKEN_PLACEHOLDER),
              expiresAt,
            }
          : { kind: 'none' };
      case 'coordinators':
      case 'lead':
        return { kind: 'dashboard', url: dashboardSignalUrl(config.publicBaseUrl, signalId) };
      case 'submitter':
        return { kind: 'api', url: apiSignalUrl(config.publicBaseUrl, signalId) };
    }
  }

  /**
   * Writes one outbox row per recipient (and a ResponseToken row per personal link) in one transaction, keyed by
   * `<businessKey>|<address>`; a retry writes nothing new. Returns the keys, oldest first.
   */
  async function enqueue(input: EnqueueInput): Promise<string[]> {
    const codes = [
      ...new Set([...(input.ministryCode ? [input.ministryCode] : []), ...(input.data?.ministryCodes ?? [])]),
    ];
    const { signal, ministries } = await loadContext(input.signalId, codes);
    const ministry = ministries.find((m) => m.code === input.ministryCode);
    const caseDeadlines = input.ministryCode
      ? await prisma.ministryCase.findFirst({
          where: { signalId: signal.id, ministry: { code: input.ministryCode } },
          select: { ackDueAt: true, replyDueAt: true },
        })
      : null;
    const now = deps.now();
    const expiresAt = new Date(now.getTime() + config.env.RESPONSE_LINK_VALID_DAYS * DAY_MS);

    const rows = input.recipients.map((recipient) => {
      const link = linkFor(recipient, input.template, signal.id, expiresAt);
      const mail = renderMail(
        signal.reference,
        composeMail(input.template, {
          reference: signal.reference,
          audience: recipient.audience,
          ...(caseDeadlines ? { caseDeadlines } : {}),
          ...(ministry ? { ministry } : {}),
          ministries: codes
            .map((code) => ministries.find((m) => m.code === code))
            .filter((m) => m !== undefined),
          data: input.data ?? {},
          link,
        }),
      );
      return {
        recipient,
        link,
        mail,
        businessKey: `${input.businessKey}|${recipient.address.toLowerCase()}`,
      };
    });

    await prisma.$transaction(async (tx) => {
      const tokens = rows.filter((row) => row.link.kind === 'response');
      if (tokens.length > 0) {
        await tx.responseToken.createMany({
          data: tokens.map((row) => ({
            tokenHash: undeliveredTokenHash(),
            signalId: signal.id,
            ministryCode: input.ministryCode!,
            contactId: row.recipient.contactId!,
            businessKey: row.businessKey,
            expiresAt,
          })),
          skipDuplicates: true,
        });
      }
      await tx.mailOutbox.createMany({
        data: rows.map((row) => ({
          businessKey: row.businessKey,
          signalId: signal.id,
          template: input.template,
          toAddress: row.recipient.address,
          subject: row.mail.subject,
          textBody: row.mail.text,
          htmlBody: row.mail.html,
          nextAttemptAt: now,
        })),
        skipDuplicates: true,
      });
    });
    return rows.map((row) => row.businessKey);
  }

  /** First delivery attempt right away; whatever fails stays pending for the dispatcher. Never throws for SMTP. */
  async function deliverNow(businessKeys: string[]): Promise<void> {
    const pending = await prisma.mailOutbox.findMany({
      where: { businessKey: { in: businessKeys }, status: 'pending' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    // The activity has a minute; a slow relay must not eat it. What is not tried in time waits for the dispatcher.
    const startedAt = Date.now();
    for (const row of pending) {
      if (Date.now() - startedAt > IMMEDIATE_DELIVERY_BUDGET_MS) break;
      await outbox.deliver(row.id);
    }
  }

  async function notify(input: NotifyInput): Promise<void> {
    const recipients = await resolveRecipients(
      prisma,
      { audiences: input.audiences, ...(input.ministryCode ? { ministryCode: input.ministryCode } : {}) },
      await submitterOf(input.signalId),
    );
    if (recipients.length === 0) {
      logger.warn(
        { template: input.template, signalId: input.signalId, audiences: input.audiences },
        'notification has no recipients',
      );
      return;
    }
    const keys = await enqueue({ ...input, recipients, data: input.data ?? {} });
    if (input.template === 'ministry_withdrawn' && input.ministryCode) {
      await revokeResponseLinks(
        prisma,
        { signalId: input.signalId, ministryCode: input.ministryCode },
        deps.now(),
      );
    }
    await deliverNow(keys);
  }

  async function submitterOf(signalId: string) {
    const signal = await prisma.signal.findUnique({
      where: { id: signalId },
      select: { submitterEmail: true, organisation: { select: { notifyEmail: true } } },
    });
    return {
      submitterEmail: signal?.submitterEmail ?? null,
      organisationNotifyEmail: signal?.organisation.notifyEmail ?? null,
    };
  }

  return { notify, enqueue, deliverNow };
}

export type Notifier = ReturnType<typeof createNotifier>;
export type { NotificationTemplate };
