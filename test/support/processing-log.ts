import { createProcessingLog } from '../../activities/processing-log/record';
import { createProcessingRegister } from '../../shared/processing-register';
import { TEST_RESPONSE_LINK_SECRET } from './env';

/**
 * The processing log's writer as the harnesses' API and worker have it (the default register, the key derived from
 * TEST_RESPONSE_LINK_SECRET), for the admin commands a test calls directly: their records carry the same pseudonyms.
 */
export const TEST_PROCESSING_LOG = createProcessingLog(
  createProcessingRegister({}, TEST_RESPONSE_LINK_SECRET),
);
