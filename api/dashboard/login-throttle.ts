import type { PrismaClient } from '../../generated/prisma/client';

/**
 * Failed dashboard logins slow guessing down, but never lock the account: after FREE_FAILED_LOGINS consecutive
 * failures, the next attempt on the account is checked only after a delay that doubles with every further failure,
 * up to MAX_LOGIN_DELAY_MS. An attempt inside the delay is refused without looking at the password and does not
 * count, so someone who knows no more than the e-mail address can hold the owner up by at most the cap after each
 * attempt of their own, and the right password after the delay gets in.
 *
 * The attempt is claimed before its password is checked, in one conditional UPDATE … RETURNING that counts it as a
 * failure in advance (a success resets the count): of any number of parallel attempts, only those the count allows
 * reach the password check; there is no read-then-write window to slip through.
 */
export const FREE_FAILED_LOGINS = 5;
export const FIRST_LOGIN_DELAY_MS = 1_000;
export const MAX_LOGIN_DELAY_MS = 5 * 60 * 1000;
// 2^19 s is far past the cap; the bound only keeps power() finite whatever the count grows to.
const MAX_DOUBLINGS = 19;

export interface ClaimedLoginAttempt {
  passwordHash: string | null;
  /** Consecutive failures including this attempt, should its password be wrong. */
  failedLogins: number;
}

/** The attempt may go ahead (the user's password hash), or null: disabled, or inside the login delay. */
export async function claimLoginAttempt(
  prisma: PrismaClient,
  userId: string,
  now: Date,
): Promise<ClaimedLoginAttempt | null> {
  const rows = await prisma.$queryRaw<ClaimedLoginAttempt[]>`
    UPDATE "User"
       SET "failedLogins" = "failedLogins" + 1,
           "loginDelayedUntil" = CASE
             WHEN "failedLogins" + 1 < ${FREE_FAILED_LOGINS} THEN NULL
             ELSE ${now}::timestamptz + interval '1 millisecond' * LEAST(
               ${MAX_LOGIN_DELAY_MS}::float8,
               ${FIRST_LOGIN_DELAY_MS}::float8
                 * power(2, LEAST("failedLogins" + 1 - ${FREE_FAILED_LOGINS}, ${MAX_DOUBLINGS})))
           END
     WHERE "id" = ${userId}::uuid
       AND "disabledAt" IS NULL
       AND ("loginDelayedUntil" IS NULL OR "loginDelayedUntil" <= ${now}::timestamptz)
    RETURNING "passwordHash", "failedLogins"`;
  return rows[0] ?? null;
}

/** The right password: the count starts again. */
/** The account an email address logs in to, whatever the case the user typed it in. */
export function findUserByEmail(prisma: PrismaClient, email: string) {
  return prisma.user.findFirst({ where: { email: { equals: email, mode: 'insensitive' } } });
}

export async function loginSucceeded(prisma: PrismaClient, userId: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { failedLogins: 0, loginDelayedUntil: null } });
}

const seconds = (ms: number) => ms / 1000;

/** What the login page says after any failed attempt (the same text whether or not the account exists). */
export const LOGIN_FAILED_DUTCH =
  `Inloggen is niet gelukt: de combinatie van e-mailadres en wachtwoord is onjuist, of er is kort tevoren te vaak ` +
  `een verkeerd wachtwoord geprobeerd. Na ${FREE_FAILED_LOGINS} mislukte pogingen wordt een volgende poging pas ` +
  `na een wachttijd bekeken: eerst ${seconds(FIRST_LOGIN_DELAY_MS)} seconde, daarna na elke mislukte poging twee ` +
  `keer zo lang, tot hooguit ${seconds(MAX_LOGIN_DELAY_MS) / 60} minuten. Een poging binnen de wachttijd telt niet ` +
  `mee. Het account wordt niet geblokkeerd: wacht even en probeer het opnieuw.`;
