import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { containerfile, root } from '../../scripts/deploy/tools';

/**
 * The image cannot be built here (no container engine), so what a build would find out is worked out from the
 * files: every command of deploy/entrypoint.sh, followed through its imports, reaches only files the runtime stage
 * of deploy/Containerfile copies and packages among the production dependencies (`npm ci --omit=dev`); the build
 * stage's bundle script likewise; and the build context (.dockerignore, an allowlist) holds every file a COPY names.
 */
interface Stage {
  name: string;
  /** Sources of COPY instructions from the build context (not --from another stage). */
  copies: string[];
}

function stages(): Stage[] {
  const text = fs.readFileSync(containerfile, 'utf8').replace(/\\\n/g, ' ');
  const result: Stage[] = [];
  for (const line of text.split('\n')) {
    const from = /^FROM \S+ AS (\S+)$/.exec(line);
    if (from) result.push({ name: from[1]!, copies: [] });
    const copy = /^COPY (.+)$/.exec(line);
    if (!copy || copy[1]!.includes('--from=')) continue;
    const words = copy[1]!.split(/\s+/).filter((word) => !word.startsWith('--'));
    result.at(-1)!.copies.push(...words.slice(0, -1).map((source) => source.replace(/\/$/, '')));
  }
  return result;
}

/** A stage's files: its own COPYs and those of the stages it builds on (FROM dependencies AS build). */
function copiedBy(name: string): string[] {
  const all = stages();
  const text = fs.readFileSync(containerfile, 'utf8');
  const base = new RegExp(`^FROM (\\S+) AS ${name}$`, 'm').exec(text)?.[1];
  const own = all.find((stage) => stage.name === name)?.copies ?? [];
  return base && all.some((stage) => stage.name === base) ? [...copiedBy(base), ...own] : own;
}

const isCovered = (file: string, copies: string[]): boolean =>
  copies.some((source) => file === source || file.startsWith(`${source}/`));

const productionDependencies = new Set(
  Object.keys(
    (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: object })
      .dependencies,
  ),
);
const builtins = new Set(builtinModules);

/** The modules a file loads at run time: imports and re-exports that are not type-only, require() and import(). */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) &&
      !node.importClause?.isTypeOnly &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      !node.isTypeOnly &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require') ||
        (ts.isPropertyAccessExpression(node.expression) &&
          node.expression.getText() === 'require.resolve')) &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveLocal(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(root, from)} imports ${specifier}, which does not resolve`);
}

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Every project file an entry point loads, and every package it imports, following relative imports. */
function closure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [path.join(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.[cm]?[jt]s$/.test(file)) continue;
    for (const specifier of runtimeSpecifiers(file)) {
      if (specifier.startsWith('.')) pending.push(resolveLocal(file, specifier));
      else if (!specifier.startsWith('node:') && !builtins.has(specifier))
        packages.add(packageName(specifier));
    }
  }
  return {
    files: [...files].map((file) => path.relative(root, file)).sort(),
    packages: [...packages].sort(),
  };
}

/** The scripts deploy/entrypoint.sh starts: `exec node --import tsx <file>`. */
function entryPoints(): string[] {
  const script = fs.readFileSync(path.join(root, 'deploy', 'entrypoint.sh'), 'utf8');
  return [...script.matchAll(/exec node --import tsx (\S+)/g)].map((match) => match[1]!);
}

test('every command of the image loads only copied files and production dependencies', () => {
  const entries = entryPoints();
  expect(entries).toEqual([
    'api/main.ts',
    'worker/main.ts',
    'scripts/db/migrate.ts',
    'scripts/admin.ts',
    'scripts/import.ts',
  ]);
  const runtime = [...copiedBy('runtime'), 'generated', 'dist'];
  for (const entry of entries) {
    const { files, packages } = closure(entry);
    expect({ entry, missing: files.filter((file) => !isCovered(file, runtime)) }).toEqual({
      entry,
      missing: [],
    });
    expect({ entry, dev: packages.filter((name) => !productionDependencies.has(name)) }).toEqual({
      entry,
      dev: [],
    });
  }
  // The image runs TypeScript through tsx, a production dependency too.
  expect(productionDependencies.has('tsx')).toBe(true);
});

test('the build stage has what the bundle script and the Prisma generator read', () => {
  const build = copiedBy('build');
  const { files, packages } = closure('scripts/build-workflow-bundle.ts');
  expect(files.filter((file) => !isCovered(file, build))).toEqual([]);
  expect(packages.filter((name) => !productionDependencies.has(name))).toEqual([]);
  expect(build).toEqual(
    expect.arrayContaining(['prisma', 'prisma.config.ts', 'workflows', 'package-lock.json']),
  );
});

test('a file the image does not copy would be found', () => {
  // The same check, on a copy list without reports/: the API's annual report needs it.
  const runtime = [...copiedBy('runtime'), 'generated', 'dist'].filter((source) => source !== 'reports');
  const { files } = closure('api/main.ts');
  expect(files.filter((file) => !isCovered(file, runtime)).some((file) => file.startsWith('reports/'))).toBe(
    true,
  );
});

test('the build context (.dockerignore, an allowlist) holds every file a COPY names', () => {
  const allowed = fs
    .readFileSync(path.join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1));
  const sources = stages().flatMap((stage) => stage.copies);
  expect(sources.filter((source) => !isCovered(source, allowed))).toEqual([]);
  for (const source of sources) expect(fs.existsSync(path.join(root, source))).toBe(true);
});
