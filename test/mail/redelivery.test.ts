import type { Transporter } from 'nodemailer';
import {
  createMailActivities,
  createMailTransport,
  createOutboxDispatcher,
  createResponseLinkService,
  hashResponseToken,
  listResponseLinks,
  lookupResponseToken,
} from '../../activities/mail';
import {
  contactNotice,
  mailsTo,
  responseTokenIn,
  seedSignal,
  mailDependencies,
  useMailTestBed,
} from './fixtures';

/**
 * A mail delivered again because its first delivery may have arrived (the worker died after the relay's 250, or the
 * connection broke mid-message): both copies carry the same link, derived again from the link row and the secret,
 * and it opens the case; the database still holds hashes only; the contact still has one link for the case.
 */
const bed = useMailTestBed();

// A lease this short makes the interrupted row due again at once, as the 90 s lease does in production.
const retry = { baseDelayMs: 50, maxDelayMs: 100, leaseMs: 100 };

const deps = (transport?: Transporter) =>
  mailDependencies(bed, { retry, ...(transport ? { transport } : {}) });

/** Sends through the real relay, then acts out what happens next to the sender. */
function transportThat(after: 'dies' | 'loses-the-reply'): Transporter {
  const real = createMailTransport(bed.smtp.url);
  return {
    sendMail: async (message: object) => {
      await real.sendMail(message);
      if (after === 'dies') return new Promise(() => undefined); // the process is gone: nothing marks the row
      throw Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' });
    },
  } as unknown as Transporter;
}

async function requestJenV(transport: Transporter): Promise<{ id: string; reference: string }> {
  const signal = await seedSignal(bed.db.prisma, bed.world);
  void createMailActivities(deps(transport)).notify(
    contactNotice(`signal-${signal.id}:sent:ministry_request:JenV`, signal.id, 'JenV', 'ministry_request'),
  );
  await bed.smtp.waitFor((m) => !!m.subject?.includes(signal.reference));
  return signal;
}

async function redeliver(reference: string): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 200)); // the lease (or the backoff) runs out
  await createOutboxDispatcher(deps()).runOnce();
  const copies = mailsTo(bed.smtp, bed.world.ministries.JenV.contactEmail, reference);
  expect(copies).toHaveLength(2);
  return copies.map((m) => responseTokenIn(m.text));
}

describe('a mail delivered again after an interrupted delivery', () => {
  it.each(['dies', 'loses-the-reply'] as const)(
    'carries the same working link in both copies when the sender %s after the relay accepted',
    async (after) => {
      const signal = await requestJenV(transportThat(after));
      const [first, second] = await redeliver(signal.reference);
      expect(second).toBe(first);
      await expect(lookupResponseToken(bed.db.prisma, first!, new Date())).resolves.toMatchObject({
        kind: 'valid',
        token: { signalId: signal.id, ministryCode: 'JenV', contactId: bed.world.ministries.JenV.contactId },
      });

      // Hashes at rest, never a token: not in the link rows, not in the outbox.
      const stored = JSON.stringify([
        await bed.db.prisma.responseToken.findMany({ where: { signalId: signal.id } }),
        await bed.db.prisma.mailOutbox.findMany({ where: { signalId: signal.id } }),
      ]);
      expect(stored).not.toContain(first!);
      expect(stored).toContain(hashResponseToken(first!));

      const links = await listResponseLinks(bed.db.prisma, signal.id);
      expect(links.map((l) => [l.state, l.contact.email, l.deliveredAt !== null])).toEqual([
        ['active', bed.world.ministries.JenV.contactEmail, true],
      ]);

      const service = createResponseLinkService(deps());
      await expect(service.revokeLinks({ signalId: signal.id, ministryCode: 'JenV' })).resolves.toBe(1);
      await expect(lookupResponseToken(bed.db.prisma, first!, new Date())).resolves.toMatchObject({
        kind: 'revoked',
      });
    },
  );

  it('adds no link when the relay refused the first attempt: that copy never arrived', async () => {
    const signal = await seedSignal(bed.db.prisma, bed.world);
    bed.smtp.setDown(true);
    try {
      await createMailActivities(deps()).notify(
        contactNotice(
          `signal-${signal.id}:sent:ministry_request:JenV`,
          signal.id,
          'JenV',
          'ministry_request',
        ),
      );
    } finally {
      bed.smtp.setDown(false);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    await createOutboxDispatcher(deps()).runOnce();
    expect(mailsTo(bed.smtp, bed.world.ministries.JenV.contactEmail, signal.reference)).toHaveLength(1);
    const links = await listResponseLinks(bed.db.prisma, signal.id);
    expect(links.map((l) => l.state)).toEqual(['active']);
  });
});
