import {
  acknowledgeUpdate,
  closeUpdate,
  decideExtensionUpdate,
  recordReplyUpdate,
  requestExtensionUpdate,
  reviewUpdate,
  statusQuery,
  type LifecycleSnapshot,
} from '../../shared/lifecycle';
import { forwardRepliesUpdate } from '../../shared/reply-forwarding';
import { contact, coordinator, until } from './harness';
import { useIntegrationBed } from './integration-bed';

/**
 * The lifecycle on a real Temporal dev server, with the real activities, PostgreSQL and the real mail side (SMTP
 * in-process): after every step the read model and the timeline say what the workflow says. Clocks are covered
 * on the time-skipping server (the dev server's time does not skip).
 */
jest.setTimeout(120_000);

const bed = useIntegrationBed();

/** Makes every write succeed and then "lose" its answer once, as a worker crash after the commit would. */
function failingAfterWriteOnce<A extends Record<string, unknown>>(
  activities: A,
  names: Array<keyof A>,
  log: string[],
): A {
  const seen = new Set<string>();
  const wrapped: Record<string, unknown> = { ...activities };
  for (const name of names) {
    const original = activities[name] as (input: unknown) => Promise<unknown>;
    wrapped[name as string] = async (input: unknown) => {
      const result = await original(input);
      const key = `${String(name)}:${JSON.stringify(input)}`;
      if (!seen.has(key)) {
        seen.add(key);
        log.push(String(name));
        throw new Error(`lost the answer of ${String(name)} after it was written`);
      }
      return result;
    };
  }
  return wrapped as A;
}

/** Runs a worker on the bed; with `flaky`, its writes lose their first answer and are logged there. */
function runWorker(options: { flaky?: string[] } = {}): Promise<{ stop(): Promise<void> }> {
  return bed.runWorker(
    options.flaky
      ? {
          activities: failingAfterWriteOnce(
            bed.activities(),
            ['recordSignalState', 'recordClockEvent', 'notify'],
            options.flaky,
          ),
        }
      : {},
  );
}

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

/** The read model must say exactly what the workflow's own status query says. */
async function expectReadModelMatches(snapshot: LifecycleSnapshot): Promise<void> {
  const row = await bed.db.prisma.signal.findUniqueOrThrow({
    where: { id: snapshot.signalId },
    include: { cases: { include: { ministry: true } } },
  });
  expect({
    status: row.status,
    stateVersion: row.stateVersion,
    reviewDueAt: iso(row.reviewDueAt),
    amendmentDueAt: iso(row.amendmentDueAt),
    sentAt: iso(row.sentAt),
    closedAt: iso(row.closedAt),
    nextDeadlineAt: iso(row.nextDeadlineAt),
    nextDeadlineKind: row.nextDeadlineKind,
  }).toEqual({
    status: snapshot.status,
    stateVersion: snapshot.version,
    reviewDueAt: snapshot.reviewDueAt,
    amendmentDueAt: snapshot.amendmentDueAt,
    sentAt: snapshot.sentAt,
    closedAt: snapshot.closedAt,
    nextDeadlineAt: snapshot.nextDeadlineAt,
    nextDeadlineKind: snapshot.nextDeadlineKind,
  });
  const cases = row.cases
    .map((c) => ({
      ministryCode: c.ministry.code,
      status: c.status,
      ackDueAt: iso(c.ackDueAt),
      replyDueAt: iso(c.replyDueAt),
      acknowledgedAt: iso(c.acknowledgedAt),
      repliedAt: iso(c.repliedAt),
      replyId: c.replyId,
      extensionCount: c.extensionCount,
    }))
    .sort((a, b) => a.ministryCode.localeCompare(b.ministryCode));
  expect(cases).toEqual(
    snapshot.ministries
      .map((m) => ({
        ministryCode: m.ministryCode,
        status: m.status,
        ackDueAt: m.ackDueAt,
        replyDueAt: m.replyDueAt,
        acknowledgedAt: m.acknowledgedAt,
        repliedAt: m.repliedAt,
        replyId: m.replyId,
        extensionCount: m.extensionCount,
      }))
      .sort((a, b) => a.ministryCode.localeCompare(b.ministryCode)),
  );
}

