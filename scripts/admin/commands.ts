import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import { generateApiKey } from '../../api/auth/api-keys';
import { hashPassword } from '../../api/dashboard/passwords';
import { encryptTotpSecret, newTotpSecret, otpauthUri } from '../../api/auth/totp';
import { LOKET_ORGANISATION, type ProcessingLog } from '../../activities/processing-log/record';
import type { ProcessingActivity } from '../../shared/processing-register';

/**
 * What the admin CLI does, as plain functions over Prisma (the CLI parses arguments and prints; tests call these).
 * Every failure a person can cause is an AdminError with a sentence that says what to do.
 */
export class AdminError extends Error {
  override name = 'AdminError';
}

const ORGANISATION_KINDS = ['riec', 'liec', 'other'] as const;
const USER_ROLES = ['coordinator', 'lead', 'admin'] as const;
const CONTACT_ROLES = ['contact', 'escalation'] as const;
const CODE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new AdminError(`${what} must be one of: ${allowed.join(', ')}`);
  return value as T;
}

function email(value: string): string {
  if (!EMAIL.test(value)) throw new AdminError(`not an e-mail address: ${value}`);
  return value.toLowerCase();
}

function code(value: string, what: string): string {
  if (!CODE.test(value))
    throw new AdminError(`${what} code must be letters, digits and dashes (e.g. RIEC-NH): ${value}`);
  return value;
}

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Each command below that adds, changes or removes a contact's or user's data is a processing of it: the command's
 * transaction writes its processing-log record (on behalf of the loket, whose operator runs the CLI).
 */
function logged(
  log: ProcessingLog,
  tx: Transaction,
  name: string,
  activity: ProcessingActivity,
  subject: { kind: 'contact' | 'user'; id: string },
  startTime: Date,
): Promise<void> {
  return log.record(tx, { name, activity, subject, actorOrganisation: LOKET_ORGANISATION, startTime });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'P2002';
}

export async function createOrganisation(
  prisma: PrismaClient,
  input: { code: string; name: string; kind?: string; email?: string },
) {
  try {
    return await prisma.organisation.create({
      data: {
        code: code(input.code, 'organisation'),
        name: input.name,
        kind: oneOf(input.kind ?? 'riec', ORGANISATION_KINDS, '--kind'),
        notifyEmail: input.email ? email(input.email) : null,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AdminError(`an organisation with code ${input.code} already exists`);
    throw error;
  }
}

export async function createMinistry(
  prisma: PrismaClient,
  input: { code: string; name: string; nameEn?: string },
) {
  try {
    return await prisma.ministry.create({
      data: { code: code(input.code, 'ministry'), name: input.name, nameEn: input.nameEn ?? input.name },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AdminError(`a ministry with code ${input.code} already exists`);
    throw error;
  }
}

async function ministryByCode(prisma: PrismaClient, ministryCode: string) {
  const ministry = await prisma.ministry.findFirst({
    where: { code: { equals: ministryCode, mode: 'insensitive' } },
  });
  if (!ministry) throw new AdminError(`no ministry with code ${ministryCode} (see: ministry list)`);
  return ministry;
}

export async function addContact(
  prisma: PrismaClient,
  input: { ministry: string; name: string; email: string; role?: string },
  log: ProcessingLog,
) {
  const startTime = new Date();
  const ministry = await ministryByCode(prisma, input.ministry);
  const role = oneOf(input.role ?? 'contact', CONTACT_ROLES, '--role');
  const address = email(input.email);
  return prisma.$transaction(async (tx) => {
    const contact = await tx.ministryContact.upsert({
      where: { ministryId_email_role: { ministryId: ministry.id, email: address, role } },
      create: { ministryId: ministry.id, name: input.name, email: address, role },
      update: { name: input.name, active: true },
    });
    await logged(
      log,
      tx,
      'add or update ministry contact',
      'contact-administration',
      { kind: 'contact', id: contact.id },
      startTime,
    );
    return contact;
  });
}

/**
 * A contact who left the ministry: deactivated, and every live response link of theirs revoked in the same
 * transaction, so the next request on any of their links is refused (the lookup also refuses an inactive
 * contact's link, whatever its row says). Returns how many contacts and links.
 */
export async function deactivateContact(
  prisma: PrismaClient,
  input: { ministry: string; email: string },
  log: ProcessingLog,
  now = new Date(),
) {
  const ministry = await ministryByCode(prisma, input.ministry);
  const where = { ministryId: ministry.id, email: email(input.email) };
  const [contacts, links] = await prisma.$transaction(async (tx) => {
    const named = await tx.ministryContact.findMany({ where, select: { id: true } });
    const deactivated = await tx.ministryContact.updateMany({ where, data: { active: false } });
    const revoked = await tx.responseToken.updateMany({
      where: { contact: where, revokedAt: null },
      data: { revokedAt: now },
    });
    for (const contact of named) {
      await logged(
        log,
        tx,
        'deactivate ministry contact',
        'contact-administration',
        { kind: 'contact', id: contact.id },
        now,
      );
    }
    return [deactivated, revoked] as const;
  });
  if (contacts.count === 0) throw new AdminError(`${input.email} is not a contact of ${ministry.code}`);
  return { contacts: contacts.count, revokedLinks: links.count };
}

export async function createUser(
  prisma: PrismaClient,
  input: { email: string; name: string; role: string },
  log: ProcessingLog,
) {
  const startTime = new Date();
  const data = { email: email(input.email), name: input.name, role: oneOf(input.role, USER_ROLES, '--role') };
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data });
      await logged(log, tx, 'create user', 'user-administration', { kind: 'user', id: user.id }, startTime);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AdminError(`a user with e-mail ${input.email} already exists`);
    throw error;
  }
}

/**
 * A new random dashboard password, printed once by the CLI; only its hash is stored. The user's sessions end with
 * the old password (whoever knew it may be logged in), in the same transaction.
 */
export async function resetPassword(prisma: PrismaClient, input: { email: string }, log: ProcessingLog) {
  const startTime = new Date();
  const user = await prisma.user.findUnique({ where: { email: email(input.email) } });
  if (!user) throw new AdminError(`no user with e-mail ${input.email}`);
  const password = crypto.randomBytes(15).toString('base64url');
  const passwordHash = await hashPassword(password);
  const ended = await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, failedLogins: 0, loginDelayedUntil: null },
    });
    const sessions = await tx.session.deleteMany({ where: { userId: user.id } });
    await logged(
      log,
      tx,
      'replace dashboard password',
      'user-administration',
      { kind: 'user', id: user.id },
      startTime,
    );
    return sessions;
  });
  return { user, password, endedSessions: ended.count };
}

