import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { deliveryScenarios, RETRY, runDelivery } from '../histories/delivery-scenarios';
import { createTimeSkippingEnvironment } from '../support/temporal';

/**
 * The `deliverCloudEvent` workflow's retry policy on the time-skipping server (activities scripted in memory; the
 * real activity against a real receiver is test/events/delivery.test.ts): backoff up to the last attempt, then the
 * failure recorded; a refusal ends at once; a 429's Retry-After replaces the backoff's wait.
 */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
});
afterAll(() => env?.teardown());

test('delivered at the first attempt: nothing recorded as failed', async () => {
  const run = await runDelivery(env, 'delivered', deliveryScenarios['event-delivered']!);
  expect(run.outcome).toBe('delivered');
  expect(run.attemptsScheduledAt).toHaveLength(1);
  expect(run.failuresRecorded).toEqual([]);
});

test('a refusal is not retried', async () => {
  const run = await runDelivery(env, 'refused', deliveryScenarios['event-refused']!);
  expect(run.outcome).toBe('failed');
  expect(run.attemptsScheduledAt).toHaveLength(1);
});

test('an endpoint that keeps failing gets every attempt with backoff, then the delivery is recorded failed', async () => {
  const run = await runDelivery(env, 'exhausted', deliveryScenarios['event-retries-exhausted']!);
  expect(run.outcome).toBe('failed');
  expect(run.attemptsScheduledAt).toHaveLength(RETRY.maximumAttempts);
  const waits = run.attemptsScheduledAt.slice(1).map((at, i) => at - run.attemptsScheduledAt[i]!);
  // 1 s, 2 s, 4 s: doubling from the initial interval.
  expect(waits.map((ms) => Math.round(ms / 1000))).toEqual([1, 2, 4]);
  expect(run.failuresRecorded).toEqual([{ deliveryId: expect.any(String) as string, round: 1 }]);
});

test('a 429 with Retry-After: the next attempt comes after the subscriber’s wait, not the backoff’s', async () => {
  const run = await runDelivery(env, 'retry-after', deliveryScenarios['event-retry-after']!);
  expect(run.outcome).toBe('delivered');
  const [first, second] = run.attemptsScheduledAt;
  expect(second! - first!).toBeGreaterThanOrEqual(3_600_000);
  expect(run.failuresRecorded).toEqual([]);
});
