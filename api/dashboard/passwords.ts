import { hash, verify, type Algorithm } from '@node-rs/argon2';

/**
 * Password hashing for people who log in to the dashboard: argon2id (memory-hard), with OWASP's recommended
 * minimum of 19 MiB, 2 passes, 1 lane. `Algorithm` is a const enum in the package's types, which isolated
 * transpilers cannot inline, hence the literal.
 */
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A fixed hash to verify against when the account does not exist, so response time does not reveal accounts. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(
  passwordHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hashPassword('no account has this password');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