export async function disableUser(
  prisma: PrismaClient,
  input: { email: string },
  log: ProcessingLog,
  now = new Date(),
) {
  const user = await prisma.user.findUnique({ where: { email: email(input.email) } });
  if (!user) throw new AdminError(`no user with e-mail ${input.email}`);
  const ended = await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { disabledAt: now } });
    const sessions = await tx.session.deleteMany({ where: { userId: user.id } });
    await logged(log, tx, 'disable user', 'user-administration', { kind: 'user', id: user.id }, now);
    return sessions;
  });
  return { user, endedSessions: ended.count };
}

/**
 * TOTP for a local account: a new secret, stored sealed with TOTP_ENCRYPTION_KEY (the API needs the same key),
 * returned once as an otpauth URI for an authenticator app. From now on the dashboard asks this account for a
 * code after its password; a second enrolment replaces the secret (the old app stops working).
 */
export async function enrolTotp(
  prisma: PrismaClient,
  input: { email: string },
  log: ProcessingLog,
  encryptionKey?: string,
) {
  const startTime = new Date();
  if (!encryptionKey)
    throw new AdminError(
      'TOTP needs TOTP_ENCRYPTION_KEY: at least 32 random bytes (e.g. `openssl rand -base64 32`), the same as the API has',
    );
  const user = await prisma.user.findUnique({ where: { email: email(input.email) } });
  if (!user) throw new AdminError(`no user with e-mail ${input.email}`);
  const secret = newTotpSecret();
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { totpSecret: encryptTotpSecret(secret, encryptionKey, user.id), totpLastStep: null },
    });
    await tx.pendingSignIn.deleteMany({ where: { userId: user.id } });
    await logged(log, tx, 'enrol TOTP', 'user-administration', { kind: 'user', id: user.id }, startTime);
  });
  return { user, uri: otpauthUri(secret, user.email) };
}

