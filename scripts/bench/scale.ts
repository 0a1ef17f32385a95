import crypto from 'node:crypto';
import type { Database } from '../../prisma/client';
import { WorkerSupervisor } from '../drill/product';
import { request } from '../drill/http';
import { sleep } from '../drill/run';
import { startDrillSmtpServer } from '../drill/smtp';
import { rssMiB, type Stack } from '../drill/stack';
import { findFreePort } from '../services/ports';
import { startApiProcess } from './api-process';
import { copyReadModel } from './copy-read-model';
import { summarise, type LatencySummary } from './stats';
import { signalBody, type BenchWorld } from './world';

export interface ScaleFigures {
  openSignals: number;
  sentToMinistries: number;
  creationSeconds: number;
  createdPerSecond: number;
  rssMiB: { worker?: number; api?: number; temporal?: number; postgres?: number };
  list: Array<{ query: string; latency: LatencySummary; items: number }>;
  annualReport: LatencySummary;
  /** The same reads after the read model was grown by copies (copy-read-model.ts). */
  copied?: { rows: number; list: ScaleFigures['list']; annualReport: LatencySummary };
}

const LIST_QUERIES = [
  '',
  '?status=in_review',
  '?status=sent,partially_replied',
  '?overdue=true',
  '?ministry=JenV',
  '?organisation=RIEC-03',
  '?text=vergunningstelsel', // in every signal: the first page fills at once
  '?text=nergens-gevonden', // in none: every row is read
  '?limit=100',
];

/**
 * N open signals, each a running lifecycle waiting on its clocks' timers with its rows in the read model: made
 * through the API and the real worker (a tenth accepted for ministries, so child workflows and ministry rows
 * exist too). Then the memory of every process and the latency of the list endpoint and the annual report.
 */
