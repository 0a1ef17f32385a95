import {
  createMailActivities,
  createMailTransport,
  createOutboxDispatcher,
  type OutboxDispatcher,
} from '../../activities/mail';
import { createPrismaClient } from '../../prisma/client';
import { contactNotice, REPLY_DUE_AT, seedSignal, testMailConfig, useMailTestBed } from './fixtures';

/**
 * Every worker process runs an outbox dispatcher. Two of them, each on its own database client and SMTP connection
 * (as two processes have), over one backlog: each mail leaves exactly once, in order per recipient, and both share
 * the work.
 */
const bed = useMailTestBed();

const retry = { baseDelayMs: 50, maxDelayMs: 100, leaseMs: 10_000 };
const STEPS = ['ministry_request', 'ack_reminder', 'ack_escalation'] as const;

it('two dispatchers over one backlog deliver each mail exactly once, in order', async () => {
  const config = testMailConfig();
  const mail = createMailActivities({
    prisma: bed.db.prisma,
    transport: createMailTransport(bed.smtp.url),
    config,
    retry,
  });
  const signals: Array<{ id: string; reference: string }> = [];
  bed.smtp.setDown(true);
  try {
    for (let i = 0; i < 30; i++) {
      const signal = await seedSignal(bed.db.prisma, bed.world);
      signals.push(signal);
      for (const step of STEPS) {
        await mail.notify(
          contactNotice(`signal-${signal.id}:replicas:${step}`, signal.id, 'JenV', step, REPLY_DUE_AT),
        );
      }
    }
  } finally {
    bed.smtp.setDown(false);
  }
  const backlog = await bed.db.prisma.mailOutbox.count({ where: { status: 'pending' } });
  expect(backlog).toBe(signals.length * STEPS.length);

  // Two "processes": a database client and a transport each.
  const second = createPrismaClient(bed.db.url, { poolSize: 3 });
  const dispatchers: OutboxDispatcher[] = [bed.db.prisma, second].map((prisma) =>
    createOutboxDispatcher({ prisma, transport: createMailTransport(bed.smtp.url), config, retry }),
  );
  const deliveredBy = [0, 0];
  try {
    const deadline = Date.now() + 60_000;
    while ((await bed.db.prisma.mailOutbox.count({ where: { status: 'pending' } })) > 0) {
      if (Date.now() > deadline) throw new Error('the backlog was not delivered within a minute');
      const counts = await Promise.all(dispatchers.map((d) => d.runOnce()));
      counts.forEach((count, i) => (deliveredBy[i]! += count));
      await new Promise((resolve) => setTimeout(resolve, 60)); // the first attempts' backoff
    }
  } finally {
    await second.$disconnect();
  }

  const received = bed.smtp.messages.filter((m) => signals.some((s) => m.subject?.includes(s.reference)));
  expect(received).toHaveLength(backlog);
  // Exactly once: one message per outbox row (its Message-ID derives from the row's business key).
  expect(new Set(received.map((m) => m.messageId)).size).toBe(backlog);
  expect(deliveredBy[0]! + deliveredBy[1]!).toBe(backlog);
  // Both took part (each claims the next free row, skipping the one the other is taking).
  expect(Math.min(...deliveredBy)).toBeGreaterThan(0);
  // In order per recipient and signal: request, reminder, escalation.
  for (const signal of signals) {
    const subjects = received
      .filter((m) => m.subject?.includes(signal.reference))
      .map((m) => m.subject!.split('] ')[1]!.split(' / ')[0]);
    expect(subjects).toEqual([
      'Verzoek om reactie',
      'Herinnering: ontvangst bevestigen',
      'Ontvangst niet bevestigd',
    ]);
  }
  const rows = await bed.db.prisma.mailOutbox.findMany({ select: { status: true } });
  expect(rows.every((row) => row.status === 'sent')).toBe(true);
});
