import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDbScript } from '../support/db-tools';
import { requiredTestEnv } from '../support/env';

const schemaPath = path.resolve(__dirname, '..', '..', 'prisma', 'schema.prisma');

async function checkDrift(schemaFile: string): Promise<{ exitCode: number; output: string }> {
  try {
    const { stdout } = await runDbScript('check-drift.ts', [], {
      DATABASE_URL: requiredTestEnv('TEST_DATABASE_ADMIN_URL'),
      SCHEMA_PATH: schemaFile,
    });
    return { exitCode: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { exitCode: failure.code, output: failure.stdout + failure.stderr };
  }
}

describe('migrations and schema.prisma', () => {
  it('build the same database', async () => {
    const result = await checkDrift(schemaPath);
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain('no drift');
  });

  it('are reported as drifted when schema.prisma changes without a migration', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-'));
    const changed = path.join(dir, 'schema.prisma');
    const original = fs.readFileSync(schemaPath, 'utf8');
    const withExtraColumn = original.replace(
      /model Organisation \{\n/,
      'model Organisation {\n  driftProbe String?\n',
    );
    expect(withExtraColumn).not.toBe(original);
    fs.writeFileSync(changed, withExtraColumn);
    try {
      const result = await checkDrift(changed);
      expect(result.exitCode).toBe(1);
      expect(result.output).toContain('driftProbe');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
