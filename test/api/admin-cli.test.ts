import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runAdminCli } from '../../scripts/admin/cli';
import { createApiHarness, refusedWithinKeyCacheWindow, validSignal, type ApiHarness } from './harness';
import { TEST_RESPONSE_LINK_SECRET } from '../support/env';

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h.close();
});

/** The CLI in-process, with its own streams captured (the entry point itself is run once below). */
async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCli(
    args,
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    { DATABASE_URL: h.db.url, RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('admin CLI', () => {
  it('creates an organisation, a ministry with contacts, a user, and keys that work once created and stop when revoked', async () => {
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
    expect((await admin('org', 'list')).stdout).toMatch(
      /^RIEC-LB\triec\tRIEC Limburg\tsignalen@riec-lb\.example$/m,
    );

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
          'P. Post',
          '--email',
          'p.post@szw.example',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await admin(
          'contact',
          'add',
          '--ministry',
          'szw',
          '--name',
          'E. Scalatie',
          '--email',
          'sg@szw.example',
          '--role',
          'escalation',
        )
      ).code,
    ).toBe(0);
    const unknownMinistry = await admin(
      'contact',
      'add',
      '--ministry',
      'XYZ',
      '--name',
      'X',
      '--email',
      'x@x.example',
    );
    expect(unknownMinistry.code).toBe(2);
    expect(unknownMinistry.stderr).toMatch(/no ministry with code XYZ/);
    const ministries = await admin('ministry', 'list');
    expect(ministries.stdout).toMatch(/SZW\tMinisterie van Sociale Zaken/);
    expect(ministries.stdout).toMatch(/contact\tp\.post@szw\.example/);
    expect(ministries.stdout).toMatch(/escalation\tsg@szw\.example/);
    expect(
      await admin('contact', 'deactivate', '--ministry', 'SZW', '--email', 'p.post@szw.example'),
    ).toMatchObject({ code: 0, stdout: 'p.post@szw.example deactivated; 0 response links revoked' });
    expect((await admin('ministry', 'list')).stdout).toMatch(
      /contact\tp\.post@szw\.example\tP\. Post\t\(inactive\)/,
    );

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
    const badRole = await admin(
      'user',
      'create',
      '--email',
      'x@liec.example',
      '--name',
      'X',
      '--role',
      'root',
    );
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be one of: coordinator, lead, admin/);
    const password = await admin('user', 'password', '--email', 'k.klaas@liec.example');
    expect(password.stdout).toMatch(/shown once\): \S{20}/);
    expect(
      (await h.db.prisma.user.findUniqueOrThrow({ where: { email: 'k.klaas@liec.example' } })).passwordHash,
    ).toMatch(/^\$argon2/);

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
          .get(`/api/v1/signals/${(submitted.body as { id: string }).id}`)
          .set('Authorization', `Bearer ${coordinatorKey}`)
      ).status,
    ).toBe(200);
    expect((await admin('key', 'create', '--org', 'RIEC-LB', '--expires', '2001-01-01')).stderr).toMatch(
      /in the past/,
    );

    const prefix = key.split('_')[1]!;
    const listed = await admin('key', 'list', '--org', 'RIEC-LB');
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${prefix}\\tactive\\torg:RIEC-LB\\tkoppeling RIEC-LB\\tcreated \\S+\\texpires -\\tlast used \\S+Z$`,
        'm',
      ),
    );
    // The secret is base64url and may itself contain '_': everything after the prefix is secret.
    expect(listed.stdout).not.toContain(key.slice(`sk_${prefix}_`.length));

    expect((await admin('key', 'revoke', '--prefix', key)).stdout).toBe(`key ${prefix} revoked`);
    expect((await admin('key', 'revoke', '--prefix', prefix)).stdout).toBe(
      `key ${prefix} was already revoked`,
    );
    expect((await admin('key', 'list', '--org', 'RIEC-LB')).stdout).toMatch(
      new RegExp(`^${prefix}\\trevoked`, 'm'),
    );
    await refusedWithinKeyCacheWindow(h, `Bearer ${key}`);

    expect((await admin('user', 'disable', '--email', 'k.klaas@liec.example')).code).toBe(0);
    await refusedWithinKeyCacheWindow(h, `Bearer ${coordinatorKey}`);
  });

  it('explains itself: usage, unknown commands and options, missing options, an unreachable database', async () => {
    const usage = await admin();
    expect(usage.code).toBe(2);
    expect(usage.stdout).toMatch(/key create --org/);
    expect((await admin('org', 'explode')).stderr).toMatch(/unknown command: org explode/);
    const unknownOption = await admin('org', 'create', '--colour', 'red');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/--colour/);
    expect((await admin('org', 'create', '--code', 'X')).stderr).toMatch(/--name is required/);
    expect((await admin('key', 'create')).stderr).toMatch(/exactly one of --org/);
    const out: string[] = [];
    const err: string[] = [];
    const unreachable = await runAdminCli(
      ['org', 'list'],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { DATABASE_URL: 'postgresql://postgres:x@127.0.0.1:1/none' },
    );
    expect(unreachable).toBe(1);
    expect(err.join('\n')).toMatch(/cannot reach the database/);
  }, 30_000);

  it('writes each change to a contact or user to the processing log, where the lead finds it by address', async () => {
    expect((await admin('ministry', 'create', '--code', 'OCW', '--name', 'Ministerie van OCW')).code).toBe(0);
    const add = ['contact', 'add', '--ministry', 'OCW', '--name', 'L. Log', '--email', 'l.log@ocw.example'];
    expect((await admin(...add)).code).toBe(0);
    expect(
      (await admin('contact', 'deactivate', '--ministry', 'OCW', '--email', 'l.log@ocw.example')).code,
    ).toBe(0);
    expect(
      (
        await admin(
          'user',
          'create',
          '--email',
          'u.log@liec.example',
          '--name',
          'U. Log',
          '--role',
          'coordinator',
        )
      ).code,
    ).toBe(0);
    expect((await admin('user', 'password', '--email', 'u.log@liec.example')).code).toBe(0);
    expect((await admin('user', 'disable', '--email', 'u.log@liec.example')).code).toBe(0);

    const namesFor = async (email: string) => {
      const res = await h.request().get('/api/v1/processing-records').query({ email }).set(h.auth('lead'));
      expect(res.status).toBe(200);
      return (res.body as { records: { name: string; processingActivity: { nameEn: string } }[] }).records;
    };
    const contact = await namesFor('l.log@ocw.example');
    expect(contact.map((record) => record.name)).toEqual([
      'deactivate ministry contact',
      'add or update ministry contact',
    ]);
    expect(contact[0]!.processingActivity.nameEn).toBe('Administration of ministry contacts');
    expect((await namesFor('u.log@liec.example')).map((record) => record.name)).toEqual([
      'disable user',
      'replace dashboard password',
      'create user',
    ]);

    // Without the key API and worker use, a record would carry a pseudonym nobody can look up: refused.
    const out: string[] = [];
    const err: string[] = [];
    const refused = await runAdminCli(
      add,
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { DATABASE_URL: h.db.url, DATA_DIR: path.join(root, 'no-such-data-dir') },
    );
    expect(refused).toBe(2);
    expect(err.join('\n')).toMatch(/PROCESSING_LOG_KEY or RESPONSE_LINK_SECRET/);
  }, 30_000);

  it('runs as `npm run admin` (the entry point prints usage on --help)', async () => {
    const { stdout } = await execFileAsync('npm', ['run', '--silent', 'admin', '--', '--help'], {
      cwd: root,
    });
    expect(stdout).toMatch(/^signaalloket admin CLI/);
    expect(stdout).toMatch(/npm run admin -- key revoke --prefix/);
  }, 60_000);
});
