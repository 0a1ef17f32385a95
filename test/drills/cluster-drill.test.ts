import { useDrillCommand } from './drill-command';

/**
 * The cluster drill's short form (`npm run drill -- --cluster --short`, scripts/drill/cluster-faults.ts) in a child
 * process on a stack of its own: the cluster as `npm run cluster` starts it, 10 lifecycles through HAProxy, and
 * meanwhile a worker, an API replica and Temporal's history service SIGKILLed and started again, then PostgreSQL
 * restarted. test/cluster covers killing a worker and an API replica on their own; this is the history service,
 * PostgreSQL, and all four during whole lifecycles, judged by the drills' verdict (every signal complete, nothing
 * twice, nothing lost). The full drill (500 lifecycles) is not run here: see docs/drills.md.
 */
jest.setTimeout(15 * 60_000);

const drill = useDrillCommand(['--cluster', '--short']);

/** The drill's own lines without its progress ticks: what broke when, and the verdict. */
const verdict = (): string =>
  drill.output
    .split('\n')
    .filter((line) => !/signals closed, \d+ accepted/.test(line))
    .join('\n');

describe('the cluster drill (short form)', () => {
  it('kills a worker, an API replica and the history service, and restarts PostgreSQL', () => {
    for (const fault of [
      'SIGKILL worker 1: serving again',
      'SIGKILL API replica 1: serving again',
      'SIGKILL Temporal history: serving again',
      /restart PostgreSQL \(\d+ s down\): serving again/,
    ]) {
      expect(verdict()).toMatch(fault);
    }
  });

  it('completes every signal, nothing twice, nothing lost, and exits 0', () => {
    expect({
      passed: /✓ cluster drill passed/.test(drill.output),
      exitCode: drill.exitCode,
      verdict: verdict(),
    }).toEqual({
      passed: true,
      exitCode: 0,
      verdict: verdict(),
    });
    expect(drill.output).toMatch(/signalsNotClosed=0 /);
    expect(drill.output).toMatch(/duplicateEvents=0 /);
    expect(drill.output).toMatch(/mailsReceivedTwice=0 /);
    expect(drill.output).toMatch(/mailsMissing=0 /);
    expect(drill.output).toMatch(/nondeterminismErrors=0 /);
  });
});
