import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { History } from '@temporalio/common/lib/proto-utils';

/**
 * Committed histories: one file per workflow execution, `<scenario>.<workflow>.binpb`, the History message in
 * protobuf's binary encoding (the SDK's JSON helpers trip over two copies of protobufjs in node_modules; the
 * binary form is exact and stable).
 * `temporal.api.history.v1.History.decode` is all it takes.
 */
export const HISTORIES_DIR = path.join(__dirname, 'recorded');

export interface RecordedHistory {
  name: string;
  workflowId: string;
  history: History;
}

export function writeHistory(recorded: RecordedHistory): string {
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  const file = path.join(HISTORIES_DIR, `${recorded.name}.binpb`);
  const bytes = temporal.api.history.v1.History.encode(
    temporal.api.history.v1.History.fromObject(recorded.history),
  ).finish();
  fs.writeFileSync(file, bytes);
  fs.writeFileSync(path.join(HISTORIES_DIR, `${recorded.name}.workflow-id`), `${recorded.workflowId}\n`);
  return file;
}

export function readHistories(): RecordedHistory[] {
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.binpb'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.binpb$/, '');
      const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file)));
      const workflowId = fs.readFileSync(path.join(HISTORIES_DIR, `${name}.workflow-id`), 'utf8').trim();
      return { name, workflowId, history };
    });
}

/**
 * The ids of the patch markers (patched() or deprecatePatch() answered in a new workflow) a history carries: the
 * SDK records each as a `core_patch` marker whose `patch-data` payload is `{"id": ..., "deprecated": ...}`.
 */
export function patchMarkerIds(history: History): string[] {
  return (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_patch') return [];
    const payload = marker.details?.['patch-data']?.payloads?.[0]?.data;
    if (!payload) throw new Error('a core_patch marker without patch-data');
    const { id } = JSON.parse(Buffer.from(payload).toString('utf8')) as { id: string };
    return [id];
  });
}
