/**
 * Drill 3: the SMTP relay refuses every mail (451) for a while: mails go out after it returns, each exactly once,
 * in order per signal and recipient. Full: 40 signals, 3 minutes down; --short: 5 signals, 20 s.
 */
import { driveSignal } from './lifecycle';
import { isShort, pool, runDrills, sleep, type Drill } from './run';
import { verifyClosedSignals } from './verify';

export const smtpOutageDrill: Drill = {
  name: 'smtp-outage',
  describe: 'SMTP unavailable for a while: mails go out after it returns, each once, in order',
  async run({ product, short, log, progress }) {
    const total = Number(process.env.DRILL_SIGNALS ?? (short ? 5 : 40));
    const downMs = short ? 20_000 : 180_000;
    let done = 0;
    product.smtp.setDown(true);
    const refusedBefore = product.smtp.refused();
    log(`SMTP refuses every mail for ${downMs / 1000} s`);
    const outage = sleep(downMs).then(() => {
      product.smtp.setDown(false);
      log(`SMTP is back; ${product.smtp.refused() - refusedBefore} deliveries were refused meanwhile`);
    });
    const ticker = setInterval(() => progress(`${done}/${total} signals closed`), 1_000);
    const { results, errors } = await pool(total, total, async (i) => {
      const signal = await driveSignal(product, 10_000 + i, { stepTimeoutMs: downMs + 600_000 });
      done += 1;
      return signal;
    });
    clearInterval(ticker);
    await outage;
    const verdict = await verifyClosedSignals(product, results, product.worker.nondeterminism);
    verdict.problems.unshift(...errors.map((e) => `lost: ${e}`));
    verdict.figures.signalsNotClosed = total - results.length;
    verdict.figures.refusedDeliveries = product.smtp.refused() - refusedBefore;
    if (verdict.figures.refusedDeliveries === 0)
      verdict.problems.push('no delivery was refused: the outage did not bite');
    return verdict;
  },
};

if (require.main === module) void runDrills([smtpOutageDrill], isShort());
