/**
 * (Re)records the workflow histories that test/histories/replay.test.ts replays: every lifecycle path, on the
 * time-skipping server, with in-memory activities. Run after a *deliberate* workflow change that ships with
 * patched(): keep the old files (rename them) so both old and new histories keep replaying.
 *
 *   npx tsx scripts/record-histories.ts            # every scenario
 *   npx tsx scripts/record-histories.ts joint-reply
 */
import { recordScenario, scenarios } from '../test/histories/scenarios';
import { writeHistory } from '../test/histories/files';
import { createHarness } from '../test/workflows/harness';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(scenarios);
  for (const name of names) {
    // A fresh server per scenario: its clock starts today, and no other lifecycle shares it.
    const harness = await createHarness();
    try {
      for (const recorded of await recordScenario(harness, name)) console.log(writeHistory(recorded));
    } finally {
      await harness.teardown();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
