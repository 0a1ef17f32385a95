import crypto from 'node:crypto';
import { lookupResponseToken } from '../../activities/mail';
import { ministryCaseWorkflowId, signalWorkflowId } from '../../shared/ids';
import { statusQuery, type LifecycleSnapshot } from '../../shared/lifecycle';
import type { DrivenSignal } from './lifecycle';
import type { ProductAccess } from './seeded-config';

/**
 * The drills' definition of "nothing lost, nothing twice": every signal reached its end in the workflow and in
 * the read model, and they agree; every timeline step is there once; every mail in the outbox left and arrived,
 * none twice; no workflow task ever failed on non-determinism.
 */
export interface Verdict {
  problems: string[];
  figures: Record<string, number>;
}

async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * A workflow's status once it has finished, or its status at the deadline. The read model says "closed" as soon
 * as the last decision is committed; the workflow itself (and a ministry case after its reply) ends a task or two
 * later, and a worker killed just then finishes it after its restart. "Every signal completes" is about the end.
 */
async function statusWhenSettled(
  handle: { describe(): Promise<{ status: { name: string } }> },
  deadline: number,
): Promise<string> {
  for (;;) {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING' || Date.now() > deadline) return status.name;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// How long running workflows may take to finish once the load has stopped.
const SETTLE_MS = 120_000;

const ONCE_PER_SIGNAL = ['submitted', 'review_started', 'sent', 'closed'];
const ONCE_PER_MINISTRY = ['acknowledged', 'reply_received'];

export function messageIdOf(businessKey: string, mailFrom: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'signaalloket.local';
  return `<${crypto.createHash('sha256').update(businessKey).digest('hex').slice(0, 40)}@${domain}>`;
}

export async function verifyClosedSignals(
  product: ProductAccess,
  signals: DrivenSignal[],
  extraNondeterminism: string[] = [],
  options: { allowRedeliveryAfterKill?: boolean } = {},
): Promise<Verdict> {
  const problems: string[] = [];
  const figures: Record<string, number> = { signals: signals.length };
  const ids = signals.map((s) => s.id);

  // 1. The read model: closed, with every ministry replied.
  const rows = await product.prisma.signal.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      reference: true,
      status: true,
      stateVersion: true,
      cases: { select: { status: true, ministry: { select: { code: true } } } },
    },
  });
  figures.readModelRows = rows.length;
  if (rows.length !== signals.length)
    problems.push(`${signals.length - rows.length} signals have no row in the read model`);
  const rowById = new Map(rows.map((r) => [r.id, r]));
  for (const row of rows) {
    if (row.status !== 'closed')
      problems.push(`${row.reference}: read model status ${row.status}, expected closed`);
  }

  // 2. The workflows: finished, their final state equal to the read model, no non-determinism in any history.
  let completed = 0;
  let nondeterministic = 0;
  let failedTasks = 0;
  const settleDeadline = Date.now() + SETTLE_MS;
  await inBatches(signals, 8, async (signal) => {
    const handles = [
      signalWorkflowId(signal.id),
      ...signal.ministries.map((code) => ministryCaseWorkflowId(signal.id, code)),
    ].map((wid) => product.temporal.workflow.getHandle(wid));
    const finishedIds = new Set<string>();
    for (const handle of handles) {
      const status = await statusWhenSettled(handle, settleDeadline);
      if (status === 'COMPLETED') {
        completed += 1;
        finishedIds.add(handle.workflowId);
      } else problems.push(`${handle.workflowId}: ${status}, expected COMPLETED`);
      const history = await handle.fetchHistory();
      for (const event of history.events ?? []) {
        const failed = event.workflowTaskFailedEventAttributes;
        if (!failed) continue;
        failedTasks += 1;
        const text = `${String(failed.cause)} ${failed.failure?.message ?? ''}`;
        if (/NON_DETERMINISTIC|nondetermin|TMPRL1100/i.test(text)) {
          nondeterministic += 1;
          problems.push(`${handle.workflowId}: non-determinism: ${failed.failure?.message ?? failed.cause}`);
        }
      }
    }
    const row = rowById.get(signal.id);
    if (!row) return;
    // A finished lifecycle returns its final snapshot, which Temporal keeps with the history: reading it needs no
    // worker. A query of a closed workflow would make the worker replay every history (1,000 in the full drill)
    // and fail the verification whenever one replay is slow; the query stays for lifecycles still running.
    const snapshot = finishedIds.has(handles[0]!.workflowId)
      ? ((await handles[0]!.result()) as LifecycleSnapshot)
      : await handles[0]!.query(statusQuery);
    if (snapshot.status !== row.status)
      problems.push(`${signal.reference}: workflow says ${snapshot.status}, read model ${row.status}`);
    if (snapshot.version !== row.stateVersion) {
      problems.push(
        `${signal.reference}: workflow version ${snapshot.version}, read model ${row.stateVersion}`,
      );
    }
    for (const ministry of snapshot.ministries) {
      const stored = row.cases.find((c) => c.ministry.code === ministry.ministryCode);
      if (stored?.status !== ministry.status) {
        problems.push(
          `${signal.reference} ${ministry.ministryCode}: workflow ${ministry.status}, read model ${stored?.status ?? 'none'}`,
        );
      }
    }
  });
  figures.workflowsCompleted = completed;
  figures.failedWorkflowTasks = failedTasks;
  figures.nondeterminismErrors = nondeterministic + extraNondeterminism.length;
  for (const line of extraNondeterminism.slice(0, 5)) problems.push(`worker log: ${line}`);

  // 3. The timeline: each step once.
  const events = await product.prisma.signalEvent.groupBy({
    by: ['signalId', 'type', 'ministryCode'],
    where: { signalId: { in: ids } },
    _count: { _all: true },
  });
  figures.events = events.reduce((sum, e) => sum + e._count._all, 0);
  const count = (signalId: string, type: string, code: string | null): number =>
    events.find((e) => e.signalId === signalId && e.type === type && e.ministryCode === code)?._count._all ??
    0;
  let duplicateEvents = 0;
  for (const e of events)
    if (e._count._all > 1 && [...ONCE_PER_SIGNAL, ...ONCE_PER_MINISTRY].includes(e.type))
      duplicateEvents += e._count._all - 1;
  figures.duplicateEvents = duplicateEvents;
  for (const signal of signals) {
    for (const type of ONCE_PER_SIGNAL) {
      const n = count(signal.id, type, null);
      if (n !== 1) problems.push(`${signal.reference}: ${n} "${type}" events, expected 1`);
    }
    for (const code of signal.ministries) {
      for (const type of ONCE_PER_MINISTRY) {
        const n = count(signal.id, type, code);
        if (n !== 1) problems.push(`${signal.reference} ${code}: ${n} "${type}" events, expected 1`);
      }
    }
  }

  // Mails held back by an outage leave on the dispatcher's backoff schedule (10 s, 20 s, 40 s, …): wait for them.
  const drainBegin = Date.now();
  const drainLimitMs = Number(process.env.DRILL_OUTBOX_WAIT_MS ?? 15 * 60_000);
  for (;;) {
    const pending = await product.prisma.mailOutbox.count({
      where: { signalId: { in: ids }, status: 'pending' },
    });
    if (pending === 0 || Date.now() - drainBegin > drainLimitMs) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  figures.outboxDrainSeconds = Math.round((Date.now() - drainBegin) / 1000);
  await new Promise((resolve) => setTimeout(resolve, 500)); // the last 250 OK's mail is parsed here
  problems.push(...(await verifyMail(product, ids, figures, options)));
  return { problems, figures };
}

