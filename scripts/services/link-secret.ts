import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../shared/config';

/**
 * `npm start` keeps the response-link secret (RESPONSE_LINK_SECRET when it is not set) in its data folder,
 * readable by its user only: made on the first start, the same on every later one, so the links already mailed
 * keep being the links later mails carry.
 */
const FILE_NAME = 'response-link.secret';

export function ensureResponseLinkSecret(dataDir: string): string {
  const file = path.join(dataDir, FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 43)
    throw new ConfigError(
      `${file} holds no usable response-link secret (at least 43 characters); remove it to have a new one made`,
    );
  return secret;
}
