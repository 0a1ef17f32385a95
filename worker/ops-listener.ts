import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from '@temporalio/worker';

/**
 * The worker's operations listener (OPS_PORT on OPS_HOST, like the API's), for the orchestrator's probes: the
 * worker serves no other HTTP. `/healthz` answers while the process lives and its worker has not failed (a failed
 * worker is restarted); `/readyz` only while the worker polls its task queue, so during a rolling update a new pod
 * counts as available once it takes tasks, and a pod told to stop reads "down" while it drains.
 */
export interface WorkerOpsListener {
  url: string;
  close(): Promise<void>;
}

export async function startWorkerOpsListener(options: {
  worker: Pick<Worker, 'getState'>;
  host: string;
  port: number;
}): Promise<WorkerOpsListener> {
  const server = http.createServer((req, res) => {
    const state = options.worker.getState();
    const answer = (status: number, body: object): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return answer(405, { detail: 'The operations listener answers GET only.' });
    if (req.url === '/healthz') {
      return state === 'FAILED'
        ? answer(503, { status: 'down', state })
        : answer(200, { status: 'up', state });
    }
    if (req.url === '/readyz') {
      return state === 'RUNNING'
        ? answer(200, { status: 'up', state })
        : answer(503, { status: 'down', state });
    }
    return answer(404, {
      detail: `The worker's operations listener serves GET /healthz and /readyz, not ${req.url}.`,
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