/** Back to the password alone (a lost phone): the secret is gone; a new enrolment makes a new one. */
export async function removeTotp(prisma: PrismaClient, input: { email: string }, log: ProcessingLog) {
  const startTime = new Date();
  const user = await prisma.user.findUnique({ where: { email: email(input.email) } });
  if (!user) throw new AdminError(`no user with e-mail ${input.email}`);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpSecret: null, totpLastStep: null } });
    await tx.pendingSignIn.deleteMany({ where: { userId: user.id } });
    await logged(log, tx, 'remove TOTP', 'user-administration', { kind: 'user', id: user.id }, startTime);
  });
  return { user, hadTotp: user.totpSecret !== null };
}

export interface CreateKeyInput {
  /** Organisation code (a submitter key) … */
  org?: string;
  /** … or a user's e-mail (a coordinator, lead or admin key). */
  user?: string;
  label?: string;
  /** Expiry as YYYY-MM-DD (end of that day, UTC) or a number of days from now. */
  expires?: string;
}

function expiryOf(value: string | undefined, now: Date): Date | null {
  if (value === undefined) return null;
  if (/^\d+$/.test(value)) return new Date(now.getTime() + Number(value) * 24 * 60 * 60 * 1000);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T23:59:59Z`))) {
    const at = new Date(`${value}T23:59:59Z`);
    if (at <= now) throw new AdminError(`--expires ${value} is in the past`);
    return at;
  }
  throw new AdminError('--expires takes a date (YYYY-MM-DD) or a number of days');
}

/** Returns the full key exactly once; only the prefix and the SHA-256 of the secret are stored. */
export async function createKey(prisma: PrismaClient, input: CreateKeyInput, now = new Date()) {
  if ((input.org === undefined) === (input.user === undefined)) {
    throw new AdminError('give exactly one of --org <code> (submitter key) or --user <email> (personal key)');
  }
  const owner = input.org
    ? await prisma.organisation.findFirst({ where: { code: { equals: input.org, mode: 'insensitive' } } })
    : await prisma.user.findUnique({ where: { email: email(input.user!) } });
  if (!owner)
    throw new AdminError(
      input.org ? `no organisation with code ${input.org}` : `no user with e-mail ${input.user}`,
    );
  const generated = generateApiKey();
  const ownerName = 'code' in owner ? owner.code : owner.email;
  const row = await prisma.apiKey.create({
    data: {
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      label: input.label ?? `${ownerName} ${now.toISOString().slice(0, 10)}`,
      expiresAt: expiryOf(input.expires, now),
      ...(input.org ? { organisationId: owner.id } : { userId: owner.id }),
    },
  });
  return { key: generated.key, row };
}

export async function listKeys(prisma: PrismaClient, filter: { org?: string; user?: string } = {}) {
  return prisma.apiKey.findMany({
    where: {
      ...(filter.org ? { organisation: { code: { equals: filter.org, mode: 'insensitive' } } } : {}),
      ...(filter.user ? { user: { email: email(filter.user) } } : {}),
    },
    orderBy: { createdAt: 'asc' },
    include: { organisation: { select: { code: true } }, user: { select: { email: true, role: true } } },
  });
}

export async function revokeKey(prisma: PrismaClient, input: { prefix: string }, now = new Date()) {
  const prefix = input.prefix.replace(/^sk_/, '').split('_')[0] ?? '';
  const key = await prisma.apiKey.findUnique({ where: { prefix } });
  if (!key) throw new AdminError(`no key with prefix ${prefix} (see: key list)`);
  if (key.revokedAt) return { key, alreadyRevoked: true };
  return {
    key: await prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt: now } }),
    alreadyRevoked: false,
  };
}

export const listOrganisations = (prisma: PrismaClient) =>
  prisma.organisation.findMany({ orderBy: { code: 'asc' } });
export const listUsers = (prisma: PrismaClient) => prisma.user.findMany({ orderBy: { email: 'asc' } });
export const listMinistries = (prisma: PrismaClient) =>
  prisma.ministry.findMany({
    orderBy: { code: 'asc' },
    include: { contacts: { orderBy: [{ role: 'asc' }, { email: 'asc' }] } },
  });

/** A ministry with a contact and an escalation contact at example addresses: what test and benchmark worlds need. */
export async function createExampleMinistry(
  prisma: PrismaClient,
  code: string,
  name: string,
  log: ProcessingLog,
): Promise<void> {
  await createMinistry(prisma, { code, name });
  const domain = `${code.toLowerCase()}.example`;
  await addContact(prisma, { ministry: code, name: `Contact ${code}`, email: `contact@${domain}` }, log);
  await addContact(
    prisma,
    { ministry: code, name: `Escalatie ${code}`, email: `escalatie@${domain}`, role: 'escalation' },
    log,
  );
}
