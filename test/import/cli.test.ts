import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { seedReferenceData } from '../../scripts/seed/demo';
import { letterPdf } from '../../scripts/seed/letter-pdf';
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

  it('checks the documents a file names, saying which file, on which line, and why; and imports nothing', async () => {
    const folder = path.join(dir, 'brieven');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'bijlage.pdf'), letterPdf({ title: 'Bijlage', lines: ['Bijlage 1'] }));
    fs.writeFileSync(path.join(folder, 'vermomd.pdf'), Buffer.from('MZ\x90\x00 this is a program'));
    fs.writeFileSync(path.join(folder, 'programma.exe'), Buffer.from('MZ\x90\x00'));
    const file = path.join(dir, 'met-documenten.json');
    const record = (title: string, documents: string[], replyDocuments: string[]) => ({
      organisation: 'RIEC-ON',
      title,
      submittedAt: '2022-05-09',
      sentAt: '2022-05-17',
      closedAt: '2022-12-15',
      ministries: [{ code: 'BZ' }, { code: 'JenV' }],
      documents,
      replies: [{ ministries: ['BZ', 'JenV'], receivedAt: '2022-12-06', documents: replyDocuments }],
    });
    // Pretty-printed, one value per line, as a person writes it.
    const text = JSON.stringify(
      [
        record('Goed', ['brieven/bijlage.pdf'], ['brieven/bijlage.pdf']),
        record('Fout', ['brieven/ontbreekt.pdf', 'brieven/programma.exe'], ['brieven/vermomd.pdf']),
      ],
      null,
      2,
    );
    fs.writeFileSync(file, text);
    const lineOf = (value: string, after = 0) => {
      const lines = text.split('\n');
      return lines.findIndex((line, index) => index >= after && line.includes(`"${value}"`)) + 1;
    };
    const second = lineOf('Fout') - 1;
    const result = await importCli(file, '--dry-run');
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('invalid  #1');
    expect(result.stdout).toContain('invalid  #2');
    expect(result.stdout).toContain(
      `documents.0: brieven/ontbreekt.pdf (met-documenten.json line ${lineOf('brieven/ontbreekt.pdf', second)}): no such file (${path.join(folder, 'ontbreekt.pdf')})`,
    );
    expect(result.stdout).toContain(
      `documents.1: brieven/programma.exe (met-documenten.json line ${lineOf('brieven/programma.exe', second)}): not a PDF, DOCX, ODT or TXT file (by its name)`,
    );
    expect(result.stdout).toContain(
      `replies.0.documents.0: brieven/vermomd.pdf (met-documenten.json line ${lineOf('brieven/vermomd.pdf', second)}): its content is not the PDF, DOCX, ODT or plain text its name says`,
    );
    expect(result.stdout).toContain('1 invalid record(s): nothing was imported.');
    expect(await db.prisma.signal.count()).toBe(0);
    expect(await db.prisma.documentBlob.count()).toBe(0);
  });

  it('names the CSV line of a record whose document is missing', async () => {
    const file = path.join(dir, 'signalen.csv');
    fs.writeFileSync(
      file,
      [
        'organisation;title;submittedAt;documents',
        'RIEC-ON;Eerste signaal;2024-01-10;',
        '',
        'RIEC-ON;Tweede signaal;2024-01-11;bijlagen/weg.pdf | bijlagen/ook-weg.txt',
      ].join('\r\n'),
    );
    const result = await importCli(file, '--dry-run');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('documents.0: bijlagen/weg.pdf (signalen.csv line 4): no such file');
    expect(result.stdout).toContain('documents.1: bijlagen/ook-weg.txt (signalen.csv line 4): no such file');
  });

  it('checks concerned persons without the processing log’s key, and refuses to import them without it', async () => {
    const file = path.join(dir, 'met-personen.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        {
          organisation: 'RIEC-ON',
          title: 'Signaal met betrokken personen',
          submittedAt: '2024-01-10',
          concernedPersons: [{ name: 'Jan Voorbeeld', birthDate: '1968-03-14' }],
        },
      ]),
    );
    const checked = await importCli(file, '--dry-run');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('Dry run: every record is valid; nothing was imported.');
    // No key, no running `npm start` to take it from: the persons would go unrecorded, so nothing is imported.
    const refused = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'import.ts'), file],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          DATA_DIR: path.join(dir, 'no-such-data-dir'),
          RESPONSE_LINK_SECRET: '',
          PROCESSING_LOG_KEY: '',
        },
      },
    ).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('set PROCESSING_LOG_KEY or RESPONSE_LINK_SECRET');
    expect(await db.prisma.signal.count()).toBe(0);
    expect(await db.prisma.concernedPerson.count()).toBe(0);
  });

  it('explains its usage', async () => {
    const result = await importCli();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: npx tsx scripts/import.ts');
  });
});
