import { performance } from 'node:perf_hooks';
import { summarise, type LatencySummary } from './stats';

/** One operation of a load phase; resolves true on success. */
export type Operation = (i: number) => Promise<boolean>;

/** Closed loop: `width` callers, each starting the next operation when the last one answered, for `seconds`. */
export async function closedLoop(
  operation: Operation,
  width: number,
  seconds: number,
  progress: (line: string) => void,
): Promise<{ perSecond: number; latency: LatencySummary }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const begin = performance.now();
  const end = begin + seconds * 1000;
  const ticker = setInterval(() => progress(`${latencies.length} done, ${errors} errors`), 1_000);
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (performance.now() < end) {
        const i = next++;
        const sent = performance.now();
        const ok = await operation(i).catch(() => false);
        if (ok) latencies.push(performance.now() - sent);
        else errors += 1;
      }
    }),
  );
  clearInterval(ticker);
  const elapsed = (performance.now() - begin) / 1000;
  return {
    perSecond: Math.round((latencies.length / elapsed) * 10) / 10,
    latency: summarise(latencies, errors),
  };
}

/**
 * Open loop: operations start on a fixed schedule (`rate` per second) whatever the answers do, for `seconds`;
 * latency counts from the scheduled start, so a stall is not hidden by the load generator slowing down with it.
 */
export async function openLoop(
  operation: Operation,
  rate: number,
  seconds: number,
  progress: (line: string) => void,
): Promise<LatencySummary> {
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const begin = performance.now();
  const inFlight: Array<Promise<void>> = [];
  const ticker = setInterval(
    () => progress(`${latencies.length + errors}/${total} answered, ${errors} errors`),
    1_000,
  );
  for (let i = 0; i < total; i++) {
    const scheduled = begin + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      operation(i)
        .catch(() => false)
        .then((ok) => {
          if (ok) latencies.push(performance.now() - scheduled);
          else errors += 1;
        }),
    );
  }
  await Promise.all(inFlight);
  clearInterval(ticker);
  return summarise(latencies, errors);
}
