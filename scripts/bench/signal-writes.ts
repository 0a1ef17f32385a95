import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase } from '../db/ensure-database';
import { applyMigrationsFrom, migrationsDir } from '../db/migrations';
import { withScratchDatabase } from '../db/scratch-database';
import { cpuMsOf } from './process-cpu';

/** The migration that moved the trigram index off Signal (schema.prisma: SignalSearchText). */
export const SEARCH_TEXT_MIGRATION = '20261129164652_signal_search_text';

export type SignalWrite = 'insert' | 'status update' | 'workflow start mark';

export interface WriteCost {
  textBytes: number;
  write: SignalWrite;
  /** PostgreSQL CPU per written signal, ms: the schema before the migration, and today's. */
  beforeMs: number;
  nowMs: number;
}

/** Sentences per signal text: about the benchmark's signal (scripts/bench/world.ts), and a long one (real signals run to pages). */
const TEXT_SIZES = [8, 120];
const sentence = (i: number) =>
  `Volledige tekst van signaal ${i}, met bevindingen uit een strafrechtelijk onderzoek naar ${crypto.randomUUID()}. `;

/** Each write as the product makes it: the acceptance, the read model's state update, the start marks (batches of 4). */
const statements: Record<SignalWrite, string> = {
  insert: `INSERT INTO "Signal" (id, reference, "organisationId", title, summary, content, status, "workflowId",
             "submittedAt", "updatedAt")
           VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7, now(), now())`,
  'status update': `UPDATE "Signal" SET status = 'in_review', "reviewDueAt" = now() + interval '10 days',
                      "nextDeadlineAt" = now() + interval '10 days', "nextDeadlineKind" = 'review',
                      "stateVersion" = "stateVersion" + 1, "updatedAt" = now() WHERE id = $1`,
  'workflow start mark': `UPDATE "Signal" SET "workflowStartedAt" = now() FROM unnest($1::uuid[]) AS m(id)
                            WHERE "Signal".id = m.id AND "workflowStartedAt" IS NULL`,
};

/** One database's connection and the CPU of the backend serving it (one connection: its process does the work). */
async function openDatabase(serverUrl: string, name: string, migrations: string) {
  const url = await ensureDatabase(serverUrl, name);
  await applyMigrationsFrom(url, migrations);
  const client = new pg.Client(url);
  await client.connect();
  const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const organisationId = crypto.randomUUID();
  await client.query(
    `INSERT INTO "Organisation" (id, code, name) VALUES ($1, 'RIEC-W', 'RIEC schrijfkosten')`,
    [organisationId],
  );
  return { client, backend, organisationId };
}

type Database = Awaited<ReturnType<typeof openDatabase>>;

/** The migrations folder as it was before the search text moved: the schema to compare with. */
function migrationsBefore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-migrations-before-'));
  for (const entry of fs.readdirSync(migrationsDir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name >= SEARCH_TEXT_MIGRATION) continue;
    fs.cpSync(path.join(migrationsDir, entry.name), path.join(dir, entry.name), { recursive: true });
  }
  return dir;
}

/** One kind of write for every signal of a round (`round`: its sentences per text): inserts fill `ids`. */
async function perform(
  db: Database,
  write: SignalWrite,
  name: string,
  ids: string[],
  texts: string[],
  round: number,
): Promise<void> {
  if (write === 'insert') {
    for (const [i, content] of texts.entries()) {
      const id = crypto.randomUUID();
      ids.push(id);
      const title = `Signaal ${i}: misbruik van een vergunningstelsel`;
      const summary = 'Criminelen misbruiken een zwakte in de vergunningverlening.';
      await db.client.query({
        name,
        text: statements.insert,
        values: [id, `BS-W-${round}-${i}`, db.organisationId, title, summary, content, `signal-${id}`],
      });
    }
  } else if (write === 'status update') {
    for (const id of ids) await db.client.query({ name, text: statements[write], values: [id] });
  } else {
    for (let b = 0; b < ids.length; b += 4)
      await db.client.query({ name, text: statements[write], values: [ids.slice(b, b + 4)] });
  }
}

async function timed(db: Database, work: () => Promise<void>, signals: number): Promise<number> {
  const before = cpuMsOf(db.backend);
  await work();
  return (cpuMsOf(db.backend) - before) / signals;
}

/**
 * What writing a signal row costs PostgreSQL on today's schema against the schema before the search text got a
 * table of its own, side by side on one server (each write on both databases in turn): the insert, the read
 * model's state update and the workflow start mark, for the benchmark's text and a long one. CPU is the
 * backend's own (from /proc); GIN work left to autovacuum is not in it, so the old schema's cost is if anything
 * understated.
 */
export async function benchSignalWrites(options: {
  signals: number;
  progress: (line: string) => void;
}): Promise<WriteCost[]> {
  const before = migrationsBefore();
  try {
    return await withScratchDatabase(async (serverUrl) => {
      const dbs = {
        before: await openDatabase(serverUrl, 'writes_before', before),
        now: await openDatabase(serverUrl, 'writes_now', migrationsDir),
      };
      const costs: WriteCost[] = [];
      try {
        for (const repeat of TEXT_SIZES) {
          const ids = { before: [] as string[], now: [] as string[] };
          // Distinct sentences: a real text's trigrams are many and varied, not one sentence's over and over.
          const texts = Array.from({ length: options.signals }, (_, i) =>
            Array.from({ length: repeat }, (_, k) => sentence(i * 1000 + k)).join(''),
          );
          const textBytes = Math.round(
            texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / texts.length,
          );
          const run = (write: SignalWrite, side: 'before' | 'now'): Promise<number> =>
            timed(
              dbs[side],
              () =>
                perform(dbs[side], write, `${write.replace(/ /g, '_')}_${side}`, ids[side], texts, repeat),
              options.signals,
            );
          for (const write of Object.keys(statements) as SignalWrite[]) {
            options.progress(`signal writes: ${write}, ${textBytes} bytes of text`);
            const beforeMs = await run(write, 'before');
            const nowMs = await run(write, 'now');
            costs.push({ textBytes, write, beforeMs, nowMs });
          }
        }
      } finally {
        await Promise.all([dbs.before.client.end(), dbs.now.client.end()]);
      }
      return costs;
    });
  } finally {
    fs.rmSync(before, { recursive: true, force: true });
  }
}
