import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';

/**
 * Capability tokens of the response links. A contact has one live link per case (signal and ministry): one
 * ResponseToken row, which every mail to them about that case carries (request, reminders, escalations, decisions),
 * until a reissue, a deactivation or the case's withdrawal revokes it.
 *
 * The token is derived, not drawn: base64url(HMAC-SHA256(secret, "response-link:v1:" + row id)), 256 bits that
 * nobody without the server secret can compute. PostgreSQL keeps only its SHA-256, so a database dump opens no
 * link, and the outbox row keeps a placeholder until the mail leaves (outbox.ts), so the plaintext exists only in
 * process memory and in the mail. Because any process with the secret derives the same token again, every
 * delivery attempt of every mail carries the same working link: a copy sent again after a crash (the relay had
 * already accepted the first) opens the case like the first copy, and no extra rows are needed.
 */
const TOKEN_CONTEXT = 'response-link:v1:';

/** Prefix of the placeholder hash of a link row from before derived tokens whose mail had not left yet. */
export const UNDELIVERED_HASH_PREFIX = 'undelivered:';

export function deriveResponseToken(secret: string, linkId: string): string {
  return crypto.createHmac('sha256', secret).update(`${TOKEN_CONTEXT}${linkId}`, 'utf8').digest('base64url');
}

export function hashResponseToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The stored hash of a link row: what lookupResponseToken finds when the derived token is presented. */
export function responseLinkHash(secret: string, linkId: string): string {
  return hashResponseToken(deriveResponseToken(secret, linkId));
}

export type TokenLookup =
  | { kind: 'valid'; token: ResponseTokenRow }
  | { kind: 'expired' | 'revoked'; token: ResponseTokenRow }
  | { kind: 'unknown' };

export interface ResponseTokenRow {
  id: string;
  signalId: string;
  ministryCode: string;
  contactId: string;
  /** Null while the case is open; set when it ends (activities/lifecycle/read-model.ts). */
  expiresAt: Date | null;
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
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return { kind: 'expired', token };
  return { kind: 'valid', token };
}

function constantTimeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** Revokes the live links of one ministry of a signal (optionally of one contact). Returns how many. */
export async function revokeResponseLinks(
  prisma: PrismaClient,
  scope: { signalId: string; ministryCode?: string; contactId?: string },
  now: Date,
): Promise<number> {
  const revoked = await prisma.responseToken.updateMany({
    where: {
      signalId: scope.signalId,
      ...(scope.ministryCode ? { ministryCode: scope.ministryCode } : {}),
      ...(scope.contactId ? { contactId: scope.contactId } : {}),
      revokedAt: null,
    },
    data: { revokedAt: now },
  });
  return revoked.count;
}
