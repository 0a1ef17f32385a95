import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * A throw-away self-signed certificate for 127.0.0.1, made by openssl (a Debian package the test bootstrap
 * installs), valid for one day: enough for a browser test over https.
 */
export async function selfSignedCertificate(host = '127.0.0.1'): Promise<{ key: string; cert: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-tls-'));
  try {
    const keyPath = path.join(dir, 'key.pem');
    const certPath = path.join(dir, 'cert.pem');
    await execFileAsync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=IP:${host}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
    return { key: fs.readFileSync(keyPath, 'utf8'), cert: fs.readFileSync(certPath, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
