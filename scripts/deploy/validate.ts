/**
 * `npm run deploy:validate -- [values.yaml …]`: checks the deploy kit the way `npm test` does, for an operator's own
 * values: hadolint on deploy/Containerfile, `helm lint --strict` and `helm template` of the chart with the given
 * values (default: the chart's ci/production-values.yaml), and kubeconform, strict, on what it renders.
 */
import path from 'node:path';
import {
  chartDir,
  containerfile,
  ensureDeployTools,
  hadolint,
  helmLint,
  helmTemplate,
  kubeconform,
  productionValues,
  type ToolRun,
} from './tools';

const values = process.argv.slice(2).map((file) => path.resolve(file));

function report(what: string, run: ToolRun): boolean {
  console.log(`${run.ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!run.ok || run.output.trim()) console.log(run.output.trim().replace(/^/gm, '     '));
  return run.ok;
}

ensureDeployTools();
const valueFiles = values.length > 0 ? values : [productionValues];
const results = [
  report('hadolint deploy/Containerfile', hadolint(containerfile)),
  report(`helm lint --strict (${valueFiles.join(', ')})`, helmLint(chartDir, valueFiles)),
];
const rendered = helmTemplate(chartDir, valueFiles);
results.push(report('helm template', { ok: rendered.ok, output: rendered.ok ? '' : rendered.output }));
if (rendered.ok) results.push(report('kubeconform -strict', kubeconform(rendered.output)));
process.exit(results.every(Boolean) ? 0 : 1);
