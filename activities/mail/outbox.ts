import crypto from 'node:crypto';
import type { ResolvedMailDeps } from './deps';
import {
  generateResponseToken,
  hashResponseToken,
  resentLinkKey,
  UNDELIVERED_HASH_PREFIX,
  undeliveredTokenHash,
} from './tokens';
import { RESPONSE_TOKEN_PLACEHOLDER } from './urls';

/**
 * Delivery of MailOutbox rows. A row is written once per recipient and business key (unique), and leaves
 * "pending" only by being delivered ("sent") or given up ("failed"), so a retried activity or a second sender
 * never mails twice. SMTP itself cannot be exactly-once: if the process dies between the relay's "250 OK" and
 * the row's update, the row is sent again after its lease; both copies carry the same Message-ID, derived from
 * the business key, so mail clients and archives see one message (and whichever copy they keep, its response
 * link works: materialiseLink).
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

/** The bodies as sent, and the link row whose token they carry (null for a mail without a response link). */
interface Bodies {
  text: string;
  html: string;
  link: { id: string; extra: boolean } | null;
}

interface LinkRow {
  id: string;
  tokenHash: string;
  signalId: string;
  ministryCode: string;
  contactId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

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
   * lies in the database meanwhile. So the row holds a placeholder, and the token is drawn and put into the
   * message only now, in memory; its hash is stored *before* the message goes to the relay, so the link works the
   * moment the copy lands.
   *
   * A second attempt cannot tell whether the first copy arrived (a worker killed between the relay's 250 and
   * marking the row sent; a connection cut mid-message), and the first token exists only in that copy. So it does
   * not replace the first hash but adds a link row of its own for the same contact, ministry and signal: every
   * copy that reached a mailbox opens the case. (Deriving the token from a server secret and the row id would let
   * every attempt repeat one link, but needs a secret in the config that must never change or leak; an extra row
   * needs neither, and listing and revoking treat it as one more link.)
   */
  async function materialiseLink(row: ClaimedRow): Promise<Bodies | 'revoked'> {
    if (!row.textBody.includes(RESPONSE_TOKEN_PLACEHOLDER))
      return { text: row.textBody, html: row.htmlBody, link: null };
    const token = generateResponseToken();
    const tokenHash = hashResponseToken(token);
    const link = await prisma.$transaction(async (tx) => {
      // Locked so a concurrent revocation either comes first (seen here) or sees the extra row (tokens.ts).
      const [first] = await tx.$queryRaw<LinkRow[]>`
        SELECT "id", "tokenHash", "signalId", "ministryCode", "contactId", "expiresAt", "revokedAt"
          FROM "ResponseToken" WHERE "businessKey" = ${row.businessKey} FOR UPDATE`;
      if (!first || first.revokedAt) return null;
      if (first.tokenHash.startsWith(UNDELIVERED_HASH_PREFIX)) {
        await tx.responseToken.update({ where: { id: first.id }, data: { tokenHash } });
        return { id: first.id, extra: false };
      }
      const extra = await tx.responseToken.create({
        data: {
          tokenHash,
          signalId: first.signalId,
          ministryCode: first.ministryCode,
          contactId: first.contactId,
          expiresAt: first.expiresAt,
          businessKey: resentLinkKey(row.businessKey, row.attempts),
        },
        select: { id: true },
      });
      return { id: extra.id, extra: true };
    });
    if (!link) return 'revoked';
    return {
      text: row.textBody.split(RESPONSE_TOKEN_PLACEHOLDER).join(token),
      html: row.htmlBody.split(RESPONSE_TOKEN_PLACEHOLDER).join(token),
      link,
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
      if (bodies.link && relayRefused(error)) await forgetUndeliveredLink(bodies.link);
      return failed(row, error);
    }
  }

  /**
   * A link whose mail the relay refused is known to nobody: the first row goes back to a placeholder hash, an
   * extra row goes. After any other failure (timeout, connection cut mid-message) the copy may have arrived, so
   * its link stays valid.
   */
  async function forgetUndeliveredLink(link: { id: string; extra: boolean }): Promise<void> {
    if (link.extra) await prisma.responseToken.deleteMany({ where: { id: link.id } });
    else
      await prisma.responseToken.updateMany({
        where: { id: link.id },
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

/**
 * True only when the relay answered and said no (a reply code, or nodemailer refusing the envelope or message
 * before sending), or no connection was ever made: then the mail certainly did not arrive.
 */
function relayRefused(error: unknown): boolean {
  const { responseCode, code, originalCode } = error as {
    responseCode?: number;
    code?: string;
    originalCode?: string;
  };
  return (
    responseCode !== undefined ||
    code === 'EENVELOPE' ||
    code === 'EMESSAGE' ||
    code === 'EAUTH' ||
    originalCode === 'ECONNREFUSED' ||
    originalCode === 'ENOTFOUND'
  );
}

function truncate(message: string): string {
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

export type Outbox = ReturnType<typeof createOutbox>;
