import { createProcessingLog, type ProcessingLog } from '../../activities/processing-log/record';
import { ConfigError, parseEnvironment } from '../../shared/config';
import { createProcessingRegister } from '../../shared/processing-register';
import { withStoredResponseLinkSecret } from '../../shared/response-link-secret';

/**
 * The processing log's writer for the admin CLI, with the key API and worker use (PROCESSING_LOG_KEY, or the one
 * derived from RESPONSE_LINK_SECRET, also as `npm start` keeps it in its data folder), so the CLI's records carry the
 * same pseudonyms and the lead finds them. Without either the CLI refuses the command rather than write records
 * nobody can find.
 */
export function adminProcessingLog(env: NodeJS.ProcessEnv): ProcessingLog {
  const parsed = withStoredResponseLinkSecret(parseEnvironment(env));
  const secret = parsed.RESPONSE_LINK_SECRET;
  if (!parsed.PROCESSING_LOG_KEY && !secret) {
    throw new ConfigError(
      'this command writes to the processing log: set PROCESSING_LOG_KEY or RESPONSE_LINK_SECRET as the API and worker have them (a local `npm start` keeps its secret in its data folder)',
    );
  }
  return createProcessingLog(createProcessingRegister(parsed, secret ?? ''));
}
