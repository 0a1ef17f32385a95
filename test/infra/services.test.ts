import { createTestDatabase, type TestDatabase } from '../support/database';
import { connectDevTemporal } from '../support/temporal';
import { startTestSmtpServer } from '../support/smtp';
import nodemailer from 'nodemailer';

describe('the real services the suites run against', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('gives each suite a migrated PostgreSQL database', async () => {
    const rows = await db.prisma.$queryRaw<Array<{ migration_name: string }>>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    expect(rows.length).toBeGreaterThan(0);
    await expect(db.prisma.signal.count()).resolves.toBe(0);
  });

  it('reaches a Temporal dev server with the search attributes registered', async () => {
    const temporal = await connectDevTemporal();
    try {
      const response = await temporal.connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      expect(Object.keys(response.customAttributes)).toEqual(
        expect.arrayContaining([
          'SignalStatus',
          'SignalOrganisation',
          'SignalMinistries',
          'SignalNextDeadline',
        ]),
      );
    } finally {
      await temporal.close();
    }
  });

  it('delivers mail over SMTP to the in-process server', async () => {
    const smtp = await startTestSmtpServer();
    try {
      const transport = nodemailer.createTransport(smtp.url);
      await transport.sendMail({
        from: 'a@example.test',
        to: 'b@example.test',
        subject: 'Proef',
        text: 'hallo',
      });
      const mail = await smtp.waitFor((m) => m.subject === 'Proef');
      expect(mail.text?.trim()).toBe('hallo');
    } finally {
      await smtp.stop();
    }
  });
});
