import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities';
import {
  DEFAULT_DEADLINE_POLICY,
  type LifecycleSnapshot,
  type SignalStateRecord,
} from '../../shared/lifecycle';
import { signalWorkflowId } from '../../shared/ids';
import type { NotifyInput } from '../../shared/notifications';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createSignalRow, seedWorld } from './fixtures';

let db: TestDatabase;
let organisationId: string;
const notified: NotifyInput[] = [];
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ organisationId } = await seedWorld(db.prisma));
  activities = createActivities({
    prisma: db.prisma,
    mail: { notify: (input) => Promise.resolve(void notified.push(input)) },
  });
});
afterAll(() => db?.drop());

function snapshotOf(
  signalId: string,
  version: number,
  overrides: Partial<LifecycleSnapshot> = {},
): LifecycleSnapshot {
  return {
    signalId,
    organisationCode: 'RIEC-ON',
    policyName: 'default',
    status: 'sent',
    submittedAt: '2026-11-30T09:00:00.000Z',
    reviewDueAt: null,
    amendmentDueAt: null,
    sentAt: '2026-12-01T09:00:00.000Z',
    closedAt: null,
    ministries: [
      {
        ministryCode: 'JenV',
        status: 'awaiting_ack',
        sentAt: '2026-12-01T09:00:00.000Z',
        ackDueAt: '2026-12-08T23:00:00.000Z',
        acknowledgedAt: null,
        replyDueAt: '2027-01-26T23:00:00.000Z',
        repliedAt: null,
        replyId: null,
        extensionCount: 0,
        escalationCount: 0,
        overdue: false,
        pendingExtension: null,
      },
    ],
    nextDeadlineAt: '2026-12-08T23:00:00.000Z',
    nextDeadlineKind: 'ack:JenV',
    overdue: false,
    version,
    ...overrides,
  };
}

function record(
  signalId: string,
  version: number,
  overrides: Partial<LifecycleSnapshot> = {},
): SignalStateRecord {
  return {
    snapshot: snapshotOf(signalId, version, overrides),
    events: [
      {
        businessKey: `${signalWorkflowId(signalId)}:v${version}:step`,
        type: 'sent',
        actor: { type: 'coordinator', id: 'u1', label: 'Loket' },
        at: '2026-12-01T09:00:00.000Z',
        data: { ministryCodes: ['JenV'] },
      },
    ],
  };
}

async function businessFailure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect((error as ApplicationFailure).nonRetryable).toBe(true);
  return error as ApplicationFailure;
}

