import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ministryCaseWorkflowId, signalWorkflowId } from '../../../shared/ids';
import type { DrivenSignal } from '../lifecycle';
import type { Verdict } from '../verify';

const AUTO_UPGRADE = temporal.api.enums.v1.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE;

/**
 * Which build ran each workflow task of the drill's workflows, from their histories (every completed workflow task
 * names the deployment version that completed it, and the versioning behaviour: AUTO_UPGRADE throughout, as the
 * worker declares it). An AUTO_UPGRADE workflow moves forward only: its tasks run on
 * A until B is current and on B from then on, never on A again. Each lifecycle must have ended on B, where B's
 * change wrote the `closedOnBuild` memo, and none may have opened on B (they all started on A).
 */
export async function verifyBuilds(
  temporal: Client,
  signals: DrivenSignal[],
  builds: { a: string; b: string; bCurrentAt: Date },
): Promise<Verdict> {
  const problems: string[] = [];
  const figures: Record<string, number> = {
    workflowsOnBothBuilds: 0,
    workflowTasksOnA: 0,
    workflowTasksOnB: 0,
    workflowTasksOnAAfterBCurrent: 0,
    lifecyclesClosedByB: 0,
  };
  const workflowIds = signals.flatMap((signal) => [
    signalWorkflowId(signal.id),
    ...signal.ministries.map((code) => ministryCaseWorkflowId(signal.id, code)),
  ]);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < workflowIds.length) {
        const workflowId = workflowIds[next++]!;
        const handle = temporal.workflow.getHandle(workflowId);
        const history = await handle.fetchHistory();
        const sequence: string[] = [];
        for (const event of history.events ?? []) {
          const completed = event.workflowTaskCompletedEventAttributes;
          if (!completed) continue;
          const buildId = completed.deploymentVersion?.buildId ?? 'unversioned';
          sequence.push(buildId);
          if (completed.versioningBehavior !== AUTO_UPGRADE)
            problems.push(
              `${workflowId}: a workflow task on ${buildId} with behaviour ${completed.versioningBehavior}`,
            );
          if (buildId === builds.a) {
            figures.workflowTasksOnA! += 1;
            const at = event.eventTime?.seconds ? Number(event.eventTime.seconds) * 1000 : 0;
            if (at > builds.bCurrentAt.getTime()) figures.workflowTasksOnAAfterBCurrent! += 1;
          } else if (buildId === builds.b) figures.workflowTasksOnB! += 1;
          else problems.push(`${workflowId}: a workflow task completed by ${buildId}, neither A nor B`);
        }
        const firstB = sequence.indexOf(builds.b);
        if (firstB === -1) problems.push(`${workflowId}: no workflow task ran on build B`);
        if (sequence[0] !== builds.a)
          problems.push(`${workflowId}: its first workflow task did not run on A`);
        if (firstB !== -1 && sequence.slice(firstB).includes(builds.a))
          problems.push(`${workflowId}: went back to build A after B (${sequence.join(' ')})`);
        if (firstB > 0) figures.workflowsOnBothBuilds! += 1;
        if (workflowId.includes('-ministry-')) continue;
        const { memo } = await handle.describe();
        if (memo?.closedOnBuild === 'B') figures.lifecyclesClosedByB! += 1;
        else problems.push(`${workflowId}: did not end on build B's code (no closedOnBuild memo)`);
        if (memo?.openedOnBuild !== undefined)
          problems.push(`${workflowId}: ran B's opening step, though it started on A`);
      }
    }),
  );
  figures.workflowsChecked = workflowIds.length;
  return { problems, figures };
}
