/** The API's full semantic version, sent as `API-Version` on every response and used as `info.version`. */
export const API_VERSION = '1.0.0';
export const API_BASE_PATH = '/api/v1';
