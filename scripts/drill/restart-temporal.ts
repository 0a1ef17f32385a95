/**
 * Drill 2: stop the Temporal dev server (persistent SQLite state) in the middle of a run and start it again on the
 * same port and file: every workflow resumes and every signal completes. Full: 100 signals, 30 s down; --short: 6, 8 s.
 */
import { driveSignal } from './lifecycle';
import { isShort, pool, runDrills, sleep, type Drill } from './run';
import { verifyClosedSignals } from './verify';

export const restartTemporalDrill: Drill = {
  name: 'restart-temporal',
  describe: 'stop and restart the Temporal dev server (persistent state) mid-run',
  async run({ stack, product, short, log, progress }) {
    const total = Number(process.env.DRILL_SIGNALS ?? (short ? 4 : 100));
    const downMs = short ? 8_000 : 30_000;
    let done = 0;
    let accepted = 0;
    let outage: Promise<void> | undefined;
    const breakTemporal = async (): Promise<void> => {
      log(`stopping the Temporal dev server (${accepted} signals accepted, ${done} closed) …`);
      await stack.stopTemporal();
      await sleep(downMs);
      await stack.startTemporal();
      log(`the Temporal dev server is back after ${downMs / 1000} s down`);
    };
    const ticker = setInterval(() => progress(`${done}/${total} signals closed`), 1_000);
    const { results, errors } = await pool(total, short ? 6 : 30, async (i) => {
      const signal = await driveSignal(product, i, {
        stepTimeoutMs: 600_000,
        onStep: (_s, step) => {
          if (step !== 'accepted') return Promise.resolve();
          accepted += 1;
          // Break it once a third of the signals are with the ministries: workflows in every stage.
          if (!outage && accepted >= Math.ceil(total / 3)) outage = breakTemporal();
          return Promise.resolve();
        },
      });
      done += 1;
      return signal;
    });
    clearInterval(ticker);
    await outage;
    const verdict = await verifyClosedSignals(product, results, product.worker.nondeterminism);
    if (!outage) verdict.problems.push('the Temporal server was never restarted');
    verdict.problems.unshift(...errors.map((e) => `lost: ${e}`));
    verdict.figures.signalsNotClosed = total - results.length;
    verdict.figures.temporalDownSeconds = downMs / 1000;
    return verdict;
  },
};

if (require.main === module) void runDrills([restartTemporalDrill], isShort());
