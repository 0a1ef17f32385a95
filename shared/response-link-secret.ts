import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Environment } from './config';
import { dataDirOf } from './runtime-file';

/**
 * `npm start` keeps the response-link secret (RESPONSE_LINK_SECRET when it is not set) in its data folder,
 * readable by its user only: made on the first start, the same on every later one, so the links already mailed
 * keep being the links later mails carry. An API or worker started on its own beside it (api/main.ts,
 * worker/main.ts) reads the same file, so all processes derive the same links. In shared/ because those product
 * entry points may not import scripts/.
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
  return readSecretFile(file);
}

/** The secret of an `npm start` with this data folder; undefined when it never made one. */
export function readResponseLinkSecret(dataDir: string): string | undefined {
  const file = path.join(dataDir, FILE_NAME);
  return fs.existsSync(file) ? readSecretFile(file) : undefined;
}

function readSecretFile(file: string): string {
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 43)
    throw new ConfigError(
      `${file} holds no usable response-link secret (at least 43 characters); remove it to have a new one made`,
    );
  return secret;
}

/** The environment with RESPONSE_LINK_SECRET taken from a local `npm start`'s data folder when it is not set. */
export function withStoredResponseLinkSecret(env: Environment): Environment {
  if (env.RESPONSE_LINK_SECRET) return env;
  const stored = readResponseLinkSecret(dataDirOf(env));
  return stored ? { ...env, RESPONSE_LINK_SECRET: stored } : env;
}
