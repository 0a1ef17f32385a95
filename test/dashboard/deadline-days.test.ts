// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any */
import crypto from 'node:crypto';
import { ministryCaseWorkflowId, signalWorkflowId } from '../../shared/ids';
import { endOfAmsterdamDay } from '../../shared/working-days';
import { createApiHarness, type ApiHarness } from '../api/harness';
import { loggedIn, type DashboardUser } from './login';

/**
 * A deadline is stored as the end of its day in Amsterdam: midnight at the start of the next day. Friday 18
 * December 2026 is stored as 2026-12-18T23:00:00Z (00:00 on Saturday the 19th in Amsterdam). Every place that
 * shows that deadline must show Friday the 18th, as the mails and the ministry page do: the dashboard (overview,
 * signal page, timeline), both CSV exports and the API's date fields. Rows are written straight into the read
 * model (no workflow needed); the app, PostgreSQL and the HTTP requests are real.
 */
const FRIDAY = '2026-12-18';
const FRIDAY_DEADLINE = endOfAmsterdamDay(FRIDAY);
const REPLY_DAY = '2027-02-12';

let h: ApiHarness;
let coordinator: DashboardUser;
const ids = { review: crypto.randomUUID(), sent: crypto.randomUUID() };

async function signalRow(id: string, reference: string, data: Record<string, unknown>): Promise<void> {
  await h.db.prisma.signal.create({
    data: {
      id,
      reference,
      organisationId: h.organisations.riecA.id,
      title: `Signaal ${reference}`,
      summary: 'Samenvatting',
      content: 'Inhoud',
      workflowId: signalWorkflowId(id),
      workflowStartedAt: new Date(),
      submittedAt: new Date('2026-12-04T10:00:00Z'),
      ...data,
    },
  });
}

beforeAll(async () => {
  h = await createApiHarness();
  expect(FRIDAY_DEADLINE.toISOString()).toBe('2026-12-18T23:00:00.000Z');
  await signalRow(ids.review, 'BS-2026-0901', {
    status: 'in_review',
    reviewDueAt: FRIDAY_DEADLINE,
    nextDeadlineAt: FRIDAY_DEADLINE,
    nextDeadlineKind: 'review',
  });
  await h.db.prisma.signalEvent.create({
    data: {
      signalId: ids.review,
      businessKey: `${signalWorkflowId(ids.review)}:review-started`,
      type: 'review_started',
      actorType: 'system',
      actorLabel: 'systeem',
      at: new Date('2026-12-04T10:00:01Z'),
      data: { dueAt: FRIDAY_DEADLINE.toISOString() },
    },
  });
  await signalRow(ids.sent, 'BS-2026-0902', {
    status: 'sent',
    sentAt: new Date('2026-12-11T10:00:00Z'),
    nextDeadlineAt: FRIDAY_DEADLINE,
    nextDeadlineKind: 'ack:BZ',
  });
  const bz = await h.db.prisma.ministry.findUniqueOrThrow({ where: { code: 'BZ' } });
  await h.db.prisma.ministryCase.create({
    data: {
      signalId: ids.sent,
      ministryId: bz.id,
      workflowId: ministryCaseWorkflowId(ids.sent, 'BZ'),
      sentAt: new Date('2026-12-11T10:00:00Z'),
      ackDueAt: FRIDAY_DEADLINE,
      replyDueAt: endOfAmsterdamDay(REPLY_DAY),
    },
  });
  coordinator = await loggedIn(h, 'coordinator@liec.example');
});

afterAll(async () => {
  await h?.close();
});

