import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import { hashResponseToken } from '../../shared/response-links/tokens';

/** The response links' rows in PostgreSQL: the look-up of a presented token, and revocation. */
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
