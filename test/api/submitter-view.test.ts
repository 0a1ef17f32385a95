// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call */
import { signalDetailSchema } from '../../api/signals/schemas';
import { requestExtensionUpdate } from '../../shared/lifecycle';
import { EVENTS_OF_THE_REPLIED_PATH, inReview, useApiHarness, validSignal } from './harness';

const h = useApiHarness({ worker: true });

const CHANGES_REASON = 'Noem de betrokken uitvoeringsorganisaties.';
const AMEND_NOTE = 'Organisaties toegevoegd door het RIEC.';
const SENT_NOTE = 'Interne notitie: eerst afstemmen met de NCTV.';
const MINISTRY_REASON = 'De minister wil eerst intern overleg.';
const EXTEND_REASON = 'Intern: verlengd na telefonisch overleg met de SG.';
const REPLY_TEXT = 'Vertrouwelijke reactie van de minister van Justitie en Veiligheid.';
const CLOSE_NOTE = 'Interne afsluiting.';

async function post(path: string, caller: 'riecA' | 'coordinator', body: object) {
  const res = await h.request().post(path).set(h.auth(caller)).send(body);
  expect([path, res.status]).toEqual([path, expect.any(Number)]);
  expect(res.status).toBeLessThan(300);
  return res;
}

async function signalThroughReply(): Promise<string> {
  const created = await post('/api/v1/signals', 'riecA', validSignal());
  const id = created.body.id as string;
  await inReview(h, id);
  await post(`/api/v1/signals/${id}/review`, 'coordinator', {
    decision: 'request_changes',
    reason: CHANGES_REASON,
  });
  await post(`/api/v1/signals/${id}/amendments`, 'riecA', { content: 'Aangepaste tekst.', note: AMEND_NOTE });
  await post(`/api/v1/signals/${id}/review`, 'coordinator', {
    decision: 'accept',
    ministryCodes: ['JenV', 'BZ'],
    note: SENT_NOTE,
  });
  const { workflowId } = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
  const contact = await h.db.prisma.ministryContact.findFirstOrThrow({ where: { ministry: { code: 'BZ' } } });
  await h.temporal.client.workflow.getHandle(workflowId).executeUpdate(requestExtensionUpdate, {
    args: [
      {
        actor: { type: 'ministry_contact', id: contact.id, label: 'Contactpersoon BZ' },
        ministryCode: 'BZ',
        reason: MINISTRY_REASON,
        extraWorkingDays: 10,
      },
    ],
  });
  await post(`/api/v1/signals/${id}/ministries/JenV/deadline`, 'coordinator', {
    extraWorkingDays: 5,
    reason: EXTEND_REASON,
  });
  await post(`/api/v1/signals/${id}/ministries/JenV/reply`, 'coordinator', {
    text: REPLY_TEXT,
    documents: [
      {
        filename: 'reactie-minister.pdf',
        contentType: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4 reactie').toString('base64'),
      },
    ],
  });
  return id;
}

