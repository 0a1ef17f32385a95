import fs from 'node:fs';
import path from 'node:path';
import { projectRoot, toolsDir } from '../services/paths';

/**
 * Where scripts/ensure-temporal-server.sh puts the real Temporal server, its SQL schema tool, the Web UI server and
 * the PostgreSQL schema folders of the server module; and where the cluster's committed configuration lives.
 */
const installDir = path.join(toolsDir, 'temporal-server');

export const clusterBinaries = {
  server: path.join(installDir, 'bin', 'temporal-server'),
  sqlTool: path.join(installDir, 'bin', 'temporal-sql-tool'),
  uiServer: path.join(installDir, 'bin', 'temporal-ui-server'),
};

/** The versioned schema folders `temporal-sql-tool update-schema -d` walks (the tool embeds MySQL's only). */
export const postgresSchemaDirs = {
  temporal: path.join(installDir, 'schema', 'postgresql', 'v12', 'temporal', 'versioned'),
  visibility: path.join(installDir, 'schema', 'postgresql', 'v12', 'visibility', 'versioned'),
};

export const clusterConfig = {
  server: path.join(projectRoot, 'config', 'temporal', 'server.yaml'),
  dynamicConfig: path.join(projectRoot, 'config', 'temporal', 'dynamicconfig.yaml'),
  /** The UI server reads `<dir>/<env>.yaml`; ours is `cluster.yaml`. */
  uiDir: path.join(projectRoot, 'config', 'temporal', 'ui'),
  uiEnv: 'cluster',
};

export function assertClusterBinariesInstalled(): void {
  const missing = [...Object.values(clusterBinaries), ...Object.values(postgresSchemaDirs)].filter(
    (file) => !fs.existsSync(file),
  );
  if (missing.length) {
    throw new Error(
      `${missing.join(', ')} missing: run \`bash scripts/ensure-temporal-server.sh\` ` +
        '(npm run cluster and npm test do this)',
    );
  }
}

/**
 * Writes `file`: the committed dynamic config followed by `settings` (each a key with one global value), for a
 * run that needs a server interval shorter than production's (the versioning drill's drainage checks). A key
 * given here must not be in the committed file (YAML refuses a key twice).
 */
export function withDynamicConfig(file: string, settings: Record<string, string | number | boolean>): string {
  const extra = Object.entries(settings)
    .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n`)
    .join('');
  fs.writeFileSync(file, `${fs.readFileSync(clusterConfig.dynamicConfig, 'utf8')}\n${extra}`);
  return file;
}