export async function measureReads(
  url: string,
  keys: string[],
  samples: number,
  progress: (l: string) => void,
): Promise<Pick<ScaleFigures, 'list' | 'annualReport'>> {
  const list: ScaleFigures['list'] = [];
  for (const query of LIST_QUERIES) {
    const latencies: number[] = [];
    let errors = 0;
    let items = 0;
    for (let i = 0; i < samples; i++) {
      const sent = performance.now();
      const res = await request('GET', `${url}/api/v1/signals${query}`, {
        headers: { authorization: `Bearer ${keys[i % keys.length]}` },
      });
      if (res.status === 200) {
        latencies.push(performance.now() - sent);
        items = res.json<{ items?: unknown[] }>().items?.length ?? 0;
      } else {
        errors += 1;
        if (errors === 1) progress(`GET /api/v1/signals${query}: ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    list.push({ query: `GET /api/v1/signals${query}`, latency: summarise(latencies, errors), items });
    progress(`list ${query || '(default)'} measured`);
  }
  const year = new Date().getUTCFullYear();
  const reportLatencies: number[] = [];
  let reportErrors = 0;
  for (let i = 0; i < 5; i++) {
    const sent = performance.now();
    const res = await request('GET', `${url}/api/v1/reports/annual?year=${year}`, {
      headers: { authorization: `Bearer ${keys[i % keys.length]}` },
      timeoutMs: 120_000,
    });
    if (res.status === 200) reportLatencies.push(performance.now() - sent);
    else reportErrors += 1;
    progress(`annual report ${i + 1} measured`);
  }
  return { list, annualReport: summarise(reportLatencies, reportErrors) };
}

export async function benchScale(
  stack: Stack,
  prisma: Database,
  world: BenchWorld,
  options: {
    openSignals: number;
    /** How many of them are accepted for ministries (default a tenth): child workflows and ministry rows. */
    sentToMinistries?: number;
    samples: number;
    readModelRows?: number;
    progress: (l: string) => void;
    log: (l: string) => void;
  },
): Promise<ScaleFigures> {
  const smtp = await startDrillSmtpServer({ keep: false });
  const env = {
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'warn',
    RESPONSE_LINK_SECRET: crypto.randomBytes(32).toString('base64url'),
  };
  const api = await startApiProcess({ port: await findFreePort(), env: { ...env, LOG_LEVEL: 'warn' } });
  const worker = new WorkerSupervisor(
    {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: api.url,
      WORKFLOW_BUNDLE: stack.workflowBundlePath,
    },
    options.log,
  );
  await worker.start();
  const coordinator = { authorization: `Bearer ${world.coordinatorKey}`, 'content-type': 'application/json' };
  try {
    const n = options.openSignals;
    const begin = Date.now();
    let created = 0;
    const memory = () => ({
      worker: rssMiB(worker.pid),
      api: rssMiB(api.pid),
      temporal: rssMiB(stack.temporalPid()),
      postgres: rssMiB(stack.postgresPid(), true),
    });
    const memoryLine = (): string =>
      Object.entries(memory())
        .map(([name, mib]) => `${name} ${mib ?? '?'} MiB`)
        .join(', ');
    const countIn = (status: 'in_review' | 'sent') => prisma.signal.count({ where: { status } });
    // Submissions run ahead of the worker; a window keeps the backlog bounded so the read model keeps up.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < n) {
          const i = next++;
          for (;;) {
            const res = await request('POST', `${api.url}/api/v1/signals`, {
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${world.submitterKeys[i % world.submitterKeys.length]}`,
                'idempotency-key': crypto.randomUUID(),
              },
              body: JSON.stringify(signalBody(i)),
            }).catch(() => undefined);
            if (res?.status === 201) break;
            await sleep(500);
          }
          created += 1;
          // A long build (100,000 takes hours here) leaves memory figures on the way, in case it is cut short.
          if (created % 10_000 === 0) options.log(`${created} submitted; memory ${memoryLine()}`);
          if (created % 200 === 0) {
            for (;;) {
              const inReview = await countIn('in_review');
              options.progress(
                `open signals: ${created}/${n} submitted, ${inReview} in review (workflows waiting on timers)`,
              );
              if (created - inReview < 1_000) break;
              await sleep(1_000);
            }
          }
        }
      }),
    );
    for (;;) {
      const inReview = await countIn('in_review');
      options.progress(`open signals: ${n}/${n} submitted, ${inReview} in review`);
      if (inReview >= n) break;
      await sleep(1_000);
    }
    const toSend = Math.min(n, options.sentToMinistries ?? Math.floor(n / 10));
    const ids = await prisma.signal.findMany({
      where: { status: 'in_review' },
      select: { id: true },
      take: toSend,
      orderBy: { submittedAt: 'asc' },
    });
    let accepted = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let k = w; k < ids.length; k += 8) {
          const res = await request('POST', `${api.url}/api/v1/signals/${ids[k]!.id}/review`, {
            headers: { ...coordinator, 'idempotency-key': crypto.randomUUID() },
            body: JSON.stringify({ decision: 'accept', ministryCodes: k % 2 ? ['JenV'] : ['JenV', 'BZ'] }),
          });
          if (res.status === 200) accepted += 1;
          if (accepted % 50 === 0) options.progress(`${accepted}/${toSend} accepted for ministries`);
        }
      }),
    );
    for (;;) {
      const sent = await countIn('sent');
      options.progress(`${sent}/${accepted} sent to ministries in the read model`);
      if (sent >= accepted) break;
      await sleep(1_000);
    }
    const creationSeconds = Math.round((Date.now() - begin) / 1000);
    options.log(
      `${n} open signals (${accepted} with ministries) in ${creationSeconds} s; letting things settle …`,
    );
    await sleep(5_000);

    const figures: ScaleFigures = {
      openSignals: n,
      sentToMinistries: accepted,
      creationSeconds,
      createdPerSecond: Math.round((n / creationSeconds) * 10) / 10,
      rssMiB: memory(),
      list: [],
      annualReport: summarise([], 0),
    };
    Object.assign(
      figures,
      await measureReads(api.url, world.coordinatorKeys, options.samples, options.progress),
    );
    if (options.readModelRows && options.readModelRows > n) {
      options.log(
        `copying the read model up to ${options.readModelRows} signals (SQL, no workflows behind the copies) …`,
      );
      const rows = await copyReadModel(stack.databaseUrl, options.readModelRows);
      figures.copied = {
        rows,
        ...(await measureReads(api.url, world.coordinatorKeys, options.samples, options.progress)),
      };
    }
    return figures;
  } finally {
    await worker.stop();
    await api.stop();
    await smtp.stop();
  }
}