/** The visible text of a dashboard page the coordinator opens, tags and runs of white space collapsed. */
async function visibleTextOf(path: string): Promise<string> {
  const page = await coordinator.agent.get(path);
  expect(page.status).toBe(200);
  return page.text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('deadline days on the dashboard', () => {
  it('shows the review deadline on the signal page and in its timeline as Friday 18 December, not the 19th', async () => {
    const text = await visibleTextOf(`/signals/${ids.review}`);
    expect(text).toContain('18 dec 2026 ·');
    expect(text).toContain('termijn 18 dec 2026');
    expect(text).not.toContain('19 dec 2026');
  });

  it('shows a ministry’s acknowledgement and reply deadlines on their own days', async () => {
    const text = await visibleTextOf(`/signals/${ids.sent}`);
    expect(text).toContain('termijn 18 dec 2026');
    expect(text).toContain('termijn 12 feb 2027');
    expect(text).not.toContain('19 dec 2026');
    expect(text).not.toContain('13 feb 2027');
  });

  it('shows the next deadline in the overview as 18 December', async () => {
    const text = await visibleTextOf('/');
    expect(text).toContain('18 dec 2026');
    expect(text).not.toContain('19 dec 2026');
  });

  it('exports the next deadline as 2026-12-18 in the dashboard’s CSV and the API’s', async () => {
    const dashboardCsv = await coordinator.agent.get('/export.csv');
    const apiCsv = await h.request().get('/api/v1/signals/export').set(h.auth('coordinator'));
    for (const csv of [dashboardCsv, apiCsv]) {
      expect(csv.status).toBe(200);
      const lines = csv.text.split('\r\n');
      const column = lines[0]!
        .replace(/^\uFEFF/, '')
        .split(';')
        .indexOf('volgende termijn');
      expect(column).toBeGreaterThan(0);
      for (const reference of ['BS-2026-0901', 'BS-2026-0902']) {
        const line = lines.find((l) => l.startsWith(`${reference};`))!;
        expect(line.split(';')[column]).toBe(FRIDAY);
      }
    }
  });
});

describe('deadline days in the API', () => {
  it('gives each deadline’s calendar day beside its instant', async () => {
    const review = await h.request().get(`/api/v1/signals/${ids.review}`).set(h.auth('coordinator'));
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({
      reviewDueAt: '2026-12-18T23:00:00.000Z',
      reviewDueOn: FRIDAY,
      amendmentDueAt: null,
      amendmentDueOn: null,
      nextDeadlineAt: '2026-12-18T23:00:00.000Z',
      nextDeadlineOn: FRIDAY,
    });

    const sent = await h.request().get(`/api/v1/signals/${ids.sent}`).set(h.auth('coordinator'));
    expect(sent.body.ministries).toEqual([
      expect.objectContaining({
        code: 'BZ',
        ackDueAt: '2026-12-18T23:00:00.000Z',
        ackDueOn: FRIDAY,
        replyDueAt: '2027-02-12T23:00:00.000Z',
        replyDueOn: REPLY_DAY,
      }),
    ]);

    const list = await h.request().get('/api/v1/signals').set(h.auth('coordinator'));
    const items = list.body.items as Array<{ nextDeadlineOn: string }>;
    expect(items.map((s) => s.nextDeadlineOn)).toEqual([FRIDAY, FRIDAY]);
  });

  it('documents the day fields as `format: date`', async () => {
    const doc = (await h.request().get('/openapi.json')).body;
    const operation = doc.paths['/signals/{signalId}'].get;
    const detail = resolve(doc, operation.responses['200'].content['application/json'].schema);
    for (const field of ['reviewDueOn', 'amendmentDueOn', 'nextDeadlineOn']) {
      expect(detail.properties[field]).toMatchObject({ format: 'date' });
    }
    const ministry = resolve(doc, detail.properties.ministries.items);
    expect(ministry.properties.ackDueOn).toMatchObject({ format: 'date' });
    expect(ministry.properties.replyDueOn).toMatchObject({ format: 'date' });
  });
});

/** Follows a local `$ref` of the document. */
function resolve(doc: any, schema: any): any {
  if (!schema?.$ref) return schema;
  const path = (schema.$ref as string).replace(/^#\//, '').split('/');
  return resolve(
    doc,
    path.reduce((node, key) => node[key], doc),
  );
}