/**
 * Mail: every outbox row of these signals left (status sent) and arrived under its own Message-ID; nothing
 * arrived that the outbox does not know; no two rows say the same thing to the same person; and per signal and
 * recipient the mails arrived in the order they were written. Every response link in an arrived mail opens its
 * case (a copy sent again after a crash included), and each contact has one link per case.
 */
export async function verifyMail(
  product: ProductAccess,
  signalIds: string[],
  figures: Record<string, number>,
  options: { allowRedeliveryAfterKill?: boolean } = {},
): Promise<string[]> {
  const problems: string[] = [];
  const outbox = await product.prisma.mailOutbox.findMany({
    where: { signalId: { in: signalIds } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      businessKey: true,
      signalId: true,
      template: true,
      toAddress: true,
      status: true,
      createdAt: true,
      textBody: true,
      attempts: true,
    },
  });
  figures.outboxRows = outbox.length;
  const byMessageId = new Map(
    outbox.map((row) => [messageIdOf(row.businessKey, product.config.mailFrom), row]),
  );
  const unsent = outbox.filter((row) => row.status !== 'sent');
  figures.outboxNotSent = unsent.length;
  for (const row of unsent.slice(0, 10))
    problems.push(`mail ${row.template} to ${row.toAddress} is ${row.status}`);

  const sameContent = new Map<string, number>();
  for (const row of outbox) {
    // The same words to the same person about the same signal (two ministries' replies differ in their text).
    const digest = crypto.createHash('sha256').update(row.textBody).digest('hex').slice(0, 12);
    const key = `${row.signalId}|${row.template}|${row.toAddress}|${digest}`;
    sameContent.set(key, (sameContent.get(key) ?? 0) + 1);
  }
  // Rows have unique business keys (a constraint); two rows with the same words to the same person are two events
  // (e.g. two ministries' replies, whose notice does not name the ministry): counted, not a loss or a duplicate.
  figures.outboxSameWordsTwice = [...sameContent].filter(([, n]) => n > 1).length;

  const references = (
    await product.prisma.signal.findMany({ where: { id: { in: signalIds } }, select: { reference: true } })
  ).map((s) => s.reference);
  const arrivals = new Map<string, number>();
  const firstArrival: string[] = [];
  let unknown = 0;
  for (const mail of product.smtp.mails) {
    if (!byMessageId.has(mail.messageId)) {
      // Mails of other signals (not part of this verdict) are fine; a mail of ours without an outbox row is not.
      if (references.some((reference) => mail.subject.includes(`[${reference}]`))) {
        unknown += 1;
        problems.push(`a mail "${mail.subject}" to ${mail.to} has no outbox row (${mail.messageId})`);
      }
      continue;
    }
    const n = (arrivals.get(mail.messageId) ?? 0) + 1;
    arrivals.set(mail.messageId, n);
    if (n === 1) firstArrival.push(mail.messageId);
  }
  figures.mailsReceived = [...arrivals.values()].reduce((a, b) => a + b, 0);
  // SMTP cannot be exactly-once: a worker killed between the relay's 250 and the row's update sends the row again
  // after its lease, under the same Message-ID (activities/mail/outbox.ts). Such a row shows a further attempt;
  // a mail that arrived more often than its row was attempted is a real duplicate.
  let redelivered = 0;
  let duplicated = 0;
  for (const [messageId, n] of arrivals) {
    if (n < 2) continue;
    const row = byMessageId.get(messageId)!;
    if (options.allowRedeliveryAfterKill && row.attempts >= n) redelivered += n - 1;
    else {
      duplicated += n - 1;
      problems.push(
        `mail ${row.template} to ${row.toAddress} arrived ${n} times (${row.attempts} delivery attempts)`,
      );
    }
  }
  figures.mailsReceivedTwice = duplicated;
  figures.mailsRedeliveredAfterKill = redelivered;
  figures.unknownMails = unknown;
  const missing = outbox.filter(
    (row) => row.status === 'sent' && !arrivals.has(messageIdOf(row.businessKey, product.config.mailFrom)),
  );
  figures.mailsMissing = missing.length;
  for (const row of missing.slice(0, 10))
    problems.push(`mail ${row.template} to ${row.toAddress} is marked sent but never arrived`);

  // Order: per signal and recipient, first arrivals follow the outbox's order.
  const lastIndex = new Map<string, number>();
  const position = new Map(
    outbox.map((row, i) => [messageIdOf(row.businessKey, product.config.mailFrom), i]),
  );
  let outOfOrder = 0;
  for (const messageId of firstArrival) {
    const row = byMessageId.get(messageId)!;
    const key = `${row.signalId}|${row.toAddress}`;
    const index = position.get(messageId)!;
    if ((lastIndex.get(key) ?? -1) > index) {
      outOfOrder += 1;
      problems.push(
        `mail ${row.template} to ${row.toAddress} arrived before an older mail of the same signal`,
      );
    }
    lastIndex.set(key, Math.max(lastIndex.get(key) ?? -1, index));
  }
  figures.mailsOutOfOrder = outOfOrder;
  problems.push(...(await verifyResponseLinks(product, outbox, figures)));
  return problems;
}

