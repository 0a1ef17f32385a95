import type { Database } from '../../prisma/client';
import type { TestSmtpServer } from './smtp';

/**
 * Each mail left exactly once, however many workers dispatched the outbox: once nothing is pending, every row is
 * sent, the relay received one message per row and no message twice. Returns the rows (status and subject) for
 * the caller's own counts.
 */
export async function expectEachMailSentOnce(prisma: Database, smtp: TestSmtpServer, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await prisma.mailOutbox.count({ where: { status: 'pending' } })) > 0) {
    if (Date.now() > deadline) throw new Error(`mails still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const rows = await prisma.mailOutbox.findMany({ select: { status: true, subject: true } });
  expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
  await smtp.waitFor(() => smtp.messages.length >= rows.length, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 500)); // a copy sent twice would arrive by now
  expect(smtp.messages).toHaveLength(rows.length);
  expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(rows.length);
  return rows;
}
