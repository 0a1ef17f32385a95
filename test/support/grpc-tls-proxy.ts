import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * A Temporal frontend behind TLS, for testing how the product connects to a remote cluster: an HTTP/2 TLS server
 * (optionally demanding a client certificate from its CA, as a frontend with requireClientAuth or Temporal Cloud
 * does) that passes each gRPC call on to the plain dev server and notes what arrived (the client certificate's
 * name, the authorization and temporal-namespace headers).
 */
export interface Certificates {
  dir: string;
  caPath: string;
  serverCertPath: string;
  serverKeyPath: string;
  clientCertPath: string;
  clientKeyPath: string;
}

/** A CA, a server certificate for `serverName` only (not for 127.0.0.1) and a client certificate, by openssl. */
export async function makeCertificates(serverName: string, clientName: string): Promise<Certificates> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-mtls-'));
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]) => execFileAsync('openssl', args, { cwd: dir });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(
    'req',
    '-x509',
    ...ec,
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  );
  for (const [name, subject, extension] of [
    ['server', serverName, `subjectAltName=DNS:${serverName}\nextendedKeyUsage=serverAuth`],
    ['client', clientName, 'extendedKeyUsage=clientAuth'],
  ] as const) {
    fs.writeFileSync(file(`${name}.ext`), `${extension}\n`);
    await openssl('req', ...ec, '-subj', `/CN=${subject}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    await openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    );
  }
  return {
    dir,
    caPath: file('ca.crt'),
    serverCertPath: file('server.crt'),
    serverKeyPath: file('server.key'),
    clientCertPath: file('client.crt'),
    clientKeyPath: file('client.key'),
  };
}

export interface ArrivedCall {
  path: string;
  clientCertificate: string | undefined;
  authorization: string | undefined;
  namespace: string | undefined;
}

export interface GrpcTlsProxy {
  address: string;
  calls: ArrivedCall[];
  close(): Promise<void>;
}

export async function startGrpcTlsProxy(options: {
  certificates: Certificates;
  upstream: string;
  requireClientCertificate: boolean;
}): Promise<GrpcTlsProxy> {
  const { certificates } = options;
  const upstream = http2.connect(`http://${options.upstream}`);
  upstream.on('error', () => undefined);
  const calls: ArrivedCall[] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createSecureServer({
    key: fs.readFileSync(certificates.serverKeyPath),
    cert: fs.readFileSync(certificates.serverCertPath),
    ca: fs.readFileSync(certificates.caPath),
    requestCert: options.requireClientCertificate,
    rejectUnauthorized: options.requireClientCertificate,
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const socket = stream.session?.socket as TLSSocket | undefined;
    const peer = socket?.getPeerCertificate();
    const text = (value: string | string[] | undefined): string | undefined =>
      Array.isArray(value) ? value.join(',') : value;
    calls.push({
      path: String(headers[':path']),
      clientCertificate: peer && 'subject' in peer ? text(peer.subject?.CN) : undefined,
      authorization: text(headers.authorization),
      namespace: text(headers['temporal-namespace']),
    });
    const forwarded: http2.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      if (!name.startsWith(':') || name === ':method' || name === ':path') forwarded[name] = value;
    }
    const call = upstream.request(forwarded);
    stream.pipe(call);
    let trailers: http2.IncomingHttpHeaders = {};
    call.on('trailers', (received: http2.IncomingHttpHeaders) => {
      trailers = received;
    });
    call.on('response', (received) => {
      if (stream.destroyed) return;
      if (received['grpc-status'] !== undefined) {
        stream.respond(received, { endStream: true }); // a trailers-only answer (an error)
        return;
      }
      stream.respond(received, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers(trailers));
      call.pipe(stream);
    });
    call.on('error', () => stream.destroy());
    stream.on('error', () => call.destroy());
  });
  server.on('tlsClientError', () => undefined); // a client without a certificate: refused, as intended
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    async close() {
      for (const session of sessions) session.destroy();
      upstream.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
