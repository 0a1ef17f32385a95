import crypto from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { deploymentCli } from '../../scripts/drill/versioning/deployment-cli';
import { ConfigError, parseEnvironment, toRuntimeConfig } from '../../shared/config';
import { until } from '../workflows/harness';
import { useIntegrationBed } from '../workflows/integration-bed';

/**
 * Worker Versioning settings (WORKER_DEPLOYMENT_NAME, WORKER_BUILD_ID): parsed once with the rest of the config,
 * refused at start when Temporal would refuse them; and a worker created with them on the dev server joins its
 * Worker Deployment as that version, takes no workflow task before an operator makes the version current, and runs
 * the workflows it takes as AUTO_UPGRADE (docs/production.md, Upgrades). The rollout itself, build A to build B on
 * the real server, is the versioning drill (test/drills/versioning.test.ts).
 */
function workerDeployment(env: Record<string, string>) {
  return toRuntimeConfig(
    parseEnvironment({ RESPONSE_LINK_SECRET: 'x'.repeat(43), ...env }),
    { databaseUrl: 'postgresql://unused', temporalAddress: 'unused:7233', smtpUrl: 'smtp://unused' },
    'q',
  ).temporal.workerDeployment;
}

describe('the settings', () => {
  test('neither set (or blank): an unversioned worker', () => {
    expect(workerDeployment({})).toBeUndefined();
    expect(workerDeployment({ WORKER_DEPLOYMENT_NAME: ' ', WORKER_BUILD_ID: '' })).toBeUndefined();
  });

  test('both set: the deployment version the worker polls as', () => {
    expect(
      workerDeployment({ WORKER_DEPLOYMENT_NAME: 'signaalloket', WORKER_BUILD_ID: ' 2026.12.07-3f2c1a ' }),
    ).toEqual({ deploymentName: 'signaalloket', buildId: '2026.12.07-3f2c1a' });
  });

  test('one without the other is refused, rather than quietly running unversioned', () => {
    const message =
      'WORKER_DEPLOYMENT_NAME and WORKER_BUILD_ID go together: the Worker Deployment and the build of this worker';
    expect(() => workerDeployment({ WORKER_BUILD_ID: 'abc' })).toThrow(new ConfigError(message));
    expect(() => workerDeployment({ WORKER_DEPLOYMENT_NAME: 'signaalloket' })).toThrow(
      new ConfigError(message),
    );
  });

  test('values Temporal refuses are refused at start, naming the variable', () => {
    expect(() => workerDeployment({ WORKER_DEPLOYMENT_NAME: 'signaal.loket', WORKER_BUILD_ID: 'b' })).toThrow(
      new ConfigError('WORKER_DEPLOYMENT_NAME must not contain "." or ":" (got "signaal.loket")'),
    );
    expect(() => workerDeployment({ WORKER_DEPLOYMENT_NAME: 'a:b', WORKER_BUILD_ID: 'b' })).toThrow(
      /WORKER_DEPLOYMENT_NAME must not contain/,
    );
    expect(() =>
      workerDeployment({ WORKER_DEPLOYMENT_NAME: 'signaalloket', WORKER_BUILD_ID: '__b' }),
    ).toThrow(new ConfigError('WORKER_BUILD_ID must not start with "__" (Temporal\'s own names do)'));
    expect(() =>
      workerDeployment({ WORKER_DEPLOYMENT_NAME: 'signaalloket', WORKER_BUILD_ID: 'b'.repeat(481) }),
    ).toThrow(new ConfigError('WORKER_BUILD_ID is longer than 480 characters'));
  });
});

describe('a versioned worker on the dev server', () => {
  const bed = useIntegrationBed();

  test('joins its deployment, waits to be made current, then runs workflows as AUTO_UPGRADE', async () => {
    // A deployment of this test's own on the shared dev server.
    const version = { deploymentName: `test-${crypto.randomBytes(4).toString('hex')}`, buildId: 'build-1' };
    await bed.runWorker({ workerDeployment: version });
    const service = bed.temporal.client.workflowService;
    const described = await until(
      () =>
        service
          .describeWorkerDeploymentVersion({ namespace: 'default', deploymentVersion: version })
          .catch(() => undefined),
      (answer) => Boolean(answer?.workerDeploymentVersionInfo?.taskQueueInfos?.length),
      'the version to appear in its deployment',
    );
    expect(described!.workerDeploymentVersionInfo?.taskQueueInfos?.map((q) => q.name)).toContain(
      bed.temporal.taskQueue,
    );

    // Not current yet: the deployment's current version is still "unversioned", so no task reaches the worker.
    const { handle } = await bed.startLifecycle();
    try {
      const events = async () => (await handle.fetchHistory()).events ?? [];
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect((await events()).filter((event) => event.workflowTaskStartedEventAttributes)).toEqual([]);

      await deploymentCli(
        process.env.TEST_TEMPORAL_ADDRESS!,
        'default',
        version.deploymentName,
      ).setCurrentVersion(version.buildId);
      const completed = await until(
        async () => (await events()).filter((event) => event.workflowTaskCompletedEventAttributes),
        (tasks) => tasks.length > 0,
        'the first workflow task',
      );
      expect(completed[0]!.workflowTaskCompletedEventAttributes).toMatchObject({
        deploymentVersion: version,
        versioningBehavior: temporal.api.enums.v1.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE,
      });
      const info = (await handle.describe()).raw.workflowExecutionInfo?.versioningInfo;
      expect({ behavior: info?.behavior, version: info?.deploymentVersion }).toMatchObject({
        behavior: temporal.api.enums.v1.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE,
        version,
      });
    } finally {
      await handle.terminate('test over');
    }
  });
});
