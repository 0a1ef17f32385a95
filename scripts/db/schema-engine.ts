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

type WasmExports = Record<string, unknown>;
// Node has WebAssembly; @types/node 20 does not declare it, and the DOM lib would bring far more than this.
const { WebAssembly: wasmRuntime } = globalThis as unknown as {
  WebAssembly: {
    instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }>;
  };
};

type BindgenGlue = Record<string, unknown> & {
  __wbg_set_wasm(exports: WasmExports): void;
  SchemaEngine: typeof SchemaEngine;
};

let gluePromise: Promise<BindgenGlue> | undefined;

async function loadGlue(): Promise<BindgenGlue> {
  const localRequire = createRequire(__filename);
  // The package exports no package.json; its glue module's own path gives the folder.
  const packageDir = path.dirname(localRequire.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  // The glue is an ES module. Loaded by path, so that from CommonJS it goes through Node's require(esm)
  // (Node >= 20.19). Jest's sandboxed module registry cannot load it: tests run the engine in a child process.
  const glue = (await import(path.join(packageDir, 'schema_engine_bg.js'))) as BindgenGlue;
  const bytes = fs.readFileSync(path.join(packageDir, 'schema_engine_bg.wasm'));
  const { instance } = await wasmRuntime.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export interface SchemaFile {
  path: string;
  content: string;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and ends every database connection it opened. */
  close: () => Promise<void>;
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * adapter-pg (7.10) runs a migration script by cutting it at every ";" and sending the pieces one by one, which cuts
 * a function body (`$$ … $$`, e.g. a trigger's) apart. Sent whole as one simple query, PostgreSQL parses the script
 * itself and runs it as one transaction: a migration that fails halfway leaves nothing behind.
 */
function runsScriptsWhole(adapter: PgAdapter): PgAdapter {
  const pool = adapter.underlyingDriver();
  // The adapter's own translation of a pg error, so the engine reports it as it reports any other.
  const asEngineError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string): Promise<void> => {
    try {
      await pool.query(script);
    } catch (error) {
      asEngineError(error);
    }
  };
  return adapter;
}

/** Opens the engine against a database; `schema` is the datamodel the engine is told about. */
export async function openSchemaEngine(
  connectionString: string,
  schema: SchemaFile,
): Promise<OpenSchemaEngine> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  // The engine opens connection pools through the factory but never ends them; we track them so they can be.
  const factory = new PrismaPg({ connectionString });
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const tracking = Object.assign(Object.create(factory) as PrismaPg, {
    connect: async () => {
      const adapter = runsScriptsWhole(await factory.connect());
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = runsScriptsWhole(await factory.connectToShadowDb());
      opened.push(adapter);
      return adapter;
    },
  });
  const engineLog = (): void => undefined; // the engine's tracing output is not useful to users
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    engineLog,
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.all(opened.map((adapter) => adapter.dispose()));
    },
  };
}
