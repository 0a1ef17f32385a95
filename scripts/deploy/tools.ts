import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The real tools that validate the deploy kit offline, installed (pinned, cached) by scripts/ensure-deploy-tools.sh:
 * helm (lint, template), kubeconform (every rendered object against the Kubernetes schemas, strict: an unknown
 * field fails) and hadolint (the Containerfile). Used by `npm run deploy:validate` and test/deploy.
 */
export const root = path.resolve(__dirname, '..', '..');
const toolsDir = path.join(root, '.tools', 'deploy');
const bin = (name: string): string => path.join(toolsDir, 'bin', name);

export const chartDir = path.join(root, 'deploy', 'helm', 'signaalloket');
export const productionValues = path.join(chartDir, 'ci', 'production-values.yaml');
/** On top of productionValues: two worker builds side by side, as during a release with Worker Versioning. */
export const workerBuildsValues = path.join(chartDir, 'ci', 'worker-builds-values.yaml');
export const containerfile = path.join(root, 'deploy', 'Containerfile');

/** Builds the tools on the first run (minutes: helm compiles), then returns at once. */
export function ensureDeployTools(): void {
  execFileSync('bash', [path.join(root, 'scripts', 'ensure-deploy-tools.sh')], {
    cwd: root,
    stdio: 'inherit',
  });
}

export interface ToolRun {
  ok: boolean;
  output: string;
}

function runTool(file: string, args: string[], input?: string): ToolRun {
  const result = spawnSync(file, args, { cwd: root, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

export function helmLint(chart: string, values: string[]): ToolRun {
  return runTool(bin('helm'), ['lint', chart, '--strict', ...values.flatMap((file) => ['-f', file])]);
}

export function helmTemplate(chart: string, values: string[]): ToolRun {
  return runTool(bin('helm'), ['template', 'signaalloket', chart, ...values.flatMap((file) => ['-f', file])]);
}

/** Every object of a manifest stream, validated strictly against the schemas of the pinned Kubernetes version. */
export function kubeconform(manifests: string): ToolRun {
  const version = fs.readFileSync(path.join(toolsDir, 'kubernetes-version'), 'utf8').trim();
  const schemas = path.join(toolsDir, 'schemas');
  return runTool(
    bin('kubeconform'),
    [
      '-strict',
      '-summary',
      '-kubernetes-version',
      version.replace(/^v/, ''),
      '-schema-location',
      `${schemas}/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
      '-',
    ],
    manifests,
  );
}

export function hadolint(file: string): ToolRun {
  return runTool(bin('hadolint'), ['--no-color', file]);
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [field: string]: unknown;
}

export function parseManifests(manifests: string): KubernetesObject[] {
  return parseAllDocuments(manifests)
    .map((document) => document.toJS() as KubernetesObject | null)
    .filter((object): object is KubernetesObject => object !== null);
}

/** A copy of the chart in a scratch folder, with one file changed by `edit`: to show a broken chart fails. */
export function brokenChartCopy(scratch: string, file: string, edit: (text: string) => string): string {
  const copy = path.join(scratch, `chart-${path.basename(file)}-${Date.now()}`);
  fs.cpSync(chartDir, copy, { recursive: true });
  const target = path.join(copy, file);
  const before = fs.readFileSync(target, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit changed nothing in ${file}`);
  fs.writeFileSync(target, after);
  return copy;
}
