// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import type { ParsedMail } from 'mailparser';
import { createCoSubmitterOrganisations, MUNICIPALITY_MAILBOX } from '../api/co-submitter-organisations';
import { createApiHarness, eventually, inReview, validSignal, type ApiHarness } from '../api/harness';

/**
 * Every mail to "the submitter" goes to each current submitter organisation: the lead's mailbox and each
 * co-submitter's; a removed co-submitter gets none of the later ones. Through the real API, workflows, outbox and
 * an in-process SMTP server.
 */
let h: ApiHarness;
const LEAD = 'signalen@riec-nh.example';
const MUNICIPALITY = MUNICIPALITY_MAILBOX;
const POLICE = 'signalen@politie-nh.example';

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
  await createCoSubmitterOrganisations(h, POLICE);
}, 60_000);
afterAll(async () => {
  await h.close();
});

const addresses = (mail: ParsedMail): string[] =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((to) =>
    to.value.map((v) => v.address ?? ''),
  );

async function recipientsOf(signalId: string, template: string): Promise<string[]> {
  const rows = await h.db.prisma.mailOutbox.findMany({ where: { signalId, template } });
  return rows.map((row) => row.toAddress).sort();
}

describe('mails to the submitters', () => {
  it('reach the lead and every current co-submitter, and stop for one that was removed', async () => {
    const submitted = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .send(validSignal({ coSubmitters: ['GEM-AMS', 'POL-NH'] }));
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    const reference = submitted.body.reference as string;

    // The acknowledgement of receipt, delivered over SMTP to all three mailboxes.
    for (const address of [LEAD, MUNICIPALITY, POLICE]) {
      const mail = await h.smtp!.waitFor(
        (m) =>
          addresses(m).includes(address) &&
          (m.subject ?? '').includes(reference) &&
          (m.subject ?? '').includes('Signaal ontvangen'),
      );
      // No content of the signal in any mailbox.
      expect(mail.text).not.toContain(validSignal().title);
    }
    expect(await recipientsOf(id, 'submission_received')).toEqual(
      expect.arrayContaining([LEAD, MUNICIPALITY, POLICE]),
    );

    await inReview(h, id);
    const removed = await h
      .request()
      .delete(`/api/v1/signals/${id}/co-submitters/POL-NH`)
      .set(h.auth('coordinator'));
    expect(removed.status).toBe(200);

    const review = await h
      .request()
      .post(`/api/v1/signals/${id}/review`)
      .set(h.auth('coordinator'))
      .send({ decision: 'request_changes', reason: 'Noem de betrokken uitvoeringsorganisaties.' });
    expect(review.status).toBe(200);
    const changes = await eventually(async () => {
      const to = await recipientsOf(id, 'changes_requested');
      return to.length >= 2 ? to : undefined;
    });
    expect(changes).toEqual([MUNICIPALITY, LEAD].sort());
    await h.smtp!.waitFor(
      (m) =>
        addresses(m).includes(MUNICIPALITY) &&
        (m.subject ?? '').includes(reference) &&
        (m.subject ?? '').includes('Aanpassing gevraagd'),
    );
  });
});
