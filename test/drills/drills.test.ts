import { useDrillCommand } from './drill-command';

/**
 * The fault drills' short forms (scripts/drill, `npm run drill -- --short`), in one child process on a stack of
 * their own: the worker SIGKILLed every few seconds, Temporal restarted, SMTP and PostgreSQL unavailable, and a
 * schemathesis run. Each drill judges its own outcome (nothing lost, nothing twice, no non-determinism, no 5xx,
 * no answer outside the OpenAPI document); this suite fails when a drill reports a problem. A mail whose delivery
 * a SIGKILL interrupted stays leased for the outbox's 90 seconds (activities/mail/deps.ts), hence the long wait.
 */
jest.setTimeout(20 * 60_000);

const DRILLS = ['kill-worker', 'restart-temporal', 'smtp-outage', 'postgres-outage', 'fuzz'];

// By name: the versioning drill, on a stack of its own, has its own suite (test/drills/versioning.test.ts).
const drill = useDrillCommand(['--short', ...DRILLS]);

/** The drill's own verdict lines, to show what was lost when it fails. */
function verdictOf(name: string): string {
  const lines = drill.output.split('\n');
  const start = lines.findIndex((l) => l.includes(`── ${name}:`));
  const end = lines.findIndex((l, i) => i > start && l.includes('── '));
  return lines
    .slice(start, end === -1 ? undefined : end)
    .filter((l) => !/signals closed|answered 503|PostgreSQL down for/.test(l))
    .join('\n');
}

describe('fault drills (short forms)', () => {
  it.each(DRILLS)('%s loses nothing and doubles nothing', (name) => {
    const verdict = verdictOf(name);
    expect({ name, passed: new RegExp(`✓ ${name} passed`).test(drill.output), verdict }).toEqual({
      name,
      passed: true,
      verdict,
    });
  });

  it('the drill command exits 0', () => {
    expect({ exitCode: drill.exitCode, tail: drill.exitCode === 0 ? '' : drill.output.slice(-4000) }).toEqual(
      { exitCode: 0, tail: '' },
    );
  });
});
