import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ministryCaseWorkflowId, signalWorkflowId } from '../../../shared/ids';
import type { DrivenSignal } from '../lifecycle';
import type { Verdict } from '../verify';

const AUTO_UPGRADE = temporal.api.enums.v1.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE;
const UNVERSIONED = 'unversioned';

/**
 * Which build ran each workflow task of the drill's workflows, from their histories (every completed workflow task
 * names the deployment version that completed it, none on an unversioned worker, and the versioning behaviour:
 * AUTO_UPGRADE on every versioned one, as the worker declares it). A workflow moves forward only: the lifecycles
 * started on the unversioned worker run there until A is current, every other workflow starts on A; all of them
 * run on A until B is current and on B from then on, never on an older build again. Each lifecycle must have ended
 * on B's code, which wrote the `closedOnBuild` memo, and none may have run B's opening step (none started on B).
 */
export async function verifyBuilds(
  client: Client,
  signals: DrivenSignal[],
  builds: { a: string; b: string; bCurrentAt: Date; startedUnversioned: Set<string> },
): Promise<Verdict> {
  const order = [UNVERSIONED, builds.a, builds.b];
  const problems: string[] = [];
  const figures: Record<string, number> = {
    workflowsOnBothBuilds: 0,
    workflowsStartedUnversioned: 0,
    workflowTasksUnversioned: 0,
    workflowTasksOnA: 0,
    workflowTasksOnB: 0,
    workflowTasksOnAAfterBCurrent: 0,
    lifecyclesClosedByB: 0,
  };
  const count = (name: string): void => void (figures[name] = (figures[name] ?? 0) + 1);
  const workflowIds = signals.flatMap((signal) => [
    signalWorkflowId(signal.id),
    ...signal.ministries.map((code) => ministryCaseWorkflowId(signal.id, code)),
  ]);
  const opensUnversioned = new Set([...builds.startedUnversioned].map((id) => signalWorkflowId(id)));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < workflowIds.length) {
        const workflowId = workflowIds[next++]!;
        const handle = client.workflow.getHandle(workflowId);
        const history = await handle.fetchHistory();
        const sequence: string[] = [];
        for (const event of history.events ?? []) {
          const completed = event.workflowTaskCompletedEventAttributes;
          if (!completed) continue;
          const buildId = completed.deploymentVersion?.buildId || UNVERSIONED;
          sequence.push(buildId);
          if (buildId === UNVERSIONED) {
            count('workflowTasksUnversioned');
            continue;
          }
          if (completed.versioningBehavior !== AUTO_UPGRADE)
            problems.push(
              `${workflowId}: a task on ${buildId} with behaviour ${completed.versioningBehavior}`,
            );
          if (buildId === builds.a) {
            count('workflowTasksOnA');
            const at = event.eventTime?.seconds ? Number(event.eventTime.seconds) * 1000 : 0;
            if (at > builds.bCurrentAt.getTime()) count('workflowTasksOnAAfterBCurrent');
          } else if (buildId === builds.b) count('workflowTasksOnB');
          else problems.push(`${workflowId}: a workflow task completed by ${buildId}, neither A nor B`);
        }
        const expectedFirst = opensUnversioned.has(workflowId) ? UNVERSIONED : builds.a;
        if (sequence[0] !== expectedFirst)
          problems.push(
            `${workflowId}: its first workflow task ran on ${sequence[0]}, expected ${expectedFirst}`,
          );
        if (sequence[0] === UNVERSIONED) count('workflowsStartedUnversioned');
        if (!sequence.includes(builds.a)) problems.push(`${workflowId}: no workflow task ran on build A`);
        if (sequence[sequence.length - 1] !== builds.b)
          problems.push(`${workflowId}: did not end on build B`);
        const ranks = sequence.map((buildId) => order.indexOf(buildId));
        if (ranks.some((rank, i) => i > 0 && rank < ranks[i - 1]!))
          problems.push(`${workflowId}: went back to an older build (${sequence.join(' ')})`);
        if (sequence.includes(builds.a) && sequence.includes(builds.b)) count('workflowsOnBothBuilds');
        if (workflowId.includes('-ministry-')) continue;
        const { memo } = await handle.describe();
        if (memo?.closedOnBuild === 'B') count('lifecyclesClosedByB');
        else problems.push(`${workflowId}: did not end on build B's code (no closedOnBuild memo)`);
        if (memo?.openedOnBuild !== undefined)
          problems.push(`${workflowId}: ran B's opening step, though it did not start on B`);
      }
    }),
  );
  figures.workflowsChecked = workflowIds.length;
  return { problems, figures };
}
