import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { seedReferenceData } from '../../scripts/seed/demo';
import { createTestDatabase, type TestDatabase } from '../support/database';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

/** The admin's import command, run as a person would; --dry-run checks a file without Temporal. */
describe('scripts/import.ts', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedReferenceData(db.prisma);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  const importCli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'import.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url },
    }).then(
      (out) => ({ code: 0, ...out }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('checks the annual report cases from the CSV without importing them', async () => {
    const result = await importCli(path.join(root, 'scripts', 'seed', 'annual-report-2022.csv'), '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run: every record is valid; nothing was imported.');
    expect(await db.prisma.signal.count()).toBe(0);
  });

  it('names every problem of an invalid file and exits with 1', async () => {
    const file = path.join(dir, 'wrong.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        { organisation: 'RIEC-ON', title: 'Zonder datum' },
        { organisation: 'RIEC-ON', title: 'Goed', submittedAt: '2024-01-10' },
      ]),
    );
    const result = await importCli(file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('invalid  #1');
    expect(result.stdout).toContain('submittedAt');
    expect(result.stdout).toContain('1 invalid record(s): nothing was imported.');
  });

  it('explains its usage', async () => {
    const result = await importCli();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: npx tsx scripts/import.ts');
  });
});