describe('what a submitter sees of its signal', () => {
  it('the reply that it came, not its text or documents; no internal notes, names or ids', async () => {
    const id = await signalThroughReply();
    const res = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    expect(res.status).toBe(200);
    expect(() => signalDetailSchema.parse(res.body)).not.toThrow();
    const json = JSON.stringify(res.body);

    const coordinator = await h.db.prisma.user.findUniqueOrThrow({
      where: { email: 'coordinator@liec.example' },
    });
    const contacts = await h.db.prisma.ministryContact.findMany();
    const keys = await h.db.prisma.apiKey.findMany();
    const hidden = [
      REPLY_TEXT,
      'reactie-minister.pdf',
      SENT_NOTE,
      MINISTRY_REASON,
      EXTEND_REASON,
      coordinator.name,
      coordinator.id,
      'actorId',
      'Contactpersoon',
      ...contacts.flatMap((c) => [c.name, c.email, c.id]),
      ...keys.map((k) => k.id),
    ];
    expect(hidden.filter((value) => json.includes(value))).toEqual([]);

    // What is meant for the submitter stays.
    expect(json).toContain(CHANGES_REASON);
    expect(json).toContain(AMEND_NOTE);
    expect(res.body.replies).toEqual([
      {
        id: expect.any(String),
        channel: 'post',
        receivedAt: expect.any(String),
        ministryCodes: ['JenV'],
        text: null,
        forwardedAt: null,
        documents: null,
      },
    ]);
    const jenv = res.body.ministries.find((m: { code: string }) => m.code === 'JenV');
    expect(jenv).toMatchObject({ status: 'replied', repliedAt: expect.any(String) });
    const bz = res.body.ministries.find((m: { code: string }) => m.code === 'BZ');
    expect(bz.status).toBe('extension_requested');

    const types = (res.body.timeline as Array<{ type: string }>).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining([...EVENTS_OF_THE_REPLIED_PATH]));
    expect(types).not.toContain('extension_requested');
    const labels = new Set(
      (res.body.timeline as Array<{ actor: { label: string } }>).map((e) => e.actor.label),
    );
    expect([...labels].sort()).toEqual(
      expect.arrayContaining(['Landelijk loket Bestuurlijke Signalen', 'RIEC Noord-Holland']),
    );
    for (const label of labels) {
      expect([
        'Landelijk loket Bestuurlijke Signalen',
        'RIEC Noord-Holland',
        'Ministerie van Justitie en Veiligheid',
        'Ministerie van Buitenlandse Zaken',
        'signaalloket',
      ]).toContain(label);
    }
    const changes = res.body.timeline.find((e: { type: string }) => e.type === 'changes_requested');
    expect(changes.data).toEqual({ reason: CHANGES_REASON, dueAt: expect.any(String) });
    const sent = res.body.timeline.find((e: { type: string }) => e.type === 'sent');
    expect(sent.data).toEqual({ ministryCodes: ['JenV', 'BZ'] });

    // The list shows nothing more.
    const list = await h.request().get('/api/v1/signals').set(h.auth('riecA'));
    const listed = JSON.stringify(list.body);
    expect(hidden.filter((value) => listed.includes(value))).toEqual([]);

    // The loket sees all of it.
    const loket = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('coordinator'));
    expect(() => signalDetailSchema.parse(loket.body)).not.toThrow();
    const full = JSON.stringify(loket.body);
    for (const value of [REPLY_TEXT, 'reactie-minister.pdf', SENT_NOTE, MINISTRY_REASON, EXTEND_REASON]) {
      expect(full).toContain(value);
    }
    expect(full).toContain(coordinator.name);
    expect(loket.body.replies[0]).toMatchObject({ text: REPLY_TEXT, documents: [expect.any(Object)] });

    const admin = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('admin'));
    expect(JSON.stringify(admin.body)).toContain(REPLY_TEXT);
  });

  it('the reason of a rejection, but not the loket’s closing note or a reply not forwarded', async () => {
    const rejected = await post('/api/v1/signals', 'riecA', validSignal());
    await inReview(h, rejected.body.id as string);
    await post(`/api/v1/signals/${rejected.body.id}/review`, 'coordinator', {
      decision: 'reject',
      reason: 'Valt buiten de reikwijdte van het loket.',
    });
    const seen = await h.request().get(`/api/v1/signals/${rejected.body.id}`).set(h.auth('riecA'));
    const rejection = seen.body.timeline.find((e: { type: string }) => e.type === 'rejected');
    expect(rejection).toMatchObject({
      actor: { type: 'coordinator', label: 'Landelijk loket Bestuurlijke Signalen' },
      data: { reason: 'Valt buiten de reikwijdte van het loket.' },
    });

    const id = await signalThroughReply();
    await post(`/api/v1/signals/${id}/ministries/BZ/reply`, 'coordinator', { text: 'Reactie BZ.' });
    const unforwarded = 'Besproken in het driehoeksoverleg.';
    await post(`/api/v1/signals/${id}/close`, 'coordinator', {
      note: CLOSE_NOTE,
      unforwardedReason: unforwarded,
    });
    const closed = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    expect(closed.body.status).toBe('closed');
    expect(JSON.stringify(closed.body)).not.toContain(CLOSE_NOTE);
    expect(JSON.stringify(closed.body)).not.toContain(unforwarded);
    expect(JSON.stringify(closed.body)).not.toContain('Reactie BZ.');
    expect(closed.body.timeline.find((e: { type: string }) => e.type === 'closed').data).toEqual({});
  });
});
