import crypto from 'node:crypto';
import type { ResolvedMailDeps } from './deps';
import { generateResponseToken, hashResponseToken, undeliveredTokenHash } from './tokens';
import { RESPONSE_TOKEN_PLACEHOLDER } from './urls';

/**
 * Delivery of MailOutbox rows. A row is written once per recipient and business key (unique), and leaves
 * "pending" only by being delivered ("sent") or given up ("failed"), so a retried activity or a second sender
 * never mails twice. SMTP itself cannot be exactly-once: if the process dies between the relay's "250 OK" and
 * the row's update, the row is sent again after its lease; both copies carry the same Message-ID, derived from
 * the business key, so mail clients and archives see one message.
 *
 * Order: a row is only claimed when no older row for the same signal and the same address is still pending, so
 * one recipient never gets a reminder before the request it refers to (also not after an SMTP outage).
 */
interface ClaimedRow {
  id: string;
  businessKey: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attempts: number;
}

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

export function createOutbox(deps: ResolvedMailDeps) {
  const { prisma, transport, config, logger, retry } = deps;
  const domain = /@([^>\s]+)>?\s*$/.exec(config.mailFrom)?.[1] ?? 'signaalloket.local';

  /** Takes a due row for one delivery attempt; null when it is not due, not pending, taken, or not next in line. */
  async function claim(id: string): Promise<ClaimedRow | null> {
    const now = deps.now();
    const leaseUntil = new Date(now.getTime() + retry.leaseMs);
    const rows = await prisma.$queryRaw<ClaimedRow[]>`
      UPDATE "MailOutbox" AS m
         SET "attempts" = m."attempts" + 1, "nextAttemptAt" = ${leaseUntil}
       WHERE m."id" = ${id}::uuid
         AND m."status" = 'pending'
         AND m."nextAttemptAt" <= ${now}
         AND NOT EXISTS (
               SELECT 1 FROM "MailOutbox" AS e
                WHERE e."status" = 'pending'
                  AND e."toAddress" = m."toAddress"
                  AND e."signalId" IS NOT DISTINCT FROM m."signalId"
                  AND (e."createdAt" < m."createdAt" OR (e."createdAt" = m."createdAt" AND e."id" < m."id")))
      RETURNING m."id", m."businessKey", m."toAddress", m."subject", m."textBody", m."htmlBody", m."attempts"`;
    return rows[0] ?? null;
  }

  /**
   * Why the token is made here: a pending row may wait hours for the relay to come back, and whatever it holds
   * lies in the database meanwhile. So the row holds a placeholder, and the token is drawn, hashed into its
   * ResponseToken row and put into the message only now, in memory. A second attempt draws a new token (the
   * previous one never left, or left in a copy that is superseded), so at most one link of a row works.
   */
  async function materialiseLink(row: ClaimedRow): Promise<{ text: string; html: string } | 'revoked'> {
    if (!row.textBody.includes(RESPONSE_TOKEN_PLACEHOLDER)) return { text: row.textBody, html: row.htmlBody };
    const token = generateResponseToken();
    const updated = await prisma.responseToken.updateMany({
      where: { businessKey: row.businessKey, revokedAt: null },
      data: { tokenHash: hashResponseToken(token) },
    });
    if (updated.count === 0) return 'revoked';
    return {
      text: row.textBody.split(RESPONSE_TOKEN_PLACEHOLDER).join(token),
      html: row.htmlBody.split(RESPONSE_TOKEN_PLACEHOLDER).join(token),
    };
  }

  async function deliver(id: string): Promise<DeliveryOutcome> {
    const row = await claim(id);
    if (!row) return 'skipped';
    const bodies = await materialiseLink(row);
    if (bodies === 'revoked') {
      await finish(row.id, {
        status: 'failed',
        lastError: 'the response link was revoked before the mail left',
      });
      logger.info({ outboxId: row.id }, 'mail dropped: its response link was revoked before delivery');
      return 'failed';
    }
    try {
      const info = (await transport.sendMail({
        from: config.mailFrom,
        to: row.toAddress,
        subject: row.subject,
        text: bodies.text,
        html: bodies.html,
        messageId: `<${crypto.createHash('sha256').update(row.businessKey).digest('hex').slice(0, 40)}@${domain}>`,
        headers: {
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
          'Content-Language': 'nl, en',
        },
      })) as { messageId?: string };
      await finish(row.id, {
        status: 'sent',
        sentAt: deps.now(),
        messageId: info.messageId ?? null,
        lastError: null,
      });
      logger.info({ outboxId: row.id, attempts: row.attempts }, 'mail delivered');
      return 'sent';
    } catch (error) {
      if (bodies.text !== row.textBody) await forgetUndeliveredToken(row.businessKey);
      return failed(row, error);
    }
  }

  /** The token of a mail that did not leave is known to nobody; the row goes back to a placeholder hash. */
  async function forgetUndeliveredToken(businessKey: string): Promise<void> {
    await prisma.responseToken.updateMany({
      where: { businessKey },
      data: { tokenHash: undeliveredTokenHash() },
    });
  }

  async function failed(row: ClaimedRow, error: unknown): Promise<DeliveryOutcome> {
    const code = (error as { responseCode?: number }).responseCode;
    const message = error instanceof Error ? error.message : String(error);
    const permanent =
      (code !== undefined && code >= 500 && code < 600) || (error as { code?: string }).code === 'EENVELOPE';
    if (permanent || row.attempts >= retry.maxAttempts) {
      await finish(row.id, { status: 'failed', lastError: truncate(message) });
      logger.error({ outboxId: row.id, attempts: row.attempts, code }, 'mail given up');
      return 'failed';
    }
    const delay = backoff(row.attempts);
    await finish(row.id, {
      nextAttemptAt: new Date(deps.now().getTime() + delay),
      lastError: truncate(message),
    });
    logger.warn(
      { outboxId: row.id, attempts: row.attempts, code, retryInMs: delay },
      'mail not delivered; will retry',
    );
    return 'retry';
  }

  function backoff(attempts: number): number {
    const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(exponential * (0.8 + Math.random() * 0.4));
  }

  async function finish(
    id: string,
    data: {
      status?: 'sent' | 'failed';
      sentAt?: Date;
      messageId?: string | null;
      lastError?: string | null;
      nextAttemptAt?: Date;
    },
  ): Promise<void> {
    await prisma.mailOutbox.updateMany({ where: { id, status: 'pending' }, data });
  }

  return { deliver };
}

function truncate(message: string): string {
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

export type Outbox = ReturnType<typeof createOutbox>;