async function timeline(signalId: string): Promise<string[]> {
  const events = await bed.db.prisma.signalEvent.findMany({ where: { signalId }, orderBy: { id: 'asc' } });
  return events.map((e) => (e.ministryCode ? `${e.type}:${e.ministryCode}` : e.type));
}

async function storeReply(signalId: string, key: string): Promise<string> {
  const reply = await bed.db.prisma.reply.create({
    data: {
      signalId,
      businessKey: key,
      text: 'Gezamenlijke reactie',
      channel: 'post',
      receivedAt: new Date(),
      actorLabel: 'Loket',
    },
  });
  return reply.id;
}

describe('lifecycle on the dev server with PostgreSQL', () => {
  it('keeps the read model and the timeline equal to the workflow after every step', async () => {
    const worker = await runWorker();
    try {
      const { signalId, handle } = await bed.startLifecycle();
      const started = await waitForVersion(handle, 1);
      expect(started.status).toBe('in_review');
      await expectReadModelMatches(started);
      expect(await timeline(signalId)).toEqual(['submitted', 'review_started']);

      const sent = await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['JenV', 'BZ'], actor: coordinator }],
      });
      await expectReadModelMatches(sent.snapshot);
      expect(await timeline(signalId)).toEqual(['submitted', 'review_started', 'sent']);
      // Temporal's own list views can filter on the search attributes.
      const query = `SignalStatus = 'sent' AND SignalMinistries = 'BZ' AND SignalOrganisation = 'RIEC-ON' AND WorkflowId = '${handle.workflowId}'`;
      await until(
        async () => {
          const found: string[] = [];
          for await (const execution of bed.temporal.client.workflow.list({ query }))
            found.push(execution.workflowId);
          return found;
        },
        (found) => found.length === 1,
        'the visibility query to find the signal',
      );
      // Each ministry's contact got a request with a personal link (the mail side's outbox, one row per contact).
      const requests = await bed.db.prisma.mailOutbox.findMany({
        where: { signalId, template: 'ministry_request' },
      });
      expect(requests.map((r) => r.toAddress).sort()).toEqual(['contact@bz.example', 'contact@jenv.example']);

      await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'JenV', actor: contact }] });
      const again = await handle.executeUpdate(acknowledgeUpdate, {
        args: [{ ministryCode: 'JenV', actor: contact }],
      });
      expect(again.alreadyAcknowledged).toBe(true);
      await expectReadModelMatches(await handle.query(statusQuery));

      const request = await handle.executeUpdate(requestExtensionUpdate, {
        args: [{ ministryCode: 'BZ', reason: 'Afstemming met JenV', extraWorkingDays: 15, actor: contact }],
      });
      await expectReadModelMatches(await handle.query(statusQuery));
      const approved = await handle.executeUpdate(decideExtensionUpdate, {
        args: [{ ministryCode: 'BZ', decision: 'approve', actor: coordinator }],
      });
      expect(approved.replyDueAt).toBe(request.requestedDueAt);
      await expectReadModelMatches(approved.snapshot);

      const replyId = await storeReply(signalId, `reply-${signalId}`);
      const replied = await handle.executeUpdate(recordReplyUpdate, {
        args: [{ ministryCodes: ['JenV', 'BZ'], replyId, channel: 'post', actor: coordinator }],
      });
      expect(replied.status).toBe('replied');
      await expectReadModelMatches(replied.snapshot);

      const forwarded = await handle.executeUpdate(forwardRepliesUpdate, {
        args: [{ replyIds: [replyId], note: 'Ter informatie', actor: coordinator }],
      });
      await expectReadModelMatches(forwarded.snapshot);
      const stored = await bed.db.prisma.reply.findUniqueOrThrow({ where: { id: replyId } });
      expect(stored.forwardedAt?.toISOString()).toBe(forwarded.snapshot.ministries[0]!.replyForwardedAt);

      const closed = await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });
      await expectReadModelMatches(closed.snapshot);
      expect((await handle.result()).status).toBe('closed');
      expect(await timeline(signalId)).toEqual([
        'submitted',
        'review_started',
        'sent',
        'acknowledged:JenV',
        'acknowledged:BZ',
        'extension_requested:BZ',
        'extension_approved:BZ',
        'reply_received',
        'reply_forwarded',
        'closed',
      ]);
      const events = await bed.db.prisma.signalEvent.findMany({
        where: { signalId },
        orderBy: { id: 'asc' },
      });
      expect(events.find((e) => e.type === 'extension_approved')!.actorType).toBe('coordinator');
      expect(events.find((e) => e.type === 'acknowledged')!.actorLabel).toBe(contact.label);
      // Nothing of the signal's content ever went to Temporal.
      const history = JSON.stringify(await handle.fetchHistory());
      expect(history).not.toContain('Vertrouwelijke');
    } finally {
      await worker.stop();
    }
  });

  it('loses nothing when the worker stops mid-lifecycle and another one takes over', async () => {
    const first = await runWorker();
    const { signalId, handle } = await bed.startLifecycle();
    await waitForVersion(handle, 1);
    await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['JenV', 'BZ'], actor: coordinator }],
    });
    await first.stop();

    // Decisions arriving while no worker runs wait for the next one.
    const pendingAck = handle.executeUpdate(acknowledgeUpdate, {
      args: [{ ministryCode: 'BZ', actor: contact }],
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const second = await runWorker();
    try {
      const ack = await pendingAck;
      expect(ack.alreadyAcknowledged).toBe(false);
      await expectReadModelMatches(await handle.query(statusQuery));
      const replyId = await storeReply(signalId, `reply-${signalId}`);
      const replied = await handle.executeUpdate(recordReplyUpdate, {
        args: [{ ministryCodes: ['BZ', 'JenV'], replyId, channel: 'link', actor: contact }],
      });
      await expectReadModelMatches(replied.snapshot);
      await handle.executeUpdate(closeUpdate, {
        args: [{ actor: coordinator, unforwardedReason: 'Per post aan de indiener gestuurd' }],
      });
      expect((await handle.result()).status).toBe('closed');
      expect(await timeline(signalId)).toEqual([
        'submitted',
        'review_started',
        'sent',
        'acknowledged:BZ',
        'reply_received',
        'closed',
      ]);
      // One request per contact, one submission mail: no duplicate from the restart.
      const outbox = await bed.db.prisma.mailOutbox.groupBy({
        by: ['template'],
        where: { signalId },
        _count: true,
      });
      const counts = Object.fromEntries(outbox.map((row) => [row.template, row._count]));
      expect(counts.ministry_request).toBe(2);
      expect(counts.signal_closed).toBe(1);
    } finally {
      await second.stop();
    }
  });
});

