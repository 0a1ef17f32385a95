import type { Request, Response } from 'express';
import { z } from 'zod';
import { readCookie } from '../../http/cookies';
import type { SignInTransaction } from './relying-party';

/**
 * The state, nonce, PKCE verifier and landing page of a sign-in in progress, kept in the browser that started it:
 * a callback is accepted only from that browser, with those values (login CSRF and code injection fail there).
 * HttpOnly, and SameSite=Lax rather than Strict because the provider sends the browser back with a cross-site
 * navigation, which must carry it. It lives ten minutes and is cleared at the callback, whatever its outcome.
 */
export interface TransactionCookie {
  name: string;
  secure: boolean;
}

const MAX_AGE_MS = 10 * 60 * 1000;

const transactionSchema = z.object({
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  codeVerifier: z.string().min(43).max(128),
  next: z.string().startsWith('/').max(2000),
});

const options = (cookie: TransactionCookie) => ({
  httpOnly: true,
  secure: cookie.secure,
  sameSite: 'lax' as const,
  path: '/',
});

export function setTransactionCookie(
  res: Response,
  cookie: TransactionCookie,
  transaction: SignInTransaction,
) {
  const value = Buffer.from(JSON.stringify(transaction)).toString('base64url');
  res.cookie(cookie.name, value, { ...options(cookie), maxAge: MAX_AGE_MS });
}

/** The transaction this browser started, or undefined (none, expired, or not of our making). */
export function readTransactionCookie(
  req: Request,
  cookie: TransactionCookie,
): SignInTransaction | undefined {
  const value = readCookie(req, cookie.name);
  if (!value || value.length > 4000) return undefined;
  try {
    const parsed = transactionSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function clearTransactionCookie(res: Response, cookie: TransactionCookie) {
  res.clearCookie(cookie.name, options(cookie));
}
