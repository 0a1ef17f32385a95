/**
 * (Re)records the workflow histories that test/histories/replay.test.ts replays: every lifecycle path and every
 * path of an event delivery, on the time-skipping server, with in-memory activities (test/histories/README.md says
 * when to use which form).
 *
 *   npx tsx scripts/record-histories.ts                       # every scenario, overwriting (before the first release)
 *   npx tsx scripts/record-histories.ts joint-reply           # one scenario
 *   npx tsx scripts/record-histories.ts --suffix <patch-id>   # next to the old files, after a patched() change
 */
import { recordScenario, scenarios } from '../test/histories/scenarios';
import { deliveryScenarios, runDelivery } from '../test/histories/delivery-scenarios';
import { writeHistory } from '../test/histories/files';
import { createHarness } from '../test/workflows/harness';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const suffixAt = args.indexOf('--suffix');
  const suffix = suffixAt >= 0 ? args.splice(suffixAt, 2)[1] : undefined;
  if (suffixAt >= 0 && !suffix) throw new Error('--suffix needs a value, e.g. --suffix <patch-id>');
  const names = args.length > 0 ? args : [...Object.keys(scenarios), ...Object.keys(deliveryScenarios)];
  for (const name of names) {
    const answers = deliveryScenarios[name];
    if (answers) {
      // An event delivery (deliverCloudEvent): its own workflow, no lifecycle around it.
      const harness = await createHarness();
      try {
        const { recorded } = await runDelivery(harness.env, name, answers);
        console.log(writeHistory(suffix ? { ...recorded, name: `${recorded.name}.${suffix}` } : recorded));
      } finally {
        await harness.teardown();
      }
      continue;
    }
    // A fresh server per scenario: its clock starts today, and no other lifecycle shares it.
    const harness = await createHarness();
    try {
      for (const recorded of await recordScenario(harness, name)) {
        console.log(writeHistory(suffix ? { ...recorded, name: `${recorded.name}.${suffix}` } : recorded));
      }
    } finally {
      await harness.teardown();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
