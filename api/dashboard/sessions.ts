import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';

/**
 * Dashboard sessions: a random cookie value (256 bits) in an HttpOnly, SameSite=Strict cookie; the database keeps
 * only its SHA-256 (Session.id), so a leaked table opens no session. Each session has its own CSRF token that
 * every form posts back.
 */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: 'coordinator' | 'lead' | 'admin';
}

export interface DashboardSession {
  id: string;
  csrfToken: string;
  user: SessionUser;
}

export interface CookiePolicy {
  name: string;
  secure: boolean;
}

/** `__Host-` cookies must be Secure; over plain http (a laptop demo) the cookie goes without that prefix and flag. */
export function cookiePolicy(publicBaseUrl: string, production: boolean): CookiePolicy {
  const secure = production || publicBaseUrl.startsWith('https:');
  return { name: secure ? '__Host-signaalloket-session' : 'signaalloket-session', secure };
}

export const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

export async function createSession(
  prisma: PrismaClient,
  userId: string,
  now: Date,
): Promise<{ cookieValue: string; expiresAt: Date }> {
  const cookieValue = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await prisma.session.create({
    data: {
      id: sha256(cookieValue),
      userId,
      csrfToken: crypto.randomBytes(32).toString('base64url'),
      expiresAt,
    },
  });
  return { cookieValue, expiresAt };
}

export async function loadSession(
  prisma: PrismaClient,
  cookieValue: string | undefined,
  now: Date,
): Promise<DashboardSession | null> {
  if (!cookieValue || cookieValue.length > 200) return null;
  const session = await prisma.session.findUnique({
    where: { id: sha256(cookieValue) },
    include: { user: true },
  });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  const { user } = session;
  return {
    id: session.id,
    csrfToken: session.csrfToken,
    user: { id: user.id, name: user.name, email: user.email, role: user.role },
  };
}

export function setSessionCookie(res: Response, policy: CookiePolicy, value: string, expiresAt: Date): void {
  res.cookie(policy.name, value, {
    httpOnly: true,
    secure: policy.secure,
    sameSite: 'strict',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(res: Response, policy: CookiePolicy): void {
  res.clearCookie(policy.name, { httpOnly: true, secure: policy.secure, sameSite: 'strict', path: '/' });
}

export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}
