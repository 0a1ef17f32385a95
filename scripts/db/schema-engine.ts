import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

/**
 * Prisma's own schema engine, compiled to WebAssembly (`@prisma/schema-engine-wasm`), driven through the pg
 * driver adapter. `prisma migrate` would download a native engine, which these machines cannot; this is the
 * same engine, so migrations keep Prisma's folder layout and its `_prisma_migrations` bookkeeping.
 *
 * The package is a wasm-bindgen "bundler" build (it `import`s the .wasm file), so it is wired up by hand.
 */

type BindgenGlue = Record<string, unknown> & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: typeof SchemaEngine;
};

let gluePromise: Promise<BindgenGlue> | undefined;

async function loadGlue(): Promise<BindgenGlue> {
  const localRequire = createRequire(__filename);
  // The package exports no package.json; its glue module's own path gives the folder.
  const packageDir = path.dirname(localRequire.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  // The glue is an ES module; a dynamic import keeps this file loadable from CommonJS.
  const glueUrl = `file://${path.join(packageDir, 'schema_engine_bg.js')}`;
  const glue = (await import(glueUrl)) as BindgenGlue;
  const bytes = fs.readFileSync(path.join(packageDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, {
    './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/** Opens the engine against a database; `schema` is the datamodel the engine is told about. */
export async function openSchemaEngine(connectionString: string, schema: SchemaFile): Promise<SchemaEngine> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  const engineLog = (): void => undefined; // the engine's tracing output is not useful to users
  return glue.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, engineLog, adapterFactory);
}
