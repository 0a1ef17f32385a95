import crypto from 'node:crypto';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { violatesConstraint } from '../../prisma/constraints';
import { directSqlFor } from '../../prisma/direct-sql';
import { ProblemError } from '../http/problem';

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** What is replayed for a repeated request: the first answer, byte for byte in content. */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  problem: boolean;
}

export interface IdempotencyHandle {
  readonly recordId: string;
  /** A Temporal update id derived from scope and key, so a retried decision is one update in the workflow too. */
  readonly updateId: string;
  completed: boolean;
  complete(response: StoredResponse, tx?: Transaction): Promise<void>;
  /** The stored form of an answer (what `responseBody` holds), for a service that writes it with its own SQL. */
  storedLayout(response: StoredResponse): StoredLayout;
  /**
   * A statement that stores the answer, for a service that writes it inside its own statement (atomic with its
   * rows); `stored` is SQL yielding the stored layout as jsonb. An UPDATE of the claimed record, or for a
   * prospective handle the INSERT of the whole record (a concurrent twin makes it fail on the unique key: see
   * `isIdempotencyKeyTaken`). The service sets `completed` once it committed.
   */
  answerStatement(status: number, stored: Prisma.Sql): Prisma.Sql;
  /**
   * SQL that is true while the key is free for this request: always for a claimed handle; for a prospective one,
   * while no record holds the key. A service's writes are conditioned on it, so a retry writes nothing.
   */
  keyIsFree(): Prisma.Sql;
}

/**
 * Thrown by a service whose guarded statement wrote nothing because the key was taken (a retry, or a twin that
 * committed first): the mount then answers as for any repeated key (the stored answer, 422, or 409).
 */
export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('the Idempotency-Key is already taken; its stored answer applies');
    this.name = 'IdempotencyKeyTaken';
  }
}

/** Whether a write failed on the record's unique key: a twin request claimed the same key at the same moment. */
export function isIdempotencyKeyTaken(error: unknown): boolean {
  return violatesConstraint(error, 'IdempotencyRecord_scope_key_key');
}

interface StoredLayout {
  body: unknown;
  headers: Record<string, string>;
  problem: boolean;
}

interface RecordRow {
  id: string;
  requestHash: string;
  responseStatus: number | null;
  responseBody: Partial<StoredLayout> | null;
  createdAt: Date;
}

export type IdempotencyOutcome =
  { kind: 'replay'; response: StoredResponse } | { kind: 'proceed'; handle: IdempotencyHandle };

