import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAdminCli } from '../../scripts/admin/cli';
import { openToken } from '../../shared/events/token-seal';
import { useApiHarness, type Caller } from '../api/harness';

/** Subscriptions through the API and the admin CLI: who sees and ends what, and what is refused and why. */
const h = useApiHarness({ env: { EVENTS_ALLOW_LOOPBACK_HTTP: 'true' } });

const TOKEN = 'a-subscriber-chosen-token-0123456789';
const body = (overrides: Record<string, unknown> = {}) => ({
  endpoint: 'https://events.riec-nh.example/signaalloket',
  eventTypes: ['submitted', 'closed'],
  token: TOKEN,
  ...overrides,
});

const post = (caller: Caller, payload: unknown) =>
  h
    .request()
    .post('/api/v1/subscriptions')
    .set(h.auth(caller))
    .send(payload as object);

test('an organisation sees, reads and ends only its own subscriptions; the token never comes back', async () => {
  const created = await post('riecA', body({ description: 'Zaaksysteem RIEC NH' }));
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  expect(created.headers.location).toBe(`/api/v1/subscriptions/${id}`);
  expect(created.body).toMatchObject({
    endpoint: 'https://events.riec-nh.example/signaalloket',
    eventTypes: ['submitted', 'closed'],
    scope: 'own_signals',
    status: 'active',
    description: 'Zaaksysteem RIEC NH',
    endedAt: null,
  });
  expect(JSON.stringify(created.body)).not.toContain(TOKEN);

  const own = await h.request().get('/api/v1/subscriptions').set(h.auth('riecA'));
  expect((own.body as { items: { id: string }[] }).items.map((item) => item.id)).toContain(id);
  expect(JSON.stringify(own.body)).not.toContain(TOKEN);

  // Another organisation: not in its list, and as unknown as a subscription that never existed.
  const theirs = await h.request().get('/api/v1/subscriptions').set(h.auth('riecB'));
  expect((theirs.body as { items: { id: string }[] }).items.map((item) => item.id)).not.toContain(id);
  for (const method of ['get', 'delete'] as const) {
    const foreign = await h.request()[method](`/api/v1/subscriptions/${id}`).set(h.auth('riecB'));
    expect(foreign.status).toBe(404);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
  }
  // Nor does a coordinator's personal key reach an organisation's subscription.
  expect((await h.request().delete(`/api/v1/subscriptions/${id}`).set(h.auth('coordinator'))).status).toBe(
    404,
  );

  const ended = await h.request().delete(`/api/v1/subscriptions/${id}`).set(h.auth('riecA'));
  expect(ended.status).toBe(200);
  expect(ended.body).toMatchObject({ id, status: 'deleted' });
  expect((await h.request().get(`/api/v1/subscriptions/${id}`).set(h.auth('riecA'))).status).toBe(404);

  // At rest the token is sealed to this subscription: it opens with the key, and only for this id.
  const row = await h.db.prisma.eventSubscription.findUniqueOrThrow({ where: { id } });
  expect(row.tokenSealed).not.toContain(TOKEN);
  expect(openToken(row.tokenSealed, h.config.events.tokenKey, id)).toBe(TOKEN);
  expect(openToken(row.tokenSealed, h.config.events.tokenKey, h.organisations.riecB.id)).toBeNull();
});

test('coordinators subscribe to every signal; an admin may not subscribe', async () => {
  const loket = await post('coordinator', body());
  expect(loket.status).toBe(201);
  expect(loket.body).toMatchObject({ scope: 'all_signals' });
  const lead = await post('lead', body());
  expect(lead.status).toBe(201);
  const admin = await post('admin', body());
  expect(admin.status).toBe(403);
  expect(admin.headers['content-type']).toMatch(/^application\/problem\+json/);
});

