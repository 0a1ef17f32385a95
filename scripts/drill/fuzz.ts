/**
 * Drill 5: schemathesis (pinned, from PyPI; scripts/drill/ensure-schemathesis.sh) generates requests from
 * /openapi.json and checks every answer: no 5xx, status codes, content types, headers and bodies as documented.
 * Full: thousands of requests (examples, coverage, fuzzing and stateful phases); --short: a few hundred.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isShort, runDrills, type Drill } from './run';

const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
].join(',');

export const fuzzDrill: Drill = {
  name: 'fuzz',
  describe: 'schemathesis against /openapi.json: no 5xx, nothing outside the documented schema',
  async run({ product, short, log, stack }) {
    const root = path.resolve(__dirname, '..', '..');
    const tools = execFileSync('bash', [path.join(__dirname, 'ensure-schemathesis.sh')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .toString()
      .trim();
    const report = path.join(stack.dir, 'fuzz-report');
    const args = [
      '-m',
      'schemathesis.cli',
      'run',
      `${product.apiUrl}/openapi.json`,
      '--checks',
      CHECKS,
      '--header',
      `Authorization: Bearer ${product.keys.coordinator}`,
      '--max-examples',
      short ? '15' : '150',
      // One worker: with two threads, hypothesis' ast.parse in Python 3.11 fails at random with "AST constructor
      // recursion depth mismatch" (CPython gh-106905, a thread-safety bug), a runtime error that is not ours.
      '--workers',
      '1',
      '--report',
      'ndjson',
      '--report-dir',
      report,
      '--no-color',
      ...(short ? ['--phases', 'examples,coverage,fuzzing', '--max-time', '45'] : []),
      '--seed',
      process.env.DRILL_FUZZ_SEED ?? '20261129',
    ];
    log(
      `schemathesis ${args
        .slice(3)
        .join(' ')
        .replace(/Bearer \S+/, 'Bearer …')}`,
    );
    const output: string[] = [];
    const code = await new Promise<number>((resolve) => {
      const child = spawn('python3', args, {
        env: { ...process.env, PYTHONPATH: tools },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const collect = (chunk: Buffer): void => {
        output.push(chunk.toString());
        process.stdout.write(chunk);
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('exit', (c) => resolve(c ?? 1));
    });
    const text = output.join('');
    const requests = countRequests(report);
    const figures: Record<string, number> = { exitCode: code, requests };
    const problems: string[] = [];
    if (code !== 0) {
      const summary = /=+ (?:FAILURES|SUMMARY) =+[\s\S]*$/.exec(text)?.[0] ?? text.slice(-4000);
      problems.push(`schemathesis reported failures (exit ${code}):\n${summary}`);
    }
    if (requests === 0) problems.push('schemathesis made no requests');
    return { problems, figures };
  },
};

/** Requests made, from schemathesis's NDJSON event stream (one interaction per request). */
function countRequests(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let count = 0;
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.ndjson')) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    count += (text.match(/"request":\s*\{/g) ?? []).length;
  }
  return count;
}

if (require.main === module) void runDrills([fuzzDrill], isShort());
