import crypto from 'node:crypto';
import http from 'node:http';
import { request, type HttpResponse } from '../../scripts/drill/http';

/**
 * What a test of a draining API needs: a request that stays in flight while SIGTERM arrives, and the
 * operations listener's answer once the replica has begun to drain.
 */

/** A multipart upload whose body arrives in `parts` pieces, `pauseMs` apart: a request that stays in flight. */
export function slowUpload(url: string, key: string, content: Buffer, parts: number, pauseMs: number) {
  const boundary = `----drain${crypto.randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="documents"; filename="bijlage.txt"\r\n` +
        'Content-Type: text/plain\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  let started!: () => void;
  const firstPartSent = new Promise<void>((resolve) => (started = resolve));
  const done = new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(body.length),
          Expect: '100-continue',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ...(res.headers.connection ? { connection: res.headers.connection } : {}),
            body: text,
          }),
        );
      },
    );
    req.on('error', reject);
    // The body waits for the server's 100 Continue: then the replica has accepted the connection and read the
    // headers, so the request is in flight there (not merely queued in the kernel) before the caller goes on.
    req.on('continue', () => {
      const size = Math.ceil(body.length / parts);
      void (async () => {
        for (let offset = 0; offset < body.length; offset += size) {
          req.write(body.subarray(offset, offset + size));
          if (offset === 0) started();
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
        req.end();
      })();
    });
  });
  return { firstPartSent, done };
}

/**
 * /readyz of a process just sent SIGTERM (an API or a worker), once it no longer says ready: asked again for up to
 * a second (signals take a moment), the last answer returned for the caller to assert on.
 */
export async function readinessOnceSignalled(opsUrl: string): Promise<HttpResponse> {
  let readiness = await request('GET', `${opsUrl}/readyz`, { timeoutMs: 2_000 });
  for (let i = 0; i < 20 && readiness.status !== 503; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    readiness = await request('GET', `${opsUrl}/readyz`, { timeoutMs: 2_000 });
  }
  return readiness;
}
