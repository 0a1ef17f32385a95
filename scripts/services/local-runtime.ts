import {
  toRuntimeConfig,
  type Environment,
  type ResolvedServices,
  type RuntimeConfig,
} from '../../shared/config';
import { TASK_QUEUE } from '../../shared/ids';
import { ensureResponseLinkSecret } from '../../shared/response-link-secret';
import { writeRuntimeFile } from '../../shared/runtime-file';

/**
 * The runtime config of a local run (npm start, npm run cluster) once its services are up: the response-link
 * secret kept in the data folder unless RESPONSE_LINK_SECRET is set, and the services recorded there for the admin
 * CLI, the import and an API or worker started on its own.
 */
export function localRuntimeConfig(
  env: Environment,
  services: ResolvedServices,
  dataDir: string,
): RuntimeConfig {
  const responseLinkSecret = env.RESPONSE_LINK_SECRET ?? ensureResponseLinkSecret(dataDir);
  const config = toRuntimeConfig({ ...env, RESPONSE_LINK_SECRET: responseLinkSecret }, services, TASK_QUEUE);
  writeRuntimeFile(dataDir, services);
  return config;
}
