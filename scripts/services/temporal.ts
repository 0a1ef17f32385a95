import { spawnBound } from './bound-process';
import fs from 'node:fs';
import path from 'node:path';
import { searchAttributeDefinitions } from '../../shared/search-attributes';
import { toolsDir } from './paths';
import { waitForPort } from './ports';

/** Paths of the pinned Temporal binaries installed by scripts/ensure-tools.sh. */
export const temporalCliPath = path.join(toolsDir, 'temporal', 'bin', 'temporal');
export const temporalTestServerPath = path.join(toolsDir, 'temporal', 'bin', 'temporal-test-server');

export function assertTemporalInstalled(): void {
  for (const binary of [temporalCliPath, temporalTestServerPath]) {
    if (!fs.existsSync(binary)) {
      throw new Error(
        `${binary} is missing: run \`bash scripts/ensure-tools.sh\` (npm start and npm test do this)`,
      );
    }
  }
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export interface StartTemporalOptions {
  port: number;
  /** Web UI port; omitted means headless. */
  uiPort?: number;
  /** SQLite file for persistent state; omitted means in memory. */
  dbFile?: string;
  onLog?: (line: string) => void;
}

/**
 * SQLite's default rollback journal writes, syncs and deletes a journal file around every commit, and the server
 * commits several times per workflow task: a build of 1,500 open signals ran at 11 signals/s with a third of the
 * CPU in the kernel (scripts/bench). A write-ahead log appends instead: 16 signals/s in the same build, and bare
 * workflow starts rose from ~140/s to 193/s (docs/benchmarks.md).
 * `synchronous=full` keeps today's durability: every commit is on disk before the server answers, so a killed
 * server or a crashed machine loses nothing it acknowledged.
 */
const sqlitePragmas = ['journal_mode=wal', 'synchronous=full'];

/** Starts `temporal server start-dev`: a real Temporal server (SQLite-backed) with our search attributes. */
export async function startTemporalDevServer(options: StartTemporalOptions): Promise<RunningTemporal> {
  assertTemporalInstalled();
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--log-level',
    'warn',
  ];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1');
  else args.push('--headless');
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
    for (const pragma of sqlitePragmas) args.push('--sqlite-pragma', pragma);
  }
  for (const [name, type] of searchAttributeDefinitions) args.push('--search-attribute', `${name}=${type}`);
  // The dev server's own metrics endpoint would take a fixed port; parallel test runs must not collide.
  args.push('--metrics-port', '0');

  const service = spawnBound(temporalCliPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    stopSignal: 'SIGTERM',
  });
  const { child, exited } = service;
  let output = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) options.onLog?.(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  try {
    await Promise.race([
      waitForPort(options.port, 60_000),
      exited.then((code) => {
        throw new Error(`the Temporal dev server exited with code ${code} during start: ${output.trim()}`);
      }),
    ]);
  } catch (error) {
    await service.stop(0);
    throw error;
  }
  return {
    address: `127.0.0.1:${options.port}`,
    ...(options.uiPort ? { uiUrl: `http://localhost:${options.uiPort}` } : {}),
    stop: () => service.stop(10_000),
  };
}
