/**
 * Drill 4: PostgreSQL stops right after signals were accepted, while their workflows run. Meanwhile the API
 * answers 503 problem+json with Retry-After; once it is back, the activities resume and every accepted signal
 * completes its lifecycle. Full: 40 signals, 60 s down; --short: 5 signals, 10 s.
 */
import { jsonRequest } from './http';
import { driveSignal, submitSignal } from './lifecycle';
import { isShort, pool, runDrills, sleep, type Drill } from './run';
import { verifyClosedSignals } from './verify';

export const postgresOutageDrill: Drill = {
  name: 'postgres-outage',
  describe: 'PostgreSQL unavailable: 503 problem+json with Retry-After, nothing accepted is lost',
  async run({ stack, product, short, log, progress }) {
    const total = Number(process.env.DRILL_SIGNALS ?? (short ? 5 : 40));
    const downMs = short ? 10_000 : 60_000;
    const problems: string[] = [];
    const accepted = (await pool(total, total, (i) => submitSignal(product, 20_000 + i, 60_000))).results;
    log(`${accepted.length} signals accepted; stopping PostgreSQL while their workflows run …`);
    await stack.stopPostgres();
    const begin = Date.now();
    let probes = 0;
    let slowest = 0;
    const body = {
      title: 'Tijdens de storing',
      summary: 'Samenvatting.',
      content: 'Tekst.',
      recommendations: ['Doe iets.'],
    };
    while (Date.now() - begin < downMs) {
      const sent = Date.now();
      const res = await jsonRequest('POST', `${product.apiUrl}/api/v1/signals`, body, {
        authorization: `Bearer ${product.keys.submitter}`,
      });
      slowest = Math.max(slowest, Date.now() - sent);
      probes += 1;
      const type = String(res.headers['content-type'] ?? '');
      if (res.status !== 503)
        problems.push(
          `POST /api/v1/signals during the outage answered ${res.status}: ${res.text.slice(0, 200)}`,
        );
      else if (!type.startsWith('application/problem+json')) problems.push(`503 with content type ${type}`);
      else if (!res.headers['retry-after']) problems.push('503 without Retry-After');
      else {
        const problem = res.json<{ status?: number; title?: string; detail?: string }>();
        if (problem.status !== 503 || !problem.title || !problem.detail)
          problems.push(`503 body lacks status/title/detail: ${res.text}`);
      }
      const ready = await jsonRequest('GET', `${product.opsUrl}/readyz`, undefined);
      if (ready.status !== 503) problems.push(`/readyz answered ${ready.status} while PostgreSQL was down`);
      progress(
        `PostgreSQL down for ${Math.round((Date.now() - begin) / 1000)} s; ${probes} submissions answered 503`,
      );
      await sleep(1_000);
    }
    await stack.startPostgres();
    log(
      `PostgreSQL is back after ${downMs / 1000} s; ${probes} submissions were refused meanwhile (slowest answer ${slowest} ms)`,
    );
    let done = 0;
    const ticker = setInterval(() => progress(`${done}/${accepted.length} accepted signals closed`), 1_000);
    const { results, errors } = await pool(accepted.length, accepted.length, async (i) => {
      const signal = await driveSignal(product, 20_000 + i, { stepTimeoutMs: 600_000 }, accepted[i]);
      done += 1;
      return signal;
    });
    clearInterval(ticker);
    const verdict = await verifyClosedSignals(product, results, product.worker.nondeterminism);
    verdict.problems.unshift(...errors.map((e) => `lost: ${e}`), ...[...new Set(problems)]);
    verdict.figures.accepted = accepted.length;
    verdict.figures.signalsNotClosed = total - results.length;
    verdict.figures.refusedDuringOutage = probes;
    verdict.figures.slowestRefusalMs = slowest;
    return verdict;
  },
};

if (require.main === module) void runDrills([postgresOutageDrill], isShort());
