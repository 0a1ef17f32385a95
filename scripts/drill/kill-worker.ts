/**
 * Drill 1: SIGKILL the worker every few seconds while signals run through their whole lifecycle (submission,
 * acceptance, acknowledgement and reply through the emailed links, closure). Full: 1,000 signals; --short: 20.
 */
import { keepRunningHistories } from './evidence';
import { driveSignal } from './lifecycle';
import { isShort, pool, runDrills, sleep, type Drill } from './run';
import { verifyClosedSignals } from './verify';

export const killWorkerDrill: Drill = {
  name: 'kill-worker',
  describe: 'SIGKILL the worker every few seconds while signals run their whole lifecycle',
  async run({ product, short, log, progress }) {
    const total = Number(process.env.DRILL_SIGNALS ?? (short ? 4 : 1000));
    const width = short ? 4 : 40;
    let done = 0;
    const meanStart = (): string =>
      (product.worker.startSeconds / Math.max(1, product.worker.starts)).toFixed(1);
    let running = true;
    const killer = (async () => {
      while (running) {
        // A few seconds of life after each (re)start; a restart itself takes seconds more.
        await sleep(3_000 + Math.random() * 4_000);
        if (!running) break;
        await product.worker.kill();
        await product.worker.start();
      }
    })();
    const ticker = setInterval(
      () =>
        progress(
          `${done}/${total} signals closed, worker killed ${product.worker.kills}×, ${meanStart()} s per restart`,
        ),
      1_000,
    );
    const { results, errors } = await pool(total, width, async (i) => {
      const signal = await driveSignal(product, i, { stepTimeoutMs: 600_000 });
      done += 1;
      return signal;
    });
    running = false;
    await killer;
    clearInterval(ticker);
    if (!product.worker.pid) await product.worker.start();
    log(
      `${results.length}/${total} signals closed; the worker was killed ${product.worker.kills} times; verifying …`,
    );
    const verdict = await verifyClosedSignals(product, results, product.worker.nondeterminism, {
      allowRedeliveryAfterKill: true,
    });
    verdict.problems.unshift(...errors.map((e) => `lost: ${e}`));
    // Lost or unfinished signals: keep what is still running for a post-mortem before the stack goes.
    if (verdict.problems.length > 0) await keepRunningHistories(product, log);
    verdict.figures.workerKills = product.worker.kills;
    verdict.figures.meanRestartSeconds = Number(meanStart());
    verdict.figures.signalsNotClosed = total - results.length;
    return verdict;
  },
};

if (require.main === module) void runDrills([killWorkerDrill], isShort());
