import crypto from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import type { RuntimeConfig } from '../../shared/config';
import { TASK_QUEUE, ministryCaseWorkflowId, signalWorkflowId } from '../../shared/ids';
import {
  SIGNAL_LIFECYCLE_WORKFLOW,
  type ImportedSignalState,
  type SignalLifecycleInput,
  type SignalStatus,
} from '../../shared/lifecycle';
import { allocateReference, raiseReferenceCounter } from '../../api/signals/reference';
import { amsterdamDate } from '../../shared/working-days';
import { DEFAULT_DOCUMENT_MAX_BYTES, DEFAULT_DOCUMENT_MAX_PER_SIGNAL } from '../../shared/config';
import { removeBlobs } from '../../api/documents/storage';
import { DOCUMENT_ADDED_EVENT } from '../../api/documents/service';
import {
  documentProblems,
  storeImportDocuments,
  type ImportDocumentOptions,
  type StoredImportDocuments,
} from './documents';
import { importRecordSchema, type ImportRecord } from './records';
import { writeImportedConcernedPersons } from './concerned-persons';
import type { ProcessingLog } from '../../activities/processing-log/record';

/**
 * Import of existing signals with their historic dates. Each signal gets its row, its replies and a timeline of
 * what happened (submitted, sent, acknowledged, replied, closed) at the real moments; then its lifecycle workflow
 * starts with `imported`, at the stage it is in: an open one runs its clocks from the real deadlines (an overdue
 * one is overdue at once), a closed one records its end state and finishes.
 *
 * Idempotent by reference: a signal whose reference exists already is skipped, so a file can be imported again.
 */

export interface ImportDeps {
  prisma: PrismaClient;
  /** Needed for every record (each one gets its workflow); omit only for a dry run. */
  temporal?: Client;
  config?: Pick<RuntimeConfig, 'temporal'>;
  taskQueue?: string;
  clock?: () => Date;
  /** Where the documents named by path are, how large they may be, and the file for error messages. */
  documents?: Partial<ImportDocumentOptions>;
  /**
   * The processing log's writer, with the key API and worker use (so the lead finds the records): needed when a
   * record marks concerned persons, each of whom gets a record; omit only for a dry run or a file without them.
   */
  processingLog?: ProcessingLog;
}

export type ImportOutcome =
  | { index: number; status: 'imported'; reference: string; signalId: string; stage: ImportRecord['stage'] }
  | { index: number; status: 'skipped'; reference: string; reason: string }
  | { index: number; status: 'invalid'; reference?: string; errors: string[] };

export interface ImportResult {
  imported: number;
  skipped: number;
  invalid: number;
  outcomes: ImportOutcome[];
}

const IMPORT_ACTOR = { actorType: 'system', actorLabel: 'Import' } as const;

