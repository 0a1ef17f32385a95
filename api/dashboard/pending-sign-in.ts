import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import { sha256 } from './sessions';

/**
 * Between the right password and the TOTP code of an account that has one: a random cookie value whose SHA-256
 * names a PendingSignIn row (user, landing page, five minutes). It opens no page; it only lets the code form say
 * whose code it checks. Used once: the right code deletes it.
 */
export const PENDING_SIGN_IN_MS = 5 * 60 * 1000;

export async function createPendingSignIn(
  prisma: PrismaClient,
  userId: string,
  next: string,
  now: Date,
): Promise<{ cookieValue: string; expiresAt: Date }> {
  const cookieValue = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MS);
  // One pending sign-in per account: a new password step replaces any earlier one.
  await prisma.$transaction([
    prisma.pendingSignIn.deleteMany({ where: { userId } }),
    prisma.pendingSignIn.create({ data: { id: sha256(cookieValue), userId, next, expiresAt } }),
  ]);
  return { cookieValue, expiresAt };
}

export async function loadPendingSignIn(prisma: PrismaClient, cookieValue: string | undefined, now: Date) {
  if (!cookieValue || cookieValue.length > 200) return null;
  const pending = await prisma.pendingSignIn.findUnique({
    where: { id: sha256(cookieValue) },
    include: { user: true },
  });
  if (!pending) return null;
  if (pending.expiresAt <= now || pending.user.disabledAt || !pending.user.totpSecret) {
    await prisma.pendingSignIn.deleteMany({ where: { id: pending.id } });
    return null;
  }
  return pending;
}

export async function deletePendingSignIn(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.pendingSignIn.deleteMany({ where: { id } });
}

/** A code counts once: only a time step later than the last one that signed in (RFC 6238, section 5.2). */
export async function claimTotpStep(prisma: PrismaClient, userId: string, step: number): Promise<boolean> {
  const claimed = await prisma.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return claimed.count === 1;
}
