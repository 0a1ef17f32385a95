import crypto from 'node:crypto';
import { processingLogOf, type AppDeps } from '../deps';
import {
  concernedPersonsRegistration,
  type ConcernedPersonsRegistration,
} from '../concerned-persons/registration';
import { Prisma } from '../../generated/prisma/client';
import { cloudEventKey } from '../../activities/events/outbox';
import { submittedEventKey } from '../../shared/business-keys';
import { signalWorkflowId } from '../../shared/ids';
import { amsterdamYear } from '../../shared/working-days';
import { directSqlFor } from '../../prisma/direct-sql';
import { actorOf, type Principal } from '../auth/principal';
import { problem } from '../http/problem';
import type { RouteResult } from '../http/route';
import { IdempotencyKeyTaken, isIdempotencyKeyTaken, type IdempotencyHandle } from '../idempotency/store';
import { startSignalWorkflow } from '../workflow/start';
import { signalPath } from './present';
import { catchUpReferenceCounter, isReferenceTaken, referenceNumberCtes, referenceSql } from './reference';
import type { SubmitSignalBody } from './schemas';

// Stands for the reference in the answer until the statement has allocated it.
const REFERENCE_PLACEHOLDER = 'BS-0000-0000';

async function submittingOrganisation(deps: AppDeps, principal: Principal, body: SubmitSignalBody) {
  if (principal.kind === 'organisation') {
    if (body.organisationCode !== undefined) {
      throw problem.field(
        'organisationCode',
        'may only be set by coordinators; your key already names your organisation',
      );
    }
    return { id: principal.organisationId, code: principal.organisationCode };
  }
  if (body.organisationCode === undefined) {
    throw problem.field(
      'organisationCode',
      'is required when a coordinator registers a signal on behalf of an organisation',
    );
  }
  const organisation = await deps.prisma.organisation.findFirst({
    where: { code: { equals: body.organisationCode, mode: 'insensitive' } },
  });
  if (!organisation)
    throw problem.field('organisationCode', `no organisation with code ${body.organisationCode}`);
  return { id: organisation.id, code: organisation.code };
}

/**
 * The co-submitters named at submission, each an existing organisation other than the lead, each once; a wrong
 * code is a 400 that names it, so the caller can fix the one entry.
 */
async function namedCoSubmitters(
  deps: AppDeps,
  lead: { id: string; code: string },
  codes: readonly string[],
): Promise<string[]> {
  if (codes.length === 0) return [];
  const found = await deps.prisma.organisation.findMany({
    where: { OR: codes.map((code) => ({ code: { equals: code, mode: 'insensitive' as const } })) },
    select: { id: true, code: true },
  });
  const byCode = new Map(found.map((o) => [o.code.toUpperCase(), o]));
  const seen = new Set<string>();
  return codes.map((code, index) => {
    const field = `coSubmitters.${index}`;
    const key = code.toUpperCase();
    if (key === lead.code.toUpperCase()) {
      throw problem.field(field, `${code} is the submitting (lead) organisation itself, not a co-submitter`);
    }
    if (seen.has(key)) throw problem.field(field, `${code} is named more than once`);
    seen.add(key);
    const organisation = byCode.get(key);
    if (!organisation) throw problem.field(field, `no organisation with code ${code}`);
    return organisation.id;
  });
}

interface Acceptance {
  id: string;
  workflowId: string;
  organisationId: string;
  coSubmitterIds: string[];
  body: SubmitSignalBody;
  principal: Principal;
  now: Date;
  year: number;
  answer: RouteResult;
  idempotency?: IdempotencyHandle;
  concernedPersons: ConcernedPersonsRegistration;
}

/**
 * The signal row, its reference, its first timeline event and the idempotency answer as ONE statement: one round
 * trip instead of BEGIN, counter, signal, event, answer, COMMIT. A single statement is atomic on its own; the
 * year's counter row is locked only while it runs, and a failure anywhere rolls the number back (no gaps).
 */
