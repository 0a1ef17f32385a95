import fs from 'node:fs';
import path from 'node:path';
import { waitForPort } from '../services/ports';
import { defineServiceProcess, eventsOf, type ProcessEvents, type ServiceProcess } from './service-process';

/**
 * HAProxy (Debian's package) in front of the API replicas: round robin, each replica health-checked on its
 * operations listener's /readyz (OPS_PORT), so a replica that is down, or draining, gets no new requests. It adds
 * X-Forwarded-For (the API runs with TRUST_PROXY=1) and names the replica that answered in X-Served-By, and serves
 * its own statistics page on a second port.
 */
export const HAPROXY_PATH = '/usr/sbin/haproxy';

export interface ApiBackend {
  name: string;
  port: number;
  opsPort: number;
}

export interface LoadBalancerOptions {
  port: number;
  statsPort: number;
  backends: ApiBackend[];
  /** Where the generated configuration file is written. */
  dir: string;
  events?: ProcessEvents;
}

export interface RunningLoadBalancer {
  url: string;
  statsUrl: string;
  process: ServiceProcess;
  stop(): Promise<void>;
}

export function assertHaproxyInstalled(): void {
  if (!fs.existsSync(HAPROXY_PATH)) {
    throw new Error(
      `${HAPROXY_PATH} is missing: run \`sudo apt-get install haproxy\` (npm run cluster does this as root)`,
    );
  }
}

/** How fast a dead replica leaves the rotation: checked every second, out after 2 failures, back after 2 passes. */
export const HEALTH_CHECK = { intervalMs: 1_000, fall: 2, rise: 2 };

export function haproxyConfig(options: Pick<LoadBalancerOptions, 'port' | 'statsPort' | 'backends'>): string {
  const servers = options.backends.map(
    (backend) =>
      `  server ${backend.name} 127.0.0.1:${backend.port} check port ${backend.opsPort} ` +
      `inter ${HEALTH_CHECK.intervalMs} fall ${HEALTH_CHECK.fall} rise ${HEALTH_CHECK.rise}`,
  );
  return [
    '# Written by scripts/cluster/haproxy.ts at every start of the cluster.',
    'global',
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    // Longer than the API's slowest answer (an upload, an export); the API's own keep-alive is 65 s.
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout http-keep-alive 10s',
    // A replica that refuses the connection (it just died, before the health check noticed) costs nothing: the
    // request goes to the other one. Only then: a request that reached a replica may have been carried out, and
    // not every POST carries an Idempotency-Key, so those are never sent twice.
    '  retries 2',
    '  option redispatch 1',
    '  retry-on conn-failure',
    '',
    'frontend api',
    `  bind 127.0.0.1:${options.port}`,
    '  option forwardfor',
    '  default_backend api_replicas',
    '',
    'backend api_replicas',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  http-response set-header X-Served-By %s',
    ...servers,
    '',
    'frontend stats',
    `  bind 127.0.0.1:${options.statsPort}`,
    '  stats enable',
    '  stats uri /',
    '  stats refresh 5s',
    '',
  ].join('\n');
}

export async function startLoadBalancer(options: LoadBalancerOptions): Promise<RunningLoadBalancer> {
  assertHaproxyInstalled();
  fs.mkdirSync(options.dir, { recursive: true });
  const configFile = path.join(options.dir, 'haproxy.cfg');
  fs.writeFileSync(configFile, haproxyConfig(options));
  const process = defineServiceProcess({
    name: 'HAProxy',
    ...eventsOf('HAProxy', options.events),
    command: HAPROXY_PATH,
    // -db: stay in the foreground, log to stderr; -W: master-worker, so SIGTERM stops it cleanly.
    args: ['-W', '-db', '-f', configFile],
    env: { PATH: globalThis.process.env.PATH ?? '/usr/bin:/bin' },
    ready: () => waitForPort(options.port, 10_000),
    stopGraceMs: 5_000,
  });
  await process.start();
  return {
    url: `http://127.0.0.1:${options.port}`,
    statsUrl: `http://127.0.0.1:${options.statsPort}/`,
    process,
    stop: () => process.stop(),
  };
}
