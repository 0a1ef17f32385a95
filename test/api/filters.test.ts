// Response bodies are untyped JSON; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import crypto from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { buildSignalWhere, signalListFilterSchema } from '../../api/signals/filters';
import { PrismaClient } from '../../generated/prisma/client';
import { signalWorkflowId, ministryCaseWorkflowId } from '../../shared/ids';
import { createApiHarness, type ApiHarness } from './harness';

/**
 * The list filters on rows written straight into the read model (no workflow needed): each filter, their
 * combination, and the submitter's scope.
 */
let h: ApiHarness;
const refs: Record<string, string> = {};

async function row(
  name: string,
  options: {
    org: 'riecA' | 'riecB';
    status: 'in_review' | 'sent' | 'closed' | 'replied';
    submittedAt: string;
    nextDeadlineAt?: string;
    ministries?: string[];
    title?: string;
    content?: string;
  },
): Promise<void> {
  const id = crypto.randomUUID();
  const reference = `BS-2025-${String(Object.keys(refs).length + 1).padStart(4, '0')}`;
  refs[name] = reference;
  await h.db.prisma.signal.create({
    data: {
      id,
      reference,
      organisationId: h.organisations[options.org].id,
      title: options.title ?? `Signaal ${name}`,
      summary: 'Samenvatting',
      content: options.content ?? 'Inhoud',
      status: options.status,
      workflowId: signalWorkflowId(id),
      workflowStartedAt: new Date(),
      submittedAt: new Date(options.submittedAt),
      nextDeadlineAt: options.nextDeadlineAt ? new Date(options.nextDeadlineAt) : null,
    },
  });
  for (const code of options.ministries ?? []) {
    const ministry = await h.db.prisma.ministry.findUniqueOrThrow({ where: { code } });
    await h.db.prisma.ministryCase.create({
      data: {
        signalId: id,
        ministryId: ministry.id,
        workflowId: ministryCaseWorkflowId(id, code),
        sentAt: new Date(options.submittedAt),
      },
    });
  }
}

beforeAll(async () => {
  h = await createApiHarness();
  const past = new Date(Date.now() - 86_400_000).toISOString();
  const future = new Date(Date.now() + 86_400_000).toISOString();
  await row('reviewA', {
    org: 'riecA',
    status: 'in_review',
    submittedAt: '2025-01-10T10:00:00Z',
    nextDeadlineAt: future,
  });
  await row('overdueA', {
    org: 'riecA',
    status: 'sent',
    submittedAt: '2025-03-01T10:00:00Z',
    nextDeadlineAt: past,
    ministries: ['JenV'],
  });
  await row('jointB', {
    org: 'riecB',
    status: 'sent',
    submittedAt: '2025-05-15T10:00:00Z',
    nextDeadlineAt: future,
    ministries: ['BZ', 'JenV'],
    title: 'Visum en asiel',
  });
  await row('closedB', {
    org: 'riecB',
    status: 'closed',
    submittedAt: '2025-06-30T22:30:00Z',
    nextDeadlineAt: past,
    ministries: ['EZK'],
  });
});
afterAll(async () => {
  await h.close();
});

async function references(query: string, caller: 'coordinator' | 'riecA' = 'coordinator'): Promise<string[]> {
  const res = await h.request().get(`/api/v1/signals?${query}`).set(h.auth(caller));
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ reference: string }>).map((i) => i.reference).sort();
}
const names = (...list: string[]) => list.map((n) => refs[n]!).sort();

