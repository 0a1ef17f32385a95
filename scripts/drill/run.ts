import { startProduct, type Product } from './product';
import { startStack, type Stack, type StackOptions } from './stack';
import type { Verdict } from './verify';

/** A fault drill: breaks something while signals run, then judges what is left. */
export interface Drill {
  name: string;
  describe: string;
  /**
   * A stack of its own, when the drill needs another than the shared one (PostgreSQL and the Temporal dev server):
   * the versioning drill runs on the real Temporal server.
   */
  stack?: Omit<StackOptions, 'log'>;
  run(ctx: DrillContext): Promise<Verdict>;
}

export interface DrillContext {
  stack: Stack;
  product: Product;
  short: boolean;
  log: (line: string) => void;
  /** A progress line that overwrites itself on a terminal. */
  progress: (line: string) => void;
}

const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;

export function logLine(line: string): void {
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
  process.stdout.write(`[drill ${elapsed()}] ${line}\n`);
}

let lastProgress = 0;
export function progressLine(line: string): void {
  if (process.stdout.isTTY) {
    process.stdout.write(`\r\x1b[K[drill ${elapsed()}] ${line}`);
  } else if (Date.now() - lastProgress > 5_000) {
    lastProgress = Date.now();
    process.stdout.write(`[drill ${elapsed()}] ${line}\n`);
  }
}

/**
 * Runs drills one after another: those without a stack of their own on one shared stack, each other one on its own;
 * exits 1 when any drill found a problem (a loss, a duplicate).
 */
export async function runDrills(drills: Drill[], short: boolean): Promise<void> {
  logLine(`${short ? 'short' : 'full'} form of: ${drills.map((d) => d.name).join(', ')}`);
  const shared = drills.filter((d) => !d.stack);
  const groups = [...(shared.length ? [shared] : []), ...drills.filter((d) => d.stack).map((d) => [d])];
  const results: DrillResult[] = [];
  for (const group of groups) results.push(...(await runOnOneStack(group, short)));
  logLine(
    `summary: ${results.map((r) => `${r.name} ${r.verdict.problems.length ? 'FAILED' : 'passed'} (${r.seconds} s)`).join('; ')}`,
  );
  process.exitCode = results.some((r) => r.verdict.problems.length) ? 1 : 0;
}

interface DrillResult {
  name: string;
  verdict: Verdict;
  seconds: number;
}

async function runOnOneStack(drills: Drill[], short: boolean): Promise<DrillResult[]> {
  const stack = await startStack({ log: logLine, ...drills[0]!.stack });
  let product: Product | undefined;
  const results: DrillResult[] = [];
  try {
    product = await startProduct(stack, { log: logLine });
    logLine(
      `services up: PostgreSQL, Temporal ${stack.temporalAddress}, API ${product.apiUrl}, worker pid ${product.worker.pid}`,
    );
    for (const drill of drills) {
      logLine(`── ${drill.name}: ${drill.describe}`);
      const begin = Date.now();
      let verdict: Verdict;
      try {
        verdict = await drill.run({ stack, product, short, log: logLine, progress: progressLine });
      } catch (error) {
        verdict = {
          problems: [
            `the drill itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          ],
          figures: {},
        };
      }
      const seconds = Math.round((Date.now() - begin) / 1000);
      results.push({ name: drill.name, verdict, seconds });
      const figures = Object.entries(verdict.figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      if (verdict.problems.length) {
        logLine(`✗ ${drill.name} FAILED in ${seconds} s: ${figures}`);
        for (const problem of verdict.problems.slice(0, 30)) logLine(`    ${problem}`);
        if (verdict.problems.length > 30) logLine(`    … and ${verdict.problems.length - 30} more`);
      } else {
        logLine(`✓ ${drill.name} passed in ${seconds} s: ${figures}`);
      }
    }
  } finally {
    await product?.stop().catch(() => undefined);
    await stack.stop();
  }
  return results;
}

export function isShort(argv = process.argv.slice(2)): boolean {
  return argv.includes('--short');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over 0..n-1 with at most `width` at a time; collects results and errors. */
export async function pool<T>(
  n: number,
  width: number,
  work: (i: number) => Promise<T>,
): Promise<{ results: T[]; errors: string[] }> {
  const results: T[] = [];
  const errors: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) {
        const i = next++;
        try {
          results.push(await work(i));
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  return { results, errors };
}
