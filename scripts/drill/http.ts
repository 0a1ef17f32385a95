import crypto from 'node:crypto';
import http from 'node:http';

/**
 * A small HTTP client over node:http with keep-alive: no browser headers (Origin, Sec-Fetch-*) added behind our
 * back, a cookie jar when asked for, and little overhead of its own (it is also the benchmark's load generator).
 */
export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json<T = unknown>(): T;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function request(
  method: string,
  url: string,
  options: {
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs?: number;
    /** The local address to connect from (any of 127.0.0.0/8 on loopback): one client among many. */
    localAddress?: string;
  } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    // A known length instead of chunked transfer: one write, and no chunk framing for the server to undo.
    const headers =
      options.body === undefined
        ? (options.headers ?? {})
        : { 'content-length': String(Buffer.byteLength(options.body)), ...options.headers };
    const connectFrom = options.localAddress ? { localAddress: options.localAddress } : {};
    const req = http.request(
      url,
      { method, agent, headers, timeout: options.timeoutMs ?? 60_000, ...connectFrom },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export function jsonRequest(
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return request(method, url, {
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/**
 * One person's browser session: keeps the cookies the server sets (the response page's CSRF cookie). Given a local
 * address, it connects from there, so a load balancer and the API see that person's own client address.
 */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly localAddress?: string) {}

  async get(url: string): Promise<HttpResponse> {
    return this.keep(await request('GET', url, { headers: this.cookieHeader(), ...this.from() }));
  }

  async postForm(url: string, fields: Record<string, string>): Promise<HttpResponse> {
    return this.keep(
      await request('POST', url, {
        headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        ...this.from(),
      }),
    );
  }

  async postMultipart(url: string, fields: Record<string, string>): Promise<HttpResponse> {
    const boundary = `----drill${crypto.randomBytes(8).toString('hex')}`;
    const body =
      Object.entries(fields)
        .map(
          ([name, value]) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        )
        .join('') + `--${boundary}--\r\n`;
    return this.keep(
      await request('POST', url, {
        headers: { ...this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        ...this.from(),
      }),
    );
  }

  private from(): { localAddress?: string } {
    return this.localAddress ? { localAddress: this.localAddress } : {};
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private keep(response: HttpResponse): HttpResponse {
    for (const line of [response.headers['set-cookie'] ?? []].flat()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
    return response;
  }
}

export function formField(page: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1];
}
