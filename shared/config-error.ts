/** A setting that is missing or wrong: the process says which, in one sentence, and does not start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
