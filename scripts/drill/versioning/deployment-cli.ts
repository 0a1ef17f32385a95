import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { temporalCliPath } from '../../services/temporal';

const run = promisify(execFile);

/**
 * The operator's side of Worker Versioning, done the way docs/production.md (Upgrades) tells an operator to do it:
 * with the Temporal CLI's `worker deployment` commands, so the drill also proves those steps.
 */
export interface DeploymentCli {
  /** `set-current-version`: from now on new workflows and every AUTO_UPGRADE workflow's next task go to `buildId`. */
  setCurrentVersion(buildId: string): Promise<void>;
  /** `describe-version`: the version's drainage status (`draining`, `drained`; none while it is current). */
  drainageStatus(buildId: string): Promise<string | undefined>;
}

export function deploymentCli(address: string, namespace: string, deploymentName: string): DeploymentCli {
  const cli = async (args: string[]): Promise<string> => {
    const { stdout } = await run(
      temporalCliPath,
      [...args, '--deployment-name', deploymentName, '--address', address, '--namespace', namespace],
      // The CLI reads TEMPORAL_* variables too (TEMPORAL_ADDRESS is also the product's): only the flags count.
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
        timeout: 30_000,
      },
    );
    return stdout;
  };
  return {
    async setCurrentVersion(buildId) {
      await cli(['worker', 'deployment', 'set-current-version', '--build-id', buildId, '--yes']);
    },
    async drainageStatus(buildId) {
      const described = JSON.parse(
        await cli(['worker', 'deployment', 'describe-version', '--build-id', buildId, '--output', 'json']),
      ) as { drainageInfo?: { drainageStatus?: string } };
      return described.drainageInfo?.drainageStatus || undefined;
    },
  };
}
