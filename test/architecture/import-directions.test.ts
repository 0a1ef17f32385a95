import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The import directions of docs/architecture.md#folders-and-import-directions are enforced by the project's own
 * ESLint configuration. Each probe lints a snippet as if it stood in a real file of that folder; one Node process
 * (test/architecture/lint-probe.mjs) lints them all, since jest cannot load the ES-module configuration itself.
 */
const repoRoot = path.resolve(__dirname, '..', '..');

interface Probe {
  file: string;
  source: string;
}

const importing = (file: string, specifier: string): Probe => ({
  file,
  source: `import * as imported from '${specifier}';\nvoid imported;\n`,
});

const refused: Probe[] = [
  importing('shared/ids.ts', '../api/app'),
  importing('shared/ids.ts', '../activities'),
  importing('shared/ids.ts', '../worker/create-worker'),
  importing('shared/ids.ts', '../scripts/services/ports'),
  importing('shared/ids.ts', '../generated/prisma/client'),
  importing('activities/index.ts', '../api/app'),
  importing('activities/mail/urls.ts', '../../scripts/services/ports'),
  importing('reports/csv.ts', '../api/app'),
  importing('prisma/client.ts', '../shared/ids'),
  importing('worker/main.ts', '../scripts/services/ports'),
  importing('worker/main.ts', '../api/app'),
  importing('api/main.ts', '../scripts/services/paths'),
  importing('api/dashboard/router.ts', '../../scripts/seed/data'),
  importing('api/app.ts', '../test/support/env'),
  importing('workflows/index.ts', '../shared/runtime-file'),
  importing('workflows/index.ts', '../reports'),
];

const allowed: Probe[] = [
  importing('shared/ids.ts', './config'),
  importing('activities/index.ts', '../shared/ids'),
  importing('activities/index.ts', '../generated/prisma/client'),
  importing('reports/csv.ts', '../shared/ids'),
  importing('api/app.ts', '../activities'),
  importing('api/app.ts', '../reports'),
  importing('api/main.ts', '../shared/runtime-file'),
  importing('api/main.ts', '../worker/create-worker'),
  importing('api/app.ts', '@temporalio/worker'),
  importing('worker/main.ts', '../activities'),
  importing('workflows/index.ts', '../shared/ids'),
  importing('scripts/start.ts', '../api/server'),
  importing('scripts/start.ts', '../shared/runtime-file'),
];

/** The committed entry point that used to read the runtime file from scripts/. */
const committedApiMain: Probe = {
  file: 'api/main.ts',
  source: fs.readFileSync(path.join(repoRoot, 'api', 'main.ts'), 'utf8'),
};

function lint(probes: Probe[]): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [path.join(__dirname, 'lint-probe.mjs')],
      { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`lint-probe failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as string[][]);
      },
    );
    child.stdin?.end(JSON.stringify(probes));
  });
}

describe('import directions between the top-level folders', () => {
  let answers: string[][];

  beforeAll(async () => {
    answers = await lint([...refused, ...allowed, committedApiMain]);
  }, 180_000);

  test.each(refused.map((probe, index) => [probe.file, probe.source.split("'")[1], index] as const))(
    '%s may not import %s',
    (_file, _specifier, index) => {
      const messages = answers[index]!;
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^no-restricted-imports: /);
    },
  );

  test.each(
    allowed.map((probe, index) => [probe.file, probe.source.split("'")[1], refused.length + index] as const),
  )('%s may import %s', (_file, _specifier, index) => {
    expect(answers[index]).toEqual([]);
  });

  test('api/main.ts as committed imports nothing from scripts/', () => {
    expect(answers[refused.length + allowed.length]).toEqual([]);
  });
});