describe('read-model activities', () => {
  it('writes the signal, its ministry cases and the event once, however often it is retried', async () => {
    const signalId = await createSignalRow(db.prisma, organisationId);
    await activities.recordSignalState(record(signalId, 3));
    await activities.recordSignalState(record(signalId, 3));
    const signal = await db.prisma.signal.findUniqueOrThrow({
      where: { id: signalId },
      include: { cases: true, events: true },
    });
    expect(signal).toMatchObject({ status: 'sent', stateVersion: 3, nextDeadlineKind: 'ack:JenV' });
    expect(signal.nextDeadlineAt?.toISOString()).toBe('2026-12-08T23:00:00.000Z');
    expect(signal.cases).toHaveLength(1);
    expect(signal.cases[0]).toMatchObject({ status: 'awaiting_ack', stateVersion: 3 });
    expect(signal.events).toHaveLength(1);
    expect(signal.events[0]).toMatchObject({ type: 'sent', actorType: 'coordinator', actorLabel: 'Loket' });
    expect(signal.events[0]!.data).toMatchObject({ ministryCodes: ['JenV'], actorId: 'u1' });
  });

  it('writes suspended clocks and a pending suspension request, and clears them when they end', async () => {
    const signalId = await createSignalRow(db.prisma, organisationId);
    const base = snapshotOf(signalId, 2);
    const contact = { type: 'ministry_contact' as const, id: 'c1', label: 'Contactpersoon JenV' };
    await activities.recordSignalState({
      events: [],
      snapshot: {
        ...base,
        suspendedSince: '2026-12-02T09:00:00.000Z',
        suspensionReason: 'Awaiting the police report',
        ministries: [
          {
            ...base.ministries[0]!,
            ackSuspendedSince: '2026-12-03T09:00:00.000Z',
            ackSuspensionReason: 'Contact on leave',
            pendingSuspension: {
              ministryCode: 'JenV',
              reason: 'Awaiting advice',
              requestedAt: '2026-12-04T09:00:00.000Z',
              requestedBy: contact,
            },
          },
        ],
      },
    });
    const suspended = await db.prisma.signal.findUniqueOrThrow({
      where: { id: signalId },
      include: { cases: true },
    });
    expect(suspended).toMatchObject({ suspensionReason: 'Awaiting the police report' });
    expect(suspended.suspendedSince?.toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(suspended.cases[0]).toMatchObject({
      ackSuspensionReason: 'Contact on leave',
      replySuspendedSince: null,
      suspensionRequestReason: 'Awaiting advice',
    });
    expect(suspended.cases[0]!.ackSuspendedSince?.toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(suspended.cases[0]!.suspensionRequestedAt?.toISOString()).toBe('2026-12-04T09:00:00.000Z');
    await activities.recordSignalState(record(signalId, 3));
    const resumed = await db.prisma.signal.findUniqueOrThrow({
      where: { id: signalId },
      include: { cases: true },
    });
    expect(resumed).toMatchObject({ suspendedSince: null, suspensionReason: null });
    expect(resumed.cases[0]).toMatchObject({
      ackSuspendedSince: null,
      ackSuspensionReason: null,
      suspensionRequestedAt: null,
      suspensionRequestReason: null,
    });
  });

  it('never lets a late retry of an older version overwrite a newer state', async () => {
    const signalId = await createSignalRow(db.prisma, organisationId);
    await activities.recordSignalState(record(signalId, 5, { status: 'replied' }));
    await activities.recordSignalState(record(signalId, 4, { status: 'sent' }));
    const signal = await db.prisma.signal.findUniqueOrThrow({ where: { id: signalId } });
    expect(signal).toMatchObject({ status: 'replied', stateVersion: 5 });
    // The older transition's event still belongs in the timeline.
    expect(await db.prisma.signalEvent.count({ where: { signalId } })).toBe(2);
  });

  it('records when a reply was forwarded, once: a joint reply once for all its ministries', async () => {
    const signalId = await createSignalRow(db.prisma, organisationId);
    const reply = await db.prisma.reply.create({
      data: {
        signalId,
        businessKey: `forwarding-${signalId}`,
        text: 'Gezamenlijke reactie',
        channel: 'post',
        receivedAt: new Date('2026-12-10T10:00:00.000Z'),
        actorLabel: 'Loket',
      },
    });
    const replied = (replyForwardedAt: string | null) =>
      ['JenV', 'BZ'].map((ministryCode) => ({
        ...snapshotOf(signalId, 1).ministries[0]!,
        ministryCode,
        status: 'replied' as const,
        repliedAt: '2026-12-10T10:00:00.000Z',
        replyId: reply.id,
        replyForwardedAt,
      }));
    await activities.recordSignalState(record(signalId, 6, { status: 'replied', ministries: replied(null) }));
    expect((await db.prisma.reply.findUniqueOrThrow({ where: { id: reply.id } })).forwardedAt).toBeNull();
    await activities.recordSignalState(
      record(signalId, 7, { status: 'replied', ministries: replied('2026-12-11T08:30:00.000Z') }),
    );
    // A later transition carries the same moment; the first one written stands.
    await activities.recordSignalState(
      record(signalId, 8, { status: 'closed', ministries: replied('2026-12-11T08:30:00.000Z') }),
    );
    const forwarded = await db.prisma.reply.findUniqueOrThrow({ where: { id: reply.id } });
    expect(forwarded.forwardedAt?.toISOString()).toBe('2026-12-11T08:30:00.000Z');
  });

  it('records a clock event once and never lowers an escalation count', async () => {
    const signalId = await createSignalRow(db.prisma, organisationId);
    await activities.recordSignalState(record(signalId, 1));
    const event = (level: number) => ({
      signalId,
      escalationCount: level,
      event: {
        businessKey: `k-${signalId}-${level}`,
        type: 'ack_escalated' as const,
        ministryCode: 'JenV',
        actor: { type: 'system' as const, label: 'signaalloket' },
        at: '2026-12-09T00:00:00.000Z',
        data: { level },
      },
    });
    await activities.recordClockEvent(event(2));
    await activities.recordClockEvent(event(2));
    await activities.recordClockEvent(event(1));
    expect(await db.prisma.signalEvent.count({ where: { signalId, type: 'ack_escalated' } })).toBe(2);
    const ministryCase = await db.prisma.ministryCase.findFirstOrThrow({ where: { signalId } });
    expect(ministryCase.escalationCount).toBe(2);
  });

  it('refuses unknown ministries and foreign replies with non-retryable business errors', async () => {
    expect(await activities.resolveMinistries({ ministryCodes: ['jenv', 'BZ'] })).toEqual(['JenV', 'BZ']);
    const unknown = await businessFailure(activities.resolveMinistries({ ministryCodes: ['BZ', 'NOPE'] }));
    expect(unknown.type).toBe('UnknownMinistry');
    expect(unknown.message).toContain('NOPE');

    const signalId = await createSignalRow(db.prisma, organisationId);
    const otherSignalId = await createSignalRow(db.prisma, organisationId);
    const reply = await db.prisma.reply.create({
      data: {
        signalId: otherSignalId,
        businessKey: `r-${otherSignalId}`,
        text: 'x',
        channel: 'post',
        receivedAt: new Date(),
        actorLabel: 'Loket',
      },
    });
    expect((await businessFailure(activities.verifyReply({ signalId, replyId: reply.id }))).type).toBe(
      'UnknownReply',
    );
    await expect(
      activities.verifyReply({ signalId: otherSignalId, replyId: reply.id }),
    ).resolves.toBeUndefined();
    const missing = await businessFailure(
      activities.recordSignalState(record('00000000-0000-4000-8000-000000000000', 1)),
    );
    expect(missing.type).toBe('SignalNotFound');
  });

  it('loads the deadline policy from the database, with defaults for what it leaves out', async () => {
    expect(await activities.loadPolicy({})).toEqual(DEFAULT_DEADLINE_POLICY);
    await db.prisma.deadlinePolicy.create({
      data: { name: 'urgent', settings: { review: { deadlineWorkingDays: 5, reminderWorkingDay: 3 } } },
    });
    const urgent = await activities.loadPolicy({ policyName: 'urgent' });
    expect(urgent.review).toEqual({ deadlineWorkingDays: 5, reminderWorkingDay: 3 });
    expect(urgent.reply).toEqual(DEFAULT_DEADLINE_POLICY.reply);
    // A removed policy falls back to the default one.
    expect(await activities.loadPolicy({ policyName: 'gone' })).toEqual(DEFAULT_DEADLINE_POLICY);
    await db.prisma.deadlinePolicy.create({
      data: { name: 'broken', settings: { review: { deadlineWorkingDays: 'ten' } } },
    });
    expect((await businessFailure(activities.loadPolicy({ policyName: 'broken' }))).type).toBe(
      'InvalidPolicy',
    );
    const impossible = await businessFailure(
      activities.planClock({
        kind: 'reply',
        startAt: '2027-01-04T10:00:00Z',
        policy: DEFAULT_DEADLINE_POLICY,
        override: { dueDate: '2026-01-01' },
      }),
    );
    expect(impossible.type).toBe('InvalidDeadline');
  });
});
