import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';

export const projectRoot = path.resolve(__dirname, '..', '..');

// One definition of the state folder, beside the runtime file that product code reads from it.
export { defaultDataDir } from '../../shared/runtime-file';

/** Git-ignored folder for tools installed from registries (the Temporal CLI and test server). */
export const toolsDir = path.join(projectRoot, '.tools');

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** True when every folder on the way to `target` can be entered by "others" (what a non-root service user needs). */
export function traversableByOthers(target: string): boolean {
  let current = path.resolve(target);
  for (;;) {
    try {
      const stat = fs.statSync(current);
      if (stat.isDirectory() && (stat.mode & 0o001) === 0) return false;
    } catch {
      // A folder that does not exist yet will be created by us with open traversal bits.
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * A per-checkout folder outside the checkout, for state that a non-root service user must reach when the
 * checkout itself sits under a private folder (as `mktemp -d` makes). Stable across runs of the same checkout.
 */
export function stateDirOutsideCheckout(kind: string): string {
  const digest = crypto.createHash('sha256').update(projectRoot).digest('hex').slice(0, 12);
  const base = fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  return path.join(base, `signaalloket-${digest}`, kind);
}
