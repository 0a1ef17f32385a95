import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileCost {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  topFunctions: ProfileCost[];
  topPlaces: ProfileCost[];
  /**
   * The project's own functions by inclusive time (their synchronous callees included; what runs after an `await`
   * is not theirs): which of our code paths cost what. `selfMs` here holds the inclusive time.
   */
  topProjectFunctions: ProfileCost[];
  /** How long the counted window was (the whole profile unless a window was given). */
  windowMs: number;
}

/** Samples of the last part of a profile only: `fromEndMs` … `toEndMs` before the profile ended. */
export interface ProfileWindow {
  fromEndMs: number;
  toEndMs: number;
}

/** Where a frame lives: an npm package, a project file, or Node/V8 itself. */
function placeOf(url: string, root: string): string {
  if (!url) return '(V8 / native)';
  if (url.startsWith('node:')) return url;
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return path.relative(root, file);
}

const isProjectFile = (url: string, root: string): boolean => {
  const file = url.replace(/^file:\/\//, '');
  return file.startsWith(root) && !file.includes('node_modules/');
};

/**
 * Self time per function and per package or project file, and inclusive time per project function, from a V8
 * .cpuprofile (node --cpu-prof). With a window, only the samples in it count (e.g. the load phase, without the
 * process's start-up, where module compilation dominates).
 */
export function summariseProfile(
  file: string,
  root: string,
  top = 15,
  window?: ProfileWindow,
): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const from = window ? profile.endTime - window.fromEndMs * 1000 : -Infinity;
  const to = window ? profile.endTime - window.toEndMs * 1000 : Infinity;

  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (at < from || at > to) continue;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  }
  const nameOf = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    return `${functionName || '(anonymous)'} ${placeOf(url, root)}${url ? `:${lineNumber + 1}` : ''}`;
  };
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const byProjectFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += us;
    const name = nameOf(node);
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const group = functionName === '(garbage collector)' ? '(garbage collector)' : placeOf(url, root);
    byPlace.set(group, (byPlace.get(group) ?? 0) + us);
    // Each project function on this sample's stack, once (recursion must not count twice).
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)!;
      if (!isProjectFile(frame.callFrame.url, root)) continue;
      const projectName = nameOf(frame);
      if (seen.has(projectName)) continue;
      seen.add(projectName);
      byProjectFunction.set(projectName, (byProjectFunction.get(projectName) ?? 0) + us);
    }
  }
  const rank = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        selfMs: Math.round(us / 1000),
        share: Math.round((us / total) * 1000) / 10,
      }));
  return {
    totalMs: Math.round(total / 1000),
    topFunctions: rank(byFunction),
    topPlaces: rank(byPlace),
    topProjectFunctions: rank(byProjectFunction),
    windowMs: Math.round((Math.min(to, profile.endTime) - Math.max(from, profile.startTime)) / 1000),
  };
}
