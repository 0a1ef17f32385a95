import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { requiredTestEnv } from '../support/env';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { connectDevTemporal, type DevTemporal } from '../support/temporal';
import { findFreePort } from '../../scripts/services/ports';

/**
 * The README's first command as a person runs it (scripts/start.ts), pointed at this run's services through the
 * documented environment variables: it starts, prints where everything is, takes a signal over HTTP that lands in
 * PostgreSQL, in Temporal and as a mail at the SMTP server, and stops cleanly on Ctrl-C (SIGINT).
 */
const root = path.resolve(__dirname, '..', '..');

describe('npm start (scripts/start.ts) on configured services', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let temporal: DevTemporal;
  let product: ChildProcess;
  let output = '';
  let baseUrl: string;

  beforeAll(async () => {
    [db, smtp, temporal] = await Promise.all([
      createTestDatabase(),
      startTestSmtpServer(),
      connectDevTemporal(),
    ]);
    const port = await findFreePort();
    const opsPort = await findFreePort();
    baseUrl = `http://127.0.0.1:${port}`;
    product = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
        TEMPORAL_TASK_QUEUE: temporal.taskQueue,
        SMTP_URL: smtp.url,
        PORT: String(port),
        OPS_PORT: String(opsPort),
        PUBLIC_BASE_URL: baseUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    product.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    product.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('signaalloket is running')) {
      if (product.exitCode !== null) throw new Error(`start exited with ${product.exitCode}: ${output}`);
      if (Date.now() > deadline) throw new Error(`start did not report running: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  afterAll(async () => {
    if (product && product.exitCode === null) product.kill('SIGKILL');
    await Promise.all([smtp?.stop(), temporal?.close()]);
    await db?.drop();
  });

  it('prints the addresses a person needs, with the demo login and API key on first start', () => {
    expect(output).toContain(`Dashboard (coordinators) ${baseUrl}/`);
    expect(output).toContain(`${baseUrl}/api/v1/docs`);
    expect(output).toMatch(/log in as\s+\S+@\S+ \/ \S+/);
    expect(output).toMatch(/Demo RIEC API key\s+sk_/);
    // External services were configured, so no embedded UI addresses are claimed.
    expect(output).not.toContain('Temporal web UI');
  });

  it('seeds the demo’s invented concerned persons, each with its processing-log record', async () => {
    const persons = await db.prisma.concernedPerson.findMany();
    expect(persons.length).toBeGreaterThan(0);
    const records = await db.prisma.processingLogRecord.findMany({
      where: { name: 'record concerned person of an imported signal' },
    });
    expect(records).toHaveLength(persons.length);
    // One pseudonym per person (of its own id), none of them a name.
    expect(new Set(records.map((r) => r.dataSubjectId)).size).toBe(persons.length);
    for (const person of persons) expect(JSON.stringify(records)).not.toContain(person.name);
  });

  it('accepts a signal over HTTP: row in PostgreSQL, workflow in Temporal, confirmation mail over SMTP', async () => {
    const apiKey = /Demo RIEC API key\s+(sk_\S+)/.exec(output)?.[1];
    expect(apiKey).toBeDefined();
    const response = await fetch(`${baseUrl}/api/v1/signals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Misbruik van een vergunningstelsel',
        summary: 'Samenvatting voor de proef',
        content: 'Inhoud van het signaal',
        recommendations: ['Pas de regeling aan'],
      }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; reference: string };
    expect(created.reference).toMatch(/^BS-\d{4}-\d{4}$/);

    const row = await db.prisma.signal.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.reference).toBe(created.reference);

    const description = await temporal.client.workflow.getHandle(row.workflowId).describe();
    expect(description.type).toBe('signalLifecycle');
    expect(description.taskQueue).toBe(temporal.taskQueue);

    const mail = await smtp.waitFor((m) => (m.subject ?? '').includes(created.reference), 30_000);
    expect(mail.text).not.toContain('Inhoud van het signaal');
  });

  it('stops everything on Ctrl-C and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => product.once('exit', (code) => resolve(code)));
    product.kill('SIGINT');
    await expect(exited).resolves.toBe(0);
    expect(output).toContain('signaalloket: stopped');
  });
});