/** Validates every record first; imports nothing when any is invalid (a half-imported file helps nobody). */
export async function importSignals(
  deps: ImportDeps,
  records: unknown[],
  options: { dryRun?: boolean } = {},
): Promise<ImportResult> {
  const parsed = records.map((record, index) => ({ index, result: importRecordSchema.safeParse(record) }));
  const outcomes: ImportOutcome[] = [];
  const valid: { index: number; record: ImportRecord }[] = [];
  const references = new Set<string>();
  for (const { index, result } of parsed) {
    if (!result.success) {
      const reference = (records[index] as { reference?: unknown } | null)?.reference;
      outcomes.push({
        index,
        status: 'invalid',
        ...(typeof reference === 'string' ? { reference } : {}),
        errors: result.error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`),
      });
      continue;
    }
    if (result.data.reference && references.has(result.data.reference)) {
      outcomes.push({
        index,
        status: 'invalid',
        reference: result.data.reference,
        errors: ['reference: appears twice in this import'],
      });
      continue;
    }
    if (result.data.reference) references.add(result.data.reference);
    valid.push({ index, record: result.data });
  }
  await checkReferencedRows(deps.prisma, valid, outcomes);
  await checkDocuments(valid, outcomes, documentOptions(deps));
  if (outcomes.some((o) => o.status === 'invalid') || options.dryRun) return summarise(outcomes);
  if (!deps.temporal)
    throw new Error('importSignals needs a Temporal client to start the imported lifecycles');
  if (!deps.processingLog && valid.some(({ record }) => record.concernedPersons.length > 0))
    throw new Error('importSignals needs the processing log to record the persons the signals concern');

  for (const { index, record } of valid) {
    outcomes.push(await importOne(deps, deps.temporal, index, record));
  }
  return summarise(outcomes);
}

function documentOptions(deps: ImportDeps): ImportDocumentOptions {
  return {
    maxBytes: DEFAULT_DOCUMENT_MAX_BYTES,
    maxPerSignal: DEFAULT_DOCUMENT_MAX_PER_SIGNAL,
    ...deps.documents,
  };
}

/** A record whose documents are missing, too large or not what their names say is invalid, like any other. */
async function checkDocuments(
  valid: { index: number; record: ImportRecord }[],
  outcomes: ImportOutcome[],
  options: ImportDocumentOptions,
): Promise<void> {
  for (let i = valid.length - 1; i >= 0; i -= 1) {
    const { index, record } = valid[i]!;
    const errors = await documentProblems(record, index, options);
    if (errors.length > 0) markInvalid(valid, i, outcomes, errors);
  }
}

/** Takes the i-th valid record out of the import and lists it as invalid, with its problems. */
function markInvalid(
  valid: { index: number; record: ImportRecord }[],
  i: number,
  outcomes: ImportOutcome[],
  errors: string[],
): void {
  const { index, record } = valid[i]!;
  outcomes.push({
    index,
    status: 'invalid',
    ...(record.reference ? { reference: record.reference } : {}),
    errors,
  });
  valid.splice(i, 1);
}

function summarise(outcomes: ImportOutcome[]): ImportResult {
  const sorted = [...outcomes].sort((a, b) => a.index - b.index);
  const count = (status: ImportOutcome['status']) => sorted.filter((o) => o.status === status).length;
  return {
    imported: count('imported'),
    skipped: count('skipped'),
    invalid: count('invalid'),
    outcomes: sorted,
  };
}

async function checkReferencedRows(
  prisma: PrismaClient,
  valid: { index: number; record: ImportRecord }[],
  outcomes: ImportOutcome[],
): Promise<void> {
  const organisations = new Set(
    (await prisma.organisation.findMany({ select: { code: true } })).map((o) => o.code.toUpperCase()),
  );
  const ministries = new Set(
    (await prisma.ministry.findMany({ select: { code: true } })).map((m) => m.code.toUpperCase()),
  );
  for (let i = valid.length - 1; i >= 0; i -= 1) {
    const { record } = valid[i]!;
    const errors: string[] = [];
    if (!organisations.has(record.organisation.toUpperCase()))
      errors.push(`organisation: no organisation with code ${record.organisation}`);
    for (const coSubmitter of record.coSubmitters) {
      if (!organisations.has(coSubmitter.toUpperCase()))
        errors.push(`coSubmitters: no organisation with code ${coSubmitter}`);
    }
    for (const ministry of record.ministries) {
      if (!ministries.has(ministry.code.toUpperCase()))
        errors.push(`ministries: no ministry with code ${ministry.code}`);
    }
    if (errors.length > 0) markInvalid(valid, i, outcomes, errors);
  }
}

/** The signal's status as its ministry states say, before the workflow confirms it. */
function statusOf(record: ImportRecord, repliedCodes: Set<string>): SignalStatus {
  if (record.stage === 'closed') return 'closed';
  if (record.stage === 'in_review') return 'in_review';
  const replied = record.ministries.filter((m) => repliedCodes.has(m.code.toUpperCase())).length;
  return replied === 0 ? 'sent' : replied === record.ministries.length ? 'replied' : 'partially_replied';
}

async function importOne(
  deps: ImportDeps,
  temporal: Client,
  index: number,
  record: ImportRecord,
): Promise<ImportOutcome> {
  const { prisma } = deps;
  if (record.reference) {
    const existing = await prisma.signal.findUnique({
      where: { reference: record.reference },
      select: { id: true },
    });
    if (existing)
      return {
        index,
        status: 'skipped',
        reference: record.reference,
        reason: 'a signal with this reference exists',
      };
  }
  // The API's own counter; it also steps over numbers that imported references took.
  const reference =
    record.reference ??
    (await prisma.$transaction((tx) =>
      allocateReference(tx, Number(amsterdamDate(record.submittedAt).slice(0, 4))),
    ));
  const signalId = crypto.randomUUID();
  const workflowId = signalWorkflowId(signalId);
  const now = deps.clock ? deps.clock() : new Date();

  const organisation = await prisma.organisation.findFirstOrThrow({
    where: { code: { equals: record.organisation, mode: 'insensitive' } },
  });
  const coSubmitters =
    record.coSubmitters.length === 0
      ? []
      : await prisma.organisation.findMany({
          where: {
            OR: record.coSubmitters.map((c) => ({ code: { equals: c, mode: 'insensitive' as const } })),
          },
          select: { id: true },
        });
  const ministryRows = await prisma.ministry.findMany({
    where: { OR: record.ministries.map((m) => ({ code: { equals: m.code, mode: 'insensitive' as const } })) },
  });
  const ministryByCode = new Map(ministryRows.map((m) => [m.code.toUpperCase(), m]));
  const canonical = (code: string) => ministryByCode.get(code.toUpperCase())!.code;

  // Replies: the explicit ones (possibly joint) and the per-ministry `repliedAt` shorthand.
  const replies = [
    ...record.replies.map((reply) => ({ ...reply, ministries: reply.ministries.map(canonical) })),
    ...record.ministries
      .filter((m) => m.repliedAt)
      .map((m) => ({
        ministries: [canonical(m.code)],
        receivedAt: m.repliedAt!,
        text: undefined,
        channel: 'post' as const,
        forwardedAt: undefined,
      })),
  ].map((reply, n) => ({
    ...reply,
    id: crypto.randomUUID(),
    businessKey: `import:${signalId}:reply-${n + 1}`,
  }));
  const replyOf = new Map<string, (typeof replies)[number]>();
  for (const reply of replies) for (const code of reply.ministries) replyOf.set(code.toUpperCase(), reply);

  const event = (
    step: string,
    type: string,
    at: Date,
    data: Record<string, unknown> = {},
    ministryCode?: string,
  ) => ({
    signalId,
    businessKey: `import:${signalId}:${step}`,
    type,
    ministryCode: ministryCode ?? null,
    ...IMPORT_ACTOR,
    at,
    data: { ...data, imported: true },
  });
  const events = [event('submitted', 'submitted', record.submittedAt, { organisation: organisation.code })];
  if (record.sentAt) {
    events.push(
      event('sent', 'sent', record.sentAt, {
        ministryCodes: record.ministries.map((m) => canonical(m.code)),
      }),
    );
  }
  for (const ministry of record.ministries) {
    if (ministry.acknowledgedAt) {
      events.push(
        event(
          `acknowledged-${canonical(ministry.code)}`,
          'acknowledged',
          ministry.acknowledgedAt,
          {},
          canonical(ministry.code),
        ),
      );
    }
  }
  replies.forEach((reply, n) => {
    const codes = reply.ministries;
    events.push(
      event(
        `reply-${n + 1}`,
        'reply_received',
        reply.receivedAt,
        { ministryCodes: codes, channel: reply.channel, replyId: reply.id, joint: codes.length > 1 },
        codes.length === 1 ? codes[0] : undefined,
      ),
    );
  });
  replies.forEach((reply, n) => {
    if (!reply.forwardedAt) return;
    events.push(
      event(`reply-${n + 1}-forwarded`, 'reply_forwarded', reply.forwardedAt, {
        replyIds: [reply.id],
        ministryCodes: reply.ministries,
      }),
    );
  });
  if (record.closedAt) events.push(event('closed', 'closed', record.closedAt));

  const documents = await storeImportDocuments(prisma, record, documentOptions(deps));
  // Claim the row for this import (workflowStartedAt set) so the reconciler never starts it as a new submission.
  await prisma
    .$transaction(async (tx) => {
      await tx.signal.create({
        data: {
          id: signalId,
          reference,
          organisationId: organisation.id,
          title: record.title,
          summary: record.summary ?? record.title,
          content: record.content ?? record.summary ?? record.title,
          recommendations: {
            create: record.recommendations.map((text, index) => ({ position: index + 1, text })),
          },
          status: statusOf(record, new Set(replyOf.keys())),
          workflowId,
          workflowStartedAt: now,
          submitterEmail: record.submitterEmail ?? organisation.notifyEmail,
          submittedAt: record.submittedAt,
          sentAt: record.sentAt ?? null,
          closedAt: record.closedAt ?? null,
          imported: true,
        },
      });
      // The persons the signal concerns, each with its processing-log record, in this transaction (the log is
      // there: importSignals refused to start without it).
      if (record.concernedPersons.length > 0) {
        await writeImportedConcernedPersons(
          tx,
          deps.processingLog!,
          { id: signalId, organisationCode: organisation.code },
          record.concernedPersons,
          now,
        );
      }
      // Co-submitters since the submission, as the import says; their mails start with the signal's next step.
      await tx.signalCoSubmitter.createMany({
        data: coSubmitters.map((co) => ({
          signalId,
          organisationId: co.id,
          addedAt: record.submittedAt,
          addedBy: IMPORT_ACTOR.actorLabel,
        })),
      });
      for (const [n, reply] of replies.entries()) {
        await tx.reply.create({
          data: {
            id: reply.id,
            signalId,
            businessKey: reply.businessKey,
            text: reply.text ?? 'Reactie ontvangen vóór de ingebruikname van signaalloket (geïmporteerd).',
            channel: reply.channel,
            receivedAt: reply.receivedAt,
            forwardedAt: reply.forwardedAt ?? null,
            actorLabel: 'Import',
            documents: { create: documents.replies.get(n) ?? [] },
          },
        });
      }
      await createSignalDocuments(tx, signalId, organisation.name, record.submittedAt, documents);
      // The read model right away (history must count in reports even before the worker has run); the workflow's
      // own write (a higher stateVersion) replaces these rows with its deadlines.
      for (const ministry of record.ministries) {
        const code = canonical(ministry.code);
        const reply = replyOf.get(code.toUpperCase());
        await tx.ministryCase.create({
          data: {
            signalId,
            ministryId: ministryByCode.get(code.toUpperCase())!.id,
            workflowId: ministryCaseWorkflowId(signalId, code),
            status: reply ? 'replied' : ministry.acknowledgedAt ? 'acknowledged' : 'awaiting_ack',
            sentAt: record.sentAt!,
            acknowledgedAt: ministry.acknowledgedAt ?? (reply ? reply.receivedAt : null),
            repliedAt: reply?.receivedAt ?? null,
            replyId: reply?.id ?? null,
            replyDueAt: ministry.replyDueAt ?? null,
          },
        });
      }
      await tx.signalEvent.createMany({ data: events, skipDuplicates: true });
      // The API allocates from the counter alone: an imported BS reference must move it past itself.
      await raiseReferenceCounter(tx, reference);
    })
    .catch(async (error: unknown) => {
      await removeBlobs(prisma, documents.blobIds).catch(() => undefined);
      throw error;
    });

  const imported: ImportedSignalState = {
    stage: record.stage,
    submittedAt: record.submittedAt.toISOString(),
    ...(record.sentAt ? { sentAt: record.sentAt.toISOString() } : {}),
    ...(record.closedAt ? { closedAt: record.closedAt.toISOString() } : {}),
    ...(record.stage !== 'in_review'
      ? {
          ministries: record.ministries.map((ministry) => {
            const code = canonical(ministry.code);
            const reply = replyOf.get(code.toUpperCase());
            return {
              ministryCode: code,
              ...(ministry.acknowledgedAt ? { acknowledgedAt: ministry.acknowledgedAt.toISOString() } : {}),
              ...(reply ? { repliedAt: reply.receivedAt.toISOString(), replyId: reply.id } : {}),
              ...(reply?.forwardedAt ? { replyForwardedAt: reply.forwardedAt.toISOString() } : {}),
              ...(ministry.replyDueAt ? { replyDueAt: ministry.replyDueAt.toISOString() } : {}),
            };
          }),
        }
      : {}),
  };
  const input: SignalLifecycleInput = { signalId, organisationCode: organisation.code, imported };
  try {
    await temporal.workflow.start(SIGNAL_LIFECYCLE_WORKFLOW, {
      workflowId,
      taskQueue: deps.taskQueue ?? deps.config?.temporal.taskQueue ?? TASK_QUEUE,
      args: [input],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
      await removeImported(prisma, signalId);
      throw error;
    }
  }
  return { index, status: 'imported', reference, signalId, stage: record.stage };
}

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** The signal's own documents, in the order the import names them, each in the timeline as added at submission. */
async function createSignalDocuments(
  tx: Transaction,
  signalId: string,
  organisationName: string,
  submittedAt: Date,
  documents: StoredImportDocuments,
): Promise<void> {
  for (const [position, document] of documents.signal.entries()) {
    const row = await tx.signalDocument.create({
      data: {
        signalId,
        ...document,
        uploadedByType: 'submitter',
        uploadedById: 'import',
        uploadedByLabel: organisationName,
        position,
        createdAt: submittedAt,
      },
    });
    await tx.signalEvent.create({
      data: {
        signalId,
        businessKey: `import:${signalId}:document-${position + 1}`,
        type: DOCUMENT_ADDED_EVENT,
        ...IMPORT_ACTOR,
        at: submittedAt,
        data: {
          documentId: row.id,
          filename: row.filename,
          size: row.size,
          sha256: row.sha256,
          imported: true,
        },
      },
    });
  }
}

/** Undo a half-done import of one signal (its workflow could not be started), so a retry starts clean. */
async function removeImported(prisma: PrismaClient, signalId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const blobs = [
      ...(await tx.signalDocument.findMany({ where: { signalId }, select: { blobId: true } })),
      ...(await tx.replyDocument.findMany({ where: { reply: { signalId } }, select: { blobId: true } })),
    ].map((row) => row.blobId);
    await tx.signalDocument.deleteMany({ where: { signalId } });
    await tx.replyDocument.deleteMany({ where: { reply: { signalId } } });
    await removeBlobs(tx, blobs);
    await tx.signalCoSubmitter.deleteMany({ where: { signalId } });
    await tx.signalEvent.deleteMany({ where: { signalId } });
    await tx.ministryCase.deleteMany({ where: { signalId } });
    await tx.reply.deleteMany({ where: { signalId } });
    await tx.signal.deleteMany({ where: { id: signalId } });
  });
}