/** Every response link the relay received still resolves to its case: none is unknown to the database. */
async function verifyResponseLinks(
  product: ProductAccess,
  outbox: Array<{ businessKey: string; signalId: string | null }>,
  figures: Record<string, number>,
): Promise<string[]> {
  const problems: string[] = [];
  const ours = new Set(outbox.map((row) => messageIdOf(row.businessKey, product.config.mailFrom)));
  const tokens = new Map<string, string>();
  for (const mail of product.smtp.mails) {
    if (!ours.has(mail.messageId)) continue;
    const token = /\/respond\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    if (token) tokens.set(token, `${mail.subject} to ${mail.to}`);
  }
  let dead = 0;
  await inBatches([...tokens], 8, async ([token, what]) => {
    const found = await lookupResponseToken(product.prisma, token, new Date());
    if (found.kind !== 'unknown') return;
    dead += 1;
    if (dead <= 10) problems.push(`the response link in "${what}" opens nothing`);
  });
  figures.responseLinksInMails = tokens.size;
  figures.responseLinksDead = dead;
  const signalIds = [...new Set(outbox.map((row) => row.signalId).filter((id) => id !== null))];
  const perCase = await product.prisma.responseToken.groupBy({
    by: ['signalId', 'ministryCode', 'contactId'],
    where: { signalId: { in: signalIds }, legacy: false },
    _count: { _all: true },
  });
  figures.responseLinksReissued = perCase.reduce((n, group) => n + group._count._all - 1, 0);
  return problems;
}