function acceptanceStatement(a: Acceptance): Prisma.Sql {
  const actor = actorOf(a.principal);
  const reference = referenceSql(a.year, Prisma.sql`number`);
  const now = a.now.toISOString();
  const answer = a.idempotency
    ? Prisma.sql`,
    answer AS (
      ${a.idempotency.answerStatement(
        a.answer.status,
        Prisma.sql`jsonb_set(${JSON.stringify(a.idempotency.storedLayout({ status: a.answer.status, body: a.answer.body, headers: a.answer.headers ?? {}, problem: false }))}::jsonb,
                  '{body,reference}', to_jsonb((SELECT "reference" FROM signal)))`,
      )}
    )`
    : Prisma.empty;
  // With a prospective idempotency handle the key is claimed by this statement too: nothing is written (not even
  // a reference number taken) when a record already holds it.
  const keyIsFree = a.idempotency ? a.idempotency.keyIsFree() : Prisma.sql`TRUE`;
  return Prisma.sql`
    WITH ${referenceNumberCtes(a.year, keyIsFree)},
    signal AS (
      INSERT INTO "Signal" ("id", "reference", "organisationId", "title", "summary", "content",
                            "status", "workflowId", "submitterEmail", "submittedAt", "updatedAt")
      SELECT ${a.id}::uuid, ${reference}, ${a.organisationId}::uuid, ${a.body.title}::text, ${a.body.summary}::text,
             ${a.body.content}::text, 'submitted'::"SignalStatus",
             ${a.workflowId}::text,
             ${a.body.contactEmail ?? null}::text, ${now}::timestamptz, ${now}::timestamptz
        FROM reference_number
      RETURNING "reference"
    ),
    event AS (
      -- The workflow's first commit (workflows/lifecycle-start.ts, version 1) writes its own "submitted" event under
      -- this key; using the same key keeps one event, and this one (exact time, the organisation's name) wins.
      INSERT INTO "SignalEvent" ("signalId", "businessKey", "type", "actorType", "actorLabel", "at", "data")
      SELECT ${a.id}::uuid, ${submittedEventKey(a.workflowId)}::text, 'submitted', ${actor.type}::text,
             ${actor.label}::text,
             ${now}::timestamptz,
             jsonb_build_object('reference', "reference") || ${JSON.stringify(actor.id ? { actorId: actor.id } : {})}::jsonb
        FROM signal
    ),
    recommendations AS (
      -- Each recommendation a row, in the submitter's order (its outcomes come when the signal is sent).
      INSERT INTO "Recommendation" ("id", "signalId", "position", "text", "createdAt")
      SELECT gen_random_uuid(), ${a.id}::uuid, item.position::int, item.text, ${now}::timestamptz
        FROM signal, unnest(${a.body.recommendations}::text[]) WITH ORDINALITY AS item(text, position)
    ),
    co_submitters AS (
      INSERT INTO "SignalCoSubmitter" ("id", "signalId", "organisationId", "addedAt", "addedBy")
      SELECT gen_random_uuid(), ${a.id}::uuid, co.organisation_id, ${now}::timestamptz, ${actor.label}::text
        FROM signal, unnest(${a.coSubmitterIds}::uuid[]) AS co(organisation_id)
    ),
    cloud_event AS (
      -- The subscribers' "submitted" (activities/events/outbox.ts), in this statement as the timeline's event is;
      -- the workflow's first commit derives the same key and adds nothing.
      INSERT INTO "CloudEventOutbox" ("id", "businessKey", "eventName", "signalId", "organisationIds", "time", "data")
      SELECT gen_random_uuid(), ${cloudEventKey(submittedEventKey(a.workflowId), 'submitted')}::text, 'submitted',
             ${a.id}::uuid, ARRAY[${a.organisationId}::uuid] || ${a.coSubmitterIds}::uuid[], ${now}::timestamptz,
             jsonb_build_object('signalId', ${a.id}::text, 'reference', "reference")
        FROM signal
    )${a.concernedPersons.ctes(a.id)}${answer}
    SELECT "reference" FROM signal`;
}

async function accept(deps: AppDeps, acceptance: Acceptance): Promise<string> {
  const sql = directSqlFor(deps.prisma);
  const run = async () => {
    try {
      const [row] = await sql.query<{ reference: string }>(acceptanceStatement(acceptance));
      // Nothing written: a record holds the Idempotency-Key (a retry); its answer applies.
      if (!row) throw new IdempotencyKeyTaken();
      return row.reference;
    } catch (error) {
      // A twin request with the same key committed first: the unique key refused this one, which rolled back.
      if (isIdempotencyKeyTaken(error)) throw new IdempotencyKeyTaken();
      throw error;
    }
  };
  try {
    return await run();
  } catch (error) {
    // The counter lags behind references written without it (see catchUpReferenceCounter): repair once, retry.
    if (!isReferenceTaken(error)) throw error;
    await catchUpReferenceCounter(deps.prisma, acceptance.year);
    return await run();
  }
}

/**
 * Accepting a signal: the row, its reference and its first timeline event in one statement (with the idempotency
 * answer, so a retry can never make a second signal), then the workflow start. If Temporal is unreachable the
 * signal is still accepted; the reconciler starts its workflow later.
 */
export async function submitSignal(
  deps: AppDeps,
  principal: Principal,
  body: SubmitSignalBody,
  now: Date,
  idempotency?: IdempotencyHandle,
): Promise<RouteResult> {
  const organisation = await submittingOrganisation(deps, principal, body);
  const coSubmitterIds = await namedCoSubmitters(deps, organisation, body.coSubmitters ?? []);
  const id = crypto.randomUUID();
  const workflowId = signalWorkflowId(id);
  const concernedPersons = concernedPersonsRegistration(
    processingLogOf(deps),
    body.concernedPersons ?? [],
    { organisationCode: organisation.code },
    now,
  );
  const answer = (reference: string): RouteResult => ({
    status: 201,
    body: {
      id,
      reference,
      status: 'submitted',
      submittedAt: now.toISOString(),
      links: { self: signalPath(id) },
    },
    headers: { Location: signalPath(id) },
  });
  const reference = await accept(deps, {
    id,
    workflowId,
    organisationId: organisation.id,
    coSubmitterIds,
    body,
    principal,
    now,
    year: amsterdamYear(now),
    answer: answer(REFERENCE_PLACEHOLDER),
    ...(idempotency ? { idempotency } : {}),
    concernedPersons,
  });
  concernedPersons.written();
  if (idempotency) idempotency.completed = true;

  try {
    await startSignalWorkflow(
      {
        prisma: deps.prisma,
        temporal: deps.temporal,
        taskQueue: deps.config.temporal.taskQueue,
        now: () => now,
      },
      { id, workflowId, organisationCode: organisation.code },
    );
  } catch (error) {
    deps.logger.warn(
      { err: error, signalId: id },
      'signal accepted; its workflow will be started by the reconciler',
    );
  }
  return answer(reference);
}
