// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createApiHarness, validSignal, type ApiHarness } from './harness';

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h.close();
});

/** Runs the admin CLI as an operator would (`npm run admin -- …` runs exactly this). */
async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'admin.ts'), ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: h.db.url },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('admin CLI', () => {
  it('creates an organisation, a ministry with a contact, a user, and keys that work once created and stop when revoked', async () => {
    expect(
      (
        await admin(
          'org',
          'create',
          '--code',
          'RIEC-LB',
          '--name',
          'RIEC Limburg',
          '--email',
          'signalen@riec-lb.example',
        )
      ).code,
    ).toBe(0);
    const duplicate = await admin('org', 'create', '--code', 'RIEC-LB', '--name', 'Nog eens');
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toMatch(/already exists/);

    expect(
      (
        await admin(
          'ministry',
          'create',
          '--code',
          'SZW',
          '--name',
          'Ministerie van Sociale Zaken en Werkgelegenheid',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await admin(
          'contact',
          'add',
          '--ministry',
          'SZW',
          '--name',
          'E. Scalatie',
          '--email',
          'sg@szw.example',
          '--role',
          'escalation',
        )
      ).code,
    ).toBe(0);
    expect(
      await h.db.prisma.ministryContact.count({
        where: { email: 'sg@szw.example', role: 'escalation', ministry: { code: 'SZW' } },
      }),
    ).toBe(1);
    expect(
      (
        await admin(
          'user',
          'create',
          '--email',
          'K.Klaas@LIEC.example',
          '--name',
          'K. Klaas',
          '--role',
          'coordinator',
        )
      ).code,
    ).toBe(0);

    const created = await admin('key', 'create', '--org', 'RIEC-LB', '--label', 'koppeling RIEC-LB');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/shown only this once/);
    const submitted = await h
      .request()
      .post('/api/v1/signals')
      .set('Authorization', `Bearer ${key}`)
      .send(validSignal());
    expect(submitted.status).toBe(201);

    const personal = await admin('key', 'create', '--user', 'k.klaas@liec.example', '--expires', '30');
    const coordinatorKey = personal.stdout.trim();
    expect(
      (
        await h
          .request()
          .get(`/api/v1/signals/${submitted.body.id}`)
          .set('Authorization', `Bearer ${coordinatorKey}`)
      ).status,
    ).toBe(200);

    const prefix = key.split('_')[1]!;
    expect((await admin('key', 'revoke', '--prefix', prefix)).stdout).toMatch(/revoked/);
    const listed = await admin('key', 'list', '--org', 'RIEC-LB');
    expect(listed.stdout).toMatch(new RegExp(`^${prefix}\\trevoked\\torg:RIEC-LB\\tkoppeling RIEC-LB`, 'm'));
    expect(listed.stdout).not.toContain(key.split('_')[2]!);
    expect((await h.request().get('/api/v1/signals').set('Authorization', `Bearer ${key}`)).status).toBe(401);
  }, 90_000);

  it('explains itself: --help and missing options', async () => {
    const help = await admin('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/key create --org/);
    const missing = await admin('key', 'create');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/exactly one of --org/);
  }, 60_000);
});