describe('list filters', () => {
  it('status (one or several)', async () => {
    expect(await references('status=sent')).toEqual(names('overdueA', 'jointB'));
    expect(await references('status=sent,closed')).toEqual(names('overdueA', 'jointB', 'closedB'));
  });

  it('ministry (case-insensitive code)', async () => {
    expect(await references('ministry=jenv')).toEqual(names('overdueA', 'jointB'));
    expect(await references('ministry=BZ')).toEqual(names('jointB'));
  });

  it('organisation', async () => {
    expect(await references('organisation=RIEC-ZWB')).toEqual(names('jointB', 'closedB'));
  });

  it('overdue: a passed deadline of an open signal (a closed one never is)', async () => {
    expect(await references('overdue=true')).toEqual(names('overdueA'));
    expect(await references('overdue=false')).toEqual(names('reviewA', 'jointB', 'closedB'));
    const detail = await h.request().get('/api/v1/signals?overdue=true').set(h.auth('coordinator'));
    expect(detail.body.items[0].overdue).toBe(true);
  });

  it('text in reference, title or summary', async () => {
    expect(await references('text=visum')).toEqual(names('jointB'));
    expect(await references(`text=${refs.closedB}`)).toEqual(names('closedB'));
  });

  it('submitted period in Amsterdam dates (00:30 in Amsterdam on 1 July is 1 July, though still 30 June in UTC)', async () => {
    expect(await references('submittedFrom=2025-03-01&submittedTo=2025-05-15')).toEqual(
      names('overdueA', 'jointB'),
    );
    expect(await references('submittedFrom=2025-07-01')).toEqual(names('closedB'));
    expect(await references('submittedTo=2025-06-30')).toEqual(names('reviewA', 'overdueA', 'jointB'));
  });

  it('combined, and always within the submitter’s own organisation', async () => {
    expect(await references('status=sent&ministry=JenV&overdue=false')).toEqual(names('jointB'));
    expect(await references('ministry=JenV', 'riecA')).toEqual(names('overdueA'));
    expect(await references('status=closed', 'riecA')).toEqual([]);
  });
});

/** The SQL Prisma sends for the free-text filter, with its parameters. */
async function freeTextQuery(text: string): Promise<{ sql: string; params: unknown[] }> {
  const logged = new PrismaClient({
    adapter: new PrismaPg({ connectionString: h.db.url }),
    log: [{ emit: 'event', level: 'query' }],
  });
  const queries: { sql: string; params: unknown[] }[] = [];
  logged.$on('query', (event) =>
    queries.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }),
  );
  try {
    const where = buildSignalWhere(signalListFilterSchema.parse({ text }), { now: new Date() });
    // Only the filter: no ordering index to prefer, so the plan shows what answers the predicate itself.
    await logged.signal.findMany({ where, select: { id: true } });
  } finally {
    await logged.$disconnect();
  }
  return queries.find((q) => q.sql.includes('ILIKE'))!;
}

// Declared after the filters above: its rows are added once those ran, so their expected lists stay as they are.
describe('free text', () => {
  beforeAll(async () => {
    await row('wildcards', {
      org: 'riecA',
      status: 'replied',
      submittedAt: '2025-08-01T10:00:00Z',
      content: 'Korting van 100% op_een factuur, bewaard onder C:\\temp.',
    });
  });

  it('matches the text too, case-insensitively', async () => {
    expect(await references('text=KORTING')).toEqual(names('wildcards'));
    expect(await references('text=VISUM EN')).toEqual(names('jointB'));
  });

  it('takes %, _ and \\ literally, not as LIKE wildcards', async () => {
    expect(await references('text=%25')).toEqual(names('wildcards'));
    expect(await references('text=100%25%20op')).toEqual(names('wildcards'));
    expect(await references('text=_')).toEqual(names('wildcards'));
    expect(await references('text=BS_2025')).toEqual([]);
    expect(await references(`text=${encodeURIComponent('C:\\temp')}`)).toEqual(names('wildcards'));
    expect(await references(`text=${encodeURIComponent('\\')}`)).toEqual(names('wildcards'));
  });

  it('finds terms shorter than a trigram (without the index)', async () => {
    expect(await references('text=uM')).toEqual(names('jointB'));
  });

  it('is a query the trigram index of the search text answers', async () => {
    const { sql, params } = await freeTextQuery('nergens-gevonden');
    const client = new pg.Client(h.db.url);
    await client.connect();
    try {
      await client.query('BEGIN');
      // The suite's tables are tiny: without this, reading them whole is cheaper and the plan would prove nothing.
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL enable_indexscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Bitmap Index Scan on "?SignalSearchText_document_trgm_idx"?/);
      expect(plan).toContain("(document ~~* '%nergens-gevonden%'::text)");
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
  });
});