test.each([
  ['an unknown event type', { eventTypes: ['submitted', 'signal_read'] }, 'eventTypes.1'],
  ['no event type', { eventTypes: [] }, 'eventTypes'],
  ['a plain http endpoint', { endpoint: 'http://events.riec-nh.example/hook' }, 'endpoint'],
  ['a relative endpoint', { endpoint: '/hook' }, 'endpoint'],
  ['credentials in the endpoint', { endpoint: 'https://user:pass@events.riec-nh.example/' }, 'endpoint'],
  ['a short token', { token: 'short' }, 'token'],
  ['a token with spaces', { token: 'not a bearer token at all, really' }, 'token'],
  ['an unknown field', { secret: 'x' }, ''],
])('refuses %s with a problem naming the field', async (_what, overrides, field) => {
  const response = await post('riecA', body(overrides));
  expect(response.status).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.body as { detail: string; errors?: { field: string }[] };
  if (field) expect(problem.errors?.map((error) => error.field)).toContain(field);
  expect(problem.detail).not.toContain(TOKEN);
});

test('http is accepted on the loopback address only when the setting allows it (tests, local trials)', async () => {
  const loopback = await post('riecA', body({ endpoint: 'http://127.0.0.1:9/events' }));
  expect(loopback.status).toBe(201);
});

test('the admin CLI subscribes, lists and deletes for an organisation or a coordinator, the token from a file', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'subscription-'));
  const tokenFile = path.join(folder, 'token.txt');
  fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const env = { DATABASE_URL: h.db.url, RESPONSE_LINK_SECRET: h.config.responseLinkSecret };
  const admin = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdminCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  const created = await admin(
    'subscription',
    'create',
    '--org',
    'RIEC-NH',
    '--endpoint',
    'https://events.riec-nh.example/cli',
    '--events',
    'submitted,deadline_passed',
    '--token-file',
    tokenFile,
  );
  expect(created.code).toBe(0);
  const id = created.stdout.trim();
  // Sealed with the key the API and the worker derive from the same secret.
  const row = await h.db.prisma.eventSubscription.findUniqueOrThrow({ where: { id } });
  expect(openToken(row.tokenSealed, h.config.events.tokenKey, id)).toBe(TOKEN);
  expect(`${created.stdout}${created.stderr}`).not.toContain(TOKEN);

  const listed = await admin('subscription', 'list', '--org', 'RIEC-NH');
  expect(listed.stdout).toMatch(
    new RegExp(`^${id}\\tactive\\thttps://events.riec-nh.example/cli\\tsubmitted,deadline_passed`, 'm'),
  );
  const viaApi = await h.request().get(`/api/v1/subscriptions/${id}`).set(h.auth('riecA'));
  expect(viaApi.status).toBe(200);

  const wrongOwner = await admin('subscription', 'delete', '--org', 'RIEC-ZWB', '--id', id);
  expect(wrongOwner.code).toBe(2);
  expect((await admin('subscription', 'delete', '--org', 'RIEC-NH', '--id', id)).code).toBe(0);

  const unknownEvent = await admin(
    'subscription',
    'create',
    '--user',
    'coordinator@liec.example',
    '--endpoint',
    'https://loket.example/e',
    '--events',
    'submitted,nonsense',
    '--token-file',
    tokenFile,
  );
  expect(unknownEvent.code).toBe(2);
  expect(unknownEvent.stderr).toMatch(/unknown: nonsense/);
  const httpEndpoint = await admin(
    'subscription',
    'create',
    '--user',
    'coordinator@liec.example',
    '--endpoint',
    'http://loket.example/e',
    '--events',
    'submitted',
    '--token-file',
    tokenFile,
  );
  expect(httpEndpoint.code).toBe(2);
  expect(httpEndpoint.stderr).toMatch(/https/);
  const coordinator = await admin(
    'subscription',
    'create',
    '--user',
    'coordinator@liec.example',
    '--endpoint',
    'https://loket.example/e',
    '--events',
    'submitted',
    '--token-file',
    tokenFile,
  );
  expect(coordinator.code).toBe(0);
  const fromApi = await h.request().get('/api/v1/subscriptions').set(h.auth('coordinator'));
  expect((fromApi.body as { items: { id: string; scope: string }[] }).items).toContainEqual(
    expect.objectContaining({ id: coordinator.stdout.trim(), scope: 'all_signals' }),
  );
  fs.rmSync(folder, { recursive: true, force: true });
});
