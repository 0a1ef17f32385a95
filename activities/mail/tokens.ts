import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';

/**
 * Capability tokens of the response links. A token is 256 bits from the CSPRNG, written base64url (43 characters)
 * into the link and nowhere else: PostgreSQL keeps only its SHA-256, so a database dump opens no link.
 *
 * The token is created when its mail is *delivered*, not when the outbox row is written (see outbox.ts): until
 * then the ResponseToken row holds an unusable placeholder hash, and the outbox row holds a placeholder in place
 * of the link. The plaintext exists only in the process memory and in the mail on its way to the contact.
 *
 * A mail whose delivery attempt may have reached the mailbox (a worker killed after the relay's 250, a connection
 * cut mid-message) and is then sent again carries a second token in a row of its own (resentLinkKey): the first
 * copy's link keeps working, since nobody can tell whether it arrived.
 */
export const RESPONSE_TOKEN_BYTES = 32;

/** Prefix of the placeholder hash of a link whose mail was not delivered yet; never a valid SHA-256 hex digest. */
export const UNDELIVERED_HASH_PREFIX = 'undelivered:';

export function generateResponseToken(): string {
  return crypto.randomBytes(RESPONSE_TOKEN_BYTES).toString('base64url');
}

export function hashResponseToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

export function undeliveredTokenHash(): string {
  return `${UNDELIVERED_HASH_PREFIX}${crypto.randomUUID()}`;
}

/**
 * The business key of the extra link row a resent mail carries: the outbox row's key (which the first link row
 * shares) plus the delivery attempt, unique per attempt because claiming a row counts its attempts atomically.
 */
export function resentLinkKey(outboxKey: string, attempt: number): string {
  return `${outboxKey}${RESENT_LINK_SEPARATOR}${attempt}`;
}

/** The outbox row a link row belongs to (the same key, or the key of a resent copy's link). */
export function outboxKeyOfLink(linkKey: string): string {
  const at = linkKey.lastIndexOf(RESENT_LINK_SEPARATOR);
  return at === -1 ? linkKey : linkKey.slice(0, at);
}

// Outbox keys end in `|<lowercased address>`; an address cannot contain this unquoted.
const RESENT_LINK_SEPARATOR = '#resent-attempt:';

export type TokenLookup =
  | { kind: 'valid'; token: ResponseTokenRow }
  | { kind: 'expired' | 'revoked'; token: ResponseTokenRow }
  | { kind: 'unknown' };

export interface ResponseTokenRow {
  id: string;
  signalId: string;
  ministryCode: string;
  contactId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  firstOpenedAt: Date | null;
}

/**
 * Resolves a token from a URL. Every input (well-formed or not, truncated, forged, expired) costs the same: one
 * SHA-256 and one lookup on the unique hash index (with the contact, whose deactivation revokes the link), so response times do not tell "unknown" from "expired". The
 * stored digest is compared again in constant time, so nothing depends on how the database compared strings.
 */
export async function lookupResponseToken(
  prisma: PrismaClient,
  presented: string,
  now: Date,
): Promise<TokenLookup> {
  const digest = hashResponseToken(presented);
  const row = await prisma.responseToken.findUnique({
    where: { tokenHash: digest },
    select: {
      id: true,
      tokenHash: true,
      signalId: true,
      ministryCode: true,
      contactId: true,
      expiresAt: true,
      revokedAt: true,
      firstOpenedAt: true,
      contact: { select: { active: true } },
    },
  });
  if (!row || !constantTimeEqualHex(row.tokenHash, digest)) return { kind: 'unknown' };
  const { tokenHash: _stored, contact, ...token } = row;
  // A deactivated contact left the ministry: their links stop at once, whether or not a revocation reached them.
  if (token.revokedAt || !contact.active) return { kind: 'revoked', token };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'expired', token };
  return { kind: 'valid', token };
}

function constantTimeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/**
 * Revokes the live links of one ministry of a signal (optionally of one contact). Returns how many.
 *
 * Two statements, because a resent mail's extra link row (outbox.ts) is inserted while its first row is locked:
 * a revocation whose statement began before that insert committed waits for the lock but cannot see the new row;
 * the second statement, with a fresh snapshot, does.
 */
export async function revokeResponseLinks(
  prisma: PrismaClient,
  scope: { signalId: string; ministryCode?: string; contactId?: string },
  now: Date,
): Promise<number> {
  const where = {
    signalId: scope.signalId,
    ...(scope.ministryCode ? { ministryCode: scope.ministryCode } : {}),
    ...(scope.contactId ? { contactId: scope.contactId } : {}),
    revokedAt: null,
  };
  const first = await prisma.responseToken.updateMany({ where, data: { revokedAt: now } });
  const late = await prisma.responseToken.updateMany({ where, data: { revokedAt: now } });
  return first.count + late.count;
}
