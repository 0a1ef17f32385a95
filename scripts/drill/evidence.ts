import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProductAccess } from './seeded-config';

/**
 * When a drill loses a signal, the stack (and with it Temporal's state) is deleted at the end: keep the histories
 * of the workflows still running, as JSON (the Temporal UI and `temporal workflow show` read them), for a
 * post-mortem. Ids and events only; the drill's signals carry no personal data.
 */
export async function keepRunningHistories(
  product: ProductAccess,
  log: (line: string) => void,
): Promise<void> {
  const base = fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  const dir = path.join(
    base,
    `signaalloket-drill-evidence-${new Date().toISOString().replace(/[:.]/g, '-')}`,
  );
  let kept = 0;
  try {
    for await (const execution of product.temporal.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
      if (kept >= 50) break;
      const history = await product.temporal.workflow.getHandle(execution.workflowId).fetchHistory();
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${execution.workflowId}.json`), JSON.stringify(history, null, 1));
      kept += 1;
    }
    log(kept > 0 ? `kept the histories of ${kept} running workflows in ${dir}` : 'no workflow left running');
  } catch (error) {
    log(`could not keep the running workflows' histories: ${String(error)}`);
  }
}