describe('retried activities', () => {
  it('write no second event and send no second mail when an answer is lost after the write', async () => {
    const retried: string[] = [];
    const worker = await runWorker({ flaky: retried });
    try {
      const { signalId, handle } = await bed.startLifecycle();
      await waitForVersion(handle, 1);
      await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['JenV'], actor: coordinator }],
      });
      await handle.executeUpdate(acknowledgeUpdate, {
        args: [{ ministryCode: 'JenV', actor: contact }],
      });
      expect(retried).toEqual(expect.arrayContaining(['recordSignalState', 'notify']));
      expect(await timeline(signalId)).toEqual(['submitted', 'review_started', 'sent', 'acknowledged:JenV']);
      const outbox = await bed.db.prisma.mailOutbox.findMany({ where: { signalId } });
      const perTemplateAndAddress = new Set(outbox.map((row) => `${row.template} ${row.toAddress}`));
      expect(perTemplateAndAddress.size).toBe(outbox.length);
      expect(outbox.filter((row) => row.template === 'ministry_request')).toHaveLength(1);
      await expectReadModelMatches(await handle.query(statusQuery));
    } finally {
      await worker.stop();
    }
  });
});

async function waitForVersion(
  handle: Awaited<ReturnType<typeof bed.startLifecycle>>['handle'],
  version: number,
): Promise<LifecycleSnapshot> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const snapshot = await handle.query(statusQuery);
    // The update or query answers after the commit activity returned, so the row is there too.
    const row = await bed.db.prisma.signal.findUnique({ where: { id: snapshot.signalId } });
    if (snapshot.version >= version && row && row.stateVersion >= version) return snapshot;
    if (Date.now() > deadline) throw new Error(`the lifecycle did not reach version ${version}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
