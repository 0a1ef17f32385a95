import crypto from 'node:crypto';
import type { Response } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import type { Environment } from '../../shared/config';
import { csrfField, csrfFieldMatches, newCsrfSecret } from '../http/csrf';

/**
 * Dashboard sessions: a random cookie value (256 bits) in an HttpOnly, SameSite=Strict cookie; the database keeps
 * only its SHA-256 (Session.id), so a leaked table opens no session. Each session has its own CSRF token that
 * every form posts back. A session ends at a fixed time after the login (absolute) or after a while without a page
 * view (idle), whichever comes first; a password reset or a disabled account deletes the user's sessions.
 */
export interface SessionLifetime {
  absoluteMs: number;
  idleMs: number;
}

export function sessionLifetime(
  env: Pick<Environment, 'DASHBOARD_SESSION_HOURS' | 'DASHBOARD_SESSION_IDLE_MINUTES'>,
): SessionLifetime {
  return {
    absoluteMs: env.DASHBOARD_SESSION_HOURS * 60 * 60 * 1000,
    idleMs: env.DASHBOARD_SESSION_IDLE_MINUTES * 60 * 1000,
  };
}

// lastUsedAt is written at most once a minute: a page view reads its session, it need not write it as well.
const LAST_USED_GRANULARITY_MS = 60_000;

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: 'coordinator' | 'lead' | 'admin';
}

export interface DashboardSession {
  id: string;
  /** The field every form of this session carries (api/http/csrf.ts), bound to the session. */
  csrfToken: string;
  /** Whether a posted form carries that field; the secret it is computed from stays in the session row. */
  acceptsForm: (given: unknown) => boolean;
  user: SessionUser;
}

const SESSION_FORM = 'dashboard-session';

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

export async function createSession(
  prisma: Pick<PrismaClient, 'session'>,
  userId: string,
  now: Date,
  lifetime: SessionLifetime,
  /** A sign-in through the identity provider: its ID token, for the provider's logout. */
  idToken?: string,
): Promise<{ cookieValue: string; expiresAt: Date }> {
  const cookieValue = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + lifetime.absoluteMs);
  await prisma.session.create({
    data: {
      id: sha256(cookieValue),
      userId,
      csrfToken: newCsrfSecret(),
      expiresAt,
      lastUsedAt: now,
      idToken: idToken ?? null,
    },
  });
  return { cookieValue, expiresAt };
}

/** Deletes a user's sessions that have ended, by either clock (cleaned up when the user logs in again). */
export async function deleteEndedSessions(
  prisma: PrismaClient,
  userId: string,
  now: Date,
  lifetime: SessionLifetime,
): Promise<void> {
  await prisma.session.deleteMany({
    where: {
      userId,
      OR: [{ expiresAt: { lte: now } }, { lastUsedAt: { lte: new Date(now.getTime() - lifetime.idleMs) } }],
    },
  });
}

/**
 * Logging out: the session row goes, so the cookie opens nothing even if it is kept. Returns the ID token of a
 * session from the identity provider, whose own session ends next (RP-initiated logout).
 */
export async function deleteSession(
  prisma: PrismaClient,
  sessionId: string,
): Promise<{ idToken: string | null }> {
  const rows = await prisma.$queryRaw<{ idToken: string | null }[]>`
    DELETE FROM "Session" WHERE "id" = ${sessionId} RETURNING "idToken"`;
  return { idToken: rows[0]?.idToken ?? null };
}

/**
 * The session behind the cookie, or null when there is none or it has ended. `use` says whether this request counts
 * as activity for the idle timeout (a page view does; the live view's background polling does not, or an open tab
 * would keep its session alive forever).
 */
export async function loadSession(
  prisma: PrismaClient,
  cookieValue: string | undefined,
  now: Date,
  lifetime: SessionLifetime,
  { use = true }: { use?: boolean } = {},
): Promise<DashboardSession | null> {
  if (!cookieValue || cookieValue.length > 200) return null;
  const session = await prisma.session.findUnique({
    where: { id: sha256(cookieValue) },
    include: { user: true },
  });
  if (!session) return null;
  const idleSince = now.getTime() - session.lastUsedAt.getTime();
  if (session.expiresAt <= now || idleSince >= lifetime.idleMs || session.user.disabledAt) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (use && idleSince >= LAST_USED_GRANULARITY_MS) {
    // Conditional: of several requests in the same minute (and processes), one writes.
    await prisma.session.updateMany({
      where: { id: session.id, lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_GRANULARITY_MS) } },
      data: { lastUsedAt: now },
    });
  }
  const { user } = session;
  return {
    id: session.id,
    csrfToken: csrfField(session.csrfToken, SESSION_FORM, session.id),
    acceptsForm: (given) => csrfFieldMatches(session.csrfToken, SESSION_FORM, session.id, given),
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