// Records are kept this long (the contract promises ≥ 24 h: docs/architecture.md#the-contract); the purge
// removes older ones.
export const IDEMPOTENCY_RETENTION_MS = 48 * 60 * 60 * 1000;
// A record still "in progress" after this long belongs to a request that died; a retry may take it over.
const ABANDONED_AFTER_MS = 2 * 60 * 1000;
const WAIT_FOR_FIRST_MS = 30_000;
// Waiting duplicates poll with a growing interval, so fifty of them do not crowd the first one out of the pool.
const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 500;

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(method: string, path: string, body: unknown): string {
  return crypto
    .createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createIdempotencyStore(prisma: PrismaClient) {
  const sql = directSqlFor(prisma);
  const updateIdOf = (scope: string, key: string) =>
    `idem-${crypto.createHash('sha256').update(`${scope}\n${key}`).digest('hex').slice(0, 32)}`;
  const storedLayout = (response: StoredResponse): StoredLayout => ({
    body: response.body ?? null,
    headers: response.headers,
    problem: response.problem,
  });

  function handleFor(recordId: string, scope: string, key: string): IdempotencyHandle {
    const handle: IdempotencyHandle = {
      recordId,
      updateId: updateIdOf(scope, key),
      completed: false,
      async complete(response, tx) {
        await (tx ?? prisma).$executeRaw(
          handle.answerStatement(
            response.status,
            Prisma.sql`${JSON.stringify(handle.storedLayout(response))}::jsonb`,
          ),
        );
        handle.completed = true;
      },
      storedLayout,
      answerStatement: (status, stored) => Prisma.sql`
        UPDATE "IdempotencyRecord" SET "responseStatus" = ${status}::int, "responseBody" = ${stored}
         WHERE "id" = ${recordId}::uuid`,
      keyIsFree: () => Prisma.sql`TRUE`,
    };
    return handle;
  }

  /**
   * A handle that has claimed nothing yet, for a service that claims the key in the same statement as its own
   * writes and the answer (the submission: one round trip instead of a claim first). Concurrent twins meet at the
   * unique key, and a retry finds the record; either way the service throws IdempotencyKeyTaken and the mount
   * takes the ordinary path (`begin`). Only the successful answer is stored this way.
   */
  function prospective(scope: string, key: string, hash: string, now: () => Date): IdempotencyHandle {
    const recordId = crypto.randomUUID();
    const keyIsFree = () => Prisma.sql`NOT EXISTS (
      SELECT 1 FROM "IdempotencyRecord" WHERE "scope" = ${scope}::text AND "key" = ${key}::text)`;
    return {
      recordId,
      updateId: updateIdOf(scope, key),
      completed: false,
      complete() {
        return Promise.reject(
          new Error('a prospective idempotency handle is completed by its service’s statement'),
        );
      },
      storedLayout,
      answerStatement: (status, stored) => Prisma.sql`
        INSERT INTO "IdempotencyRecord" ("id", "scope", "key", "requestHash", "createdAt", "responseStatus",
                                         "responseBody")
        SELECT ${recordId}::uuid, ${scope}::text, ${key}::text, ${hash}::text, ${now().toISOString()}::timestamptz,
               ${status}::int, ${stored}
         WHERE ${keyIsFree()}`,
      keyIsFree,
    };
  }

  /**
   * Claims (scope, key) for this request, or returns the first request's answer. Concurrent duplicates meet at the
   * unique constraint: exactly one proceeds, the others wait for its answer.
   */
  async function begin(
    scope: string,
    key: string,
    hash: string,
    now: () => Date,
  ): Promise<IdempotencyOutcome> {
    const started = Date.now();
    let pollMs = FIRST_POLL_MS;
    for (;;) {
      // Plain prepared statements on this hot path (prisma/direct-sql.ts), and a duplicate is an empty result
      // rather than a thrown (and stack-traced) unique violation.
      const claimed = await sql.query<{ id: string }>(Prisma.sql`
        INSERT INTO "IdempotencyRecord" ("id", "scope", "key", "requestHash", "createdAt")
        VALUES (${crypto.randomUUID()}::uuid, ${scope}::text, ${key}::text, ${hash}::text,
                ${now().toISOString()}::timestamptz)
        ON CONFLICT ("scope", "key") DO NOTHING
        RETURNING "id"`);
      if (claimed.length === 1) return { kind: 'proceed', handle: handleFor(claimed[0]!.id, scope, key) };
      const [existing] = await sql.query<RecordRow>(Prisma.sql`
        SELECT "id", "requestHash", "responseStatus", "responseBody", "createdAt"
          FROM "IdempotencyRecord" WHERE "scope" = ${scope}::text AND "key" = ${key}::text`);
      if (!existing) continue; // abandoned and deleted in between: claim again
      if (existing.requestHash !== hash) {
        throw new ProblemError(
          422,
          'idempotency-key-reused',
          'This Idempotency-Key was already used for a different request (other path or body). Use a new key for a new request.',
        );
      }
      if (existing.responseStatus !== null) {
        const stored = existing.responseBody ?? {};
        return {
          kind: 'replay',
          response: {
            status: existing.responseStatus,
            body: stored.body,
            headers: stored.headers ?? {},
            problem: stored.problem ?? false,
          },
        };
      }
      if (now().getTime() - existing.createdAt.getTime() > ABANDONED_AFTER_MS) {
        const taken = await prisma.idempotencyRecord.updateMany({
          where: { id: existing.id, responseStatus: null, createdAt: existing.createdAt },
          data: { createdAt: now() },
        });
        if (taken.count === 1) return { kind: 'proceed', handle: handleFor(existing.id, scope, key) };
      }
      if (Date.now() - started > WAIT_FOR_FIRST_MS) {
        throw new ProblemError(
          409,
          'idempotency-key-in-use',
          'A request with this Idempotency-Key is still being processed; retry in a few seconds to get its answer.',
          { headers: { 'Retry-After': '2' } },
        );
      }
      await sleep(pollMs * (0.5 + Math.random()));
      pollMs = Math.min(MAX_POLL_MS, pollMs * 1.5);
    }
  }

  /** The first request failed without an answer worth repeating (5xx): free the key so a retry runs again. */
  async function release(recordId: string): Promise<void> {
    await prisma.idempotencyRecord.deleteMany({ where: { id: recordId, responseStatus: null } });
  }

  async function purgeExpired(now: Date): Promise<number> {
    const result = await prisma.idempotencyRecord.deleteMany({
      where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS) } },
    });
    return result.count;
  }

  return { begin, prospective, release, purgeExpired };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
