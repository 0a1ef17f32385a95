import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { currentSubmitters } from '../../prisma/signal-submitters';
import type { NotificationTemplate, NotifyInput } from '../../shared/notifications';
import type { ResolvedMailDeps } from './deps';
import type { Outbox } from './outbox';
import { resolveRecipients, type Recipient } from './recipients';
import { composeMail, renderMail, type MailLink, type MailTemplate, type MinistryNames } from './templates';
import { revokeResponseLinks } from '../response-links/token-store';
import { LOKET_ORGANISATION } from '../processing-log/record';
import { responseLinkHash } from '../../shared/response-links/tokens';
import {
  apiSignalUrl,
  dashboardSignalUrl,
  RESPONSE_TOKEN_PLACEHOLDER,
  responseUrl,
} from '../../shared/response-links/urls';

/** Mails to a ministry in which the contact can still act, so they carry a personal response link. */
const RESPONSE_LINK_TEMPLATES: ReadonlySet<MailTemplate> = new Set<MailTemplate>([
  'ministry_request',
  'ack_reminder',
  'ack_escalation',
  'reply_reminder',
  'reply_escalation',
  'extension_decided',
  'deadline_extended',
  'clock_suspended',
  'clock_resumed',
  'suspension_decided',
  'follow_up_request',
  'follow_up_reminder',
  'response_link_reissued',
]);

const DAY_MS = 24 * 60 * 60 * 1000;
const ENDED_CASE_STATUSES: ReadonlySet<string> = new Set(['replied', 'cancelled']);
const IMMEDIATE_DELIVERY_BUDGET_MS = 20_000;

export interface EnqueueInput {
  businessKey: string;
  signalId: string;
  ministryCode?: string;
  template: MailTemplate;
  recipients: Recipient[];
  data: NotifyInput['data'];
}

type Transaction = Parameters<Parameters<ResolvedMailDeps['prisma']['$transaction']>[0]>[0];

interface LinkScope {
  signalId: string;
  ministryCode: string;
  contactId: string;
  /** The key of the mail that needs the link; it names the row if this mail creates it. */
  businessKey: string;
  /** Null while the case is open (the usual case); set if the case has ended already. */
  expiresAt: Date | null;
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

  function linkFor(recipient: Recipient, template: MailTemplate, signalId: string): MailLink {
    switch (recipient.audience) {
      case 'ministry_contact':
      case 'ministry_escalation':
        return RESPONSE_LINK_TEMPLATES.has(template) && recipient.contactId
          ? {
              kind: 'response',
              url: responseUrl(config.publicBaseUrl, RESPONSE_TOKEN_PLACEHOLDER),
              validDaysAfterEnd: config.env.RESPONSE_LINK_VALID_DAYS,
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
   * The contact's one live link for the case, made if there is none. The partial unique index on live rows makes
   * a concurrent mail's insert a no-op (it waits for ours, then reads the same row), so two mails never mint two.
   */
  async function liveLink(tx: Transaction, scope: LinkScope): Promise<string> {
    const id = crypto.randomUUID();
    const startTime = deps.now();
    const made = await tx.responseToken.createMany({
      data: [
        {
          id,
          tokenHash: responseLinkHash(config.responseLinkSecret, id),
          signalId: scope.signalId,
          ministryCode: scope.ministryCode,
          contactId: scope.contactId,
          businessKey: scope.businessKey,
          expiresAt: scope.expiresAt,
        },
      ],
      skipDuplicates: true,
    });
    if (made.count === 1) {
      await deps.processingLog.record(tx, {
        name: 'issue response link to ministry contact',
        activity: 'contact-notification',
        subject: { kind: 'contact', id: scope.contactId },
        actorOrganisation: LOKET_ORGANISATION,
        startTime,
      });
    }
    const live = await tx.responseToken.findFirst({
      where: {
        signalId: scope.signalId,
        ministryCode: scope.ministryCode,
        contactId: scope.contactId,
        revokedAt: null,
        legacy: false,
      },
      select: { id: true },
    });
    // Only if the row just made under this key was revoked before we could read it: the activity's retry
    // makes a new one.
    if (!live) throw new Error(`no live response link for mail ${scope.businessKey}; retry`);
    return live.id;
  }

  /**
   * Writes one outbox row per recipient in one transaction, keyed by `<businessKey>|<address>`, each mail to a
   * ministry contact bound to the contact's live link for the case (made by the first such mail); a retry writes
   * nothing new. Returns the keys, oldest first.
   */
  async function enqueue(input: EnqueueInput): Promise<string[]> {
    const codes = [
      ...new Set([...(input.ministryCode ? [input.ministryCode] : []), ...(input.data?.ministryCodes ?? [])]),
    ];
    const { signal, ministries } = await loadContext(input.signalId, codes);
    const ministry = ministries.find((m) => m.code === input.ministryCode);
    const ministryCase = input.ministryCode
      ? await prisma.ministryCase.findFirst({
          where: { signalId: signal.id, ministry: { code: input.ministryCode } },
          select: {
            ackDueAt: true,
            replyDueAt: true,
            status: true,
            repliedAt: true,
            followUpDueAt: true,
            followUpReportedAt: true,
          },
        })
      : null;
    const caseDeadlines = ministryCase
      ? { ackDueAt: ministryCase.ackDueAt, replyDueAt: ministryCase.replyDueAt }
      : null;
    const now = deps.now();
    // A link made for a case that has ended already expires like the others of that case (read-model.ts).
    // A follow-up that waits for its report keeps the case open for the link.
    const followUpOpen = ministryCase?.followUpDueAt != null && ministryCase.followUpReportedAt === null;
    const linkExpiresAt =
      ministryCase && ENDED_CASE_STATUSES.has(ministryCase.status) && !followUpOpen
        ? new Date((ministryCase.repliedAt ?? now).getTime() + config.env.RESPONSE_LINK_VALID_DAYS * DAY_MS)
        : null;

    const rows = input.recipients.map((recipient) => {
      const link = linkFor(recipient, input.template, signal.id);
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
      const written = new Set(
        (
          await tx.mailOutbox.findMany({
            where: { businessKey: { in: rows.map((row) => row.businessKey) } },
            select: { businessKey: true },
          })
        ).map((row) => row.businessKey),
      );
      const linkOf = new Map<string, string>();
      for (const row of rows) {
        if (!row.recipient.contactId || written.has(row.businessKey)) continue;
        await deps.processingLog.record(tx, {
          name: `compose mail to ministry contact (${input.template})`,
          activity: 'contact-notification',
          subject: { kind: 'contact', id: row.recipient.contactId },
          actorOrganisation: LOKET_ORGANISATION,
          startTime: now,
        });
      }
      for (const row of rows) {
        if (row.link.kind !== 'response' || written.has(row.businessKey)) continue;
        linkOf.set(
          row.businessKey,
          await liveLink(tx, {
            signalId: signal.id,
            ministryCode: input.ministryCode!,
            contactId: row.recipient.contactId!,
            businessKey: row.businessKey,
            expiresAt: linkExpiresAt,
          }),
        );
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
          responseLinkId: linkOf.get(row.businessKey) ?? null,
          contactId: row.recipient.contactId ?? null,
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
      await currentSubmitters(prisma, input.signalId),
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

  return { notify, enqueue, deliverNow };
}

export type Notifier = ReturnType<typeof createNotifier>;
export type { NotificationTemplate };
