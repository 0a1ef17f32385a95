// Lints source snippets as if each stood in a given file, with the project's own ESLint configuration and only the
// import rule. A separate Node process because jest cannot load eslint.config.mjs (an ES module) in its sandbox.
// stdin: [{ file, source }]; stdout: for each, the messages of no-restricted-imports.
import { ESLint } from 'eslint';
import path from 'node:path';
import { text } from 'node:stream/consumers';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({
  cwd: repoRoot,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  // The import rule needs no type information; without it the probe does not build the project's program.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});

const probes = JSON.parse(await text(process.stdin));
const answers = [];
for (const { file, source } of probes) {
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
  answers.push(result.messages.map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`));
}
process.stdout.write(JSON.stringify(answers));
