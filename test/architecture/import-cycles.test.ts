import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * No module of the product imports itself back, however far round: a circle makes the load order decide what a
 * module sees at start-up, and makes neither end readable on its own. Type-only imports count as well, since they
 * tie the two files just as tightly for a reader.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const PRODUCT_FOLDERS = [
  'activities',
  'api',
  'prisma',
  'reports',
  'scripts',
  'shared',
  'worker',
  'workflows',
];

function sourceFilesUnder(folder: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => path.join(folder, name));
}

/** The product files a file imports or re-exports from, by relative specifier; packages are left out. */
function localImportsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.join(path.dirname(file), specifier))
    .flatMap((target) => [`${target}.ts`, path.join(target, 'index.ts')].filter(isProductFile).slice(0, 1));
}

const productFiles = new Set(PRODUCT_FOLDERS.flatMap(sourceFilesUnder));
const isProductFile = (file: string) => productFiles.has(file);

/** The circles a depth-first walk meets (at least one in each tangle), each as its files from the first in order. */
function importCircles(graph: Map<string, string[]>): string[][] {
  const circles = new Map<string, string[]>();
  const visit = (file: string, trail: string[]) => {
    const at = trail.indexOf(file);
    if (at >= 0) {
      const circle = trail.slice(at);
      const start = circle.indexOf([...circle].sort()[0]!);
      const canonical = [...circle.slice(start), ...circle.slice(0, start)];
      circles.set(canonical.join(' -> '), canonical);
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    done.add(file);
  };
  const done = new Set<string>();
  for (const file of [...graph.keys()].sort()) visit(file, []);
  return [...circles.values()];
}

test('the product code has no import circle', () => {
  const graph = new Map([...productFiles].map((file) => [file, localImportsOf(file)]));
  expect(graph.get(path.join('reports', 'annual-report.ts'))).toContain(
    path.join('reports', 'annual-signals.ts'),
  );
  expect(importCircles(graph)).toEqual([]);
});
