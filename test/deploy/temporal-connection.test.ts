import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, parseEnvironment, toRuntimeConfig } from '../../shared/config';
import { temporalConnectionOptions } from '../../worker/create-worker';
import {
  makeCertificates,
  startGrpcTlsProxy,
  type Certificates,
  type GrpcTlsProxy,
} from '../support/grpc-tls-proxy';

/**
 * How the API and the worker connect to a remote Temporal (a self-hosted cluster behind TLS, Temporal Cloud): the
 * options built from the settings, and real TLS connections of both SDK clients (the API's Connection and the
 * worker's NativeConnection) through a TLS frontend in front of the dev server: mutual TLS with a private CA and a
 * server name other than the address, and an API key over TLS.
 */
const services = {
  databaseUrl: 'postgresql://unused',
  temporalAddress: 'temporal.example:7233',
  smtpUrl: 'smtp://unused',
};
const secret = 'x'.repeat(43);

function temporalConfig(env: Record<string, string>, address = services.temporalAddress) {
  return toRuntimeConfig(
    parseEnvironment({ RESPONSE_LINK_SECRET: secret, TEMPORAL_NAMESPACE: 'default', ...env }),
    { ...services, temporalAddress: address },
    'q',
  ).temporal;
}

describe('the connection options built from the settings', () => {
  test('none: plain, as to the dev server', () => {
    expect(temporalConnectionOptions(temporalConfig({}))).toEqual({ address: 'temporal.example:7233' });
  });

  test('TEMPORAL_TLS=true: TLS checked against the system CAs, no client certificate', () => {
    expect(temporalConnectionOptions(temporalConfig({ TEMPORAL_TLS: 'true' }))).toEqual({
      address: 'temporal.example:7233',
      tls: {},
    });
  });

  test('an API key: over TLS, as a bearer token, with the namespace header Temporal Cloud routes by', () => {
    expect(
      temporalConnectionOptions(temporalConfig({ TEMPORAL_API_KEY: 'key-1', TEMPORAL_NAMESPACE: 'ns.acct' })),
    ).toEqual({
      address: 'temporal.example:7233',
      tls: {},
      apiKey: 'key-1',
      metadata: { 'temporal-namespace': 'ns.acct' },
    });
  });

  test('certificate files: mutual TLS with the private CA and the server name', async () => {
    const certificates = await makeCertificates('temporal-frontend', 'signaalloket-worker');
    try {
      const options = temporalConnectionOptions(temporalConfig(mtlsSettings(certificates)));
      expect(options).toEqual({
        address: 'temporal.example:7233',
        tls: {
          clientCertPair: {
            crt: fs.readFileSync(certificates.clientCertPath),
            key: fs.readFileSync(certificates.clientKeyPath),
          },
          serverRootCACertificate: fs.readFileSync(certificates.caPath),
          serverNameOverride: 'temporal-frontend',
        },
      });
    } finally {
      fs.rmSync(certificates.dir, { recursive: true, force: true });
    }
  });

  test('contradictions are refused at start, each with its reason', () => {
    expect(() => temporalConfig({ TEMPORAL_TLS_CERT_PATH: '/c.crt' })).toThrow(
      new ConfigError(
        'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together: the client certificate and its private key',
      ),
    );
    expect(() => temporalConfig({ TEMPORAL_TLS_KEY_PATH: '/c.key' })).toThrow(/go together/);
    expect(() => temporalConfig({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'key-1' })).toThrow(
      'TEMPORAL_API_KEY is only sent over TLS',
    );
    expect(() => temporalConfig({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_PATH: '/ca.crt' })).toThrow(
      'TEMPORAL_TLS=false contradicts',
    );
    expect(() => temporalConfig({ TEMPORAL_TLS: 'sometimes' })).toThrow(/TEMPORAL_TLS/);
  });
});

function mtlsSettings(certificates: Certificates): Record<string, string> {
  return {
    TEMPORAL_TLS_CERT_PATH: certificates.clientCertPath,
    TEMPORAL_TLS_KEY_PATH: certificates.clientKeyPath,
    TEMPORAL_TLS_CA_PATH: certificates.caPath,
    TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend',
  };
}

describe('real TLS connections through a TLS frontend', () => {
  let certificates: Certificates;
  let proxy: GrpcTlsProxy | undefined;

  beforeAll(async () => {
    certificates = await makeCertificates('temporal-frontend', 'signaalloket-worker');
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });
  afterAll(() => fs.rmSync(certificates.dir, { recursive: true, force: true }));

  async function frontend(requireClientCertificate: boolean): Promise<GrpcTlsProxy> {
    proxy = await startGrpcTlsProxy({
      certificates,
      upstream: process.env.TEST_TEMPORAL_ADDRESS!,
      requireClientCertificate,
    });
    return proxy;
  }

  test('mutual TLS: the API client and the worker connect with their certificate, the CA and the server name', async () => {
    const tls = await frontend(true);
    const options = temporalConnectionOptions(temporalConfig(mtlsSettings(certificates), tls.address));

    const connection = await Connection.connect(options);
    try {
      const client = new Client({ connection, namespace: 'default' });
      const namespace = await client.workflowService.describeNamespace({ namespace: 'default' });
      expect(namespace.namespaceInfo?.name).toBe('default');
    } finally {
      await connection.close();
    }
    const native = await NativeConnection.connect(options);
    await native.close();

    expect(tls.calls.length).toBeGreaterThan(1);
    expect(new Set(tls.calls.map((call) => call.clientCertificate))).toEqual(
      new Set(['signaalloket-worker']),
    );
    expect(tls.calls.map((call) => call.path)).toContain(
      '/temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace',
    );
  });

  test('mutual TLS: without the client certificate the frontend refuses the connection', async () => {
    const tls = await frontend(true);
    const { TEMPORAL_TLS_CA_PATH, TEMPORAL_TLS_SERVER_NAME } = mtlsSettings(certificates);
    const options = temporalConnectionOptions(
      temporalConfig(
        { TEMPORAL_TLS_CA_PATH: TEMPORAL_TLS_CA_PATH!, TEMPORAL_TLS_SERVER_NAME: TEMPORAL_TLS_SERVER_NAME! },
        tls.address,
      ),
    );
    await expect(Connection.connect({ ...options, connectTimeout: '3s' })).rejects.toThrow();
    expect(tls.calls).toEqual([]);
  });

  test('without the server name the certificate does not match the address, and TLS refuses it', async () => {
    const tls = await frontend(true);
    const { TEMPORAL_TLS_SERVER_NAME: _name, ...withoutName } = mtlsSettings(certificates);
    const options = temporalConnectionOptions(temporalConfig(withoutName, tls.address));
    await expect(Connection.connect({ ...options, connectTimeout: '3s' })).rejects.toThrow();
    expect(tls.calls).toEqual([]);
  });

  test('an API key: sent over TLS as a bearer token, with the namespace, on every call', async () => {
    const tls = await frontend(false);
    const options = temporalConnectionOptions(
      temporalConfig(
        {
          TEMPORAL_API_KEY: 'cloud-api-key',
          TEMPORAL_TLS_CA_PATH: certificates.caPath,
          TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend',
        },
        tls.address,
      ),
    );
    const native = await NativeConnection.connect(options);
    await native.close();
    const connection = await Connection.connect(options);
    try {
      await new Client({ connection, namespace: 'default' }).workflowService.getSystemInfo({});
    } finally {
      await connection.close();
    }
    expect(tls.calls.length).toBeGreaterThan(1);
    for (const call of tls.calls) {
      expect(call).toMatchObject({ authorization: 'Bearer cloud-api-key', namespace: 'default' });
    }
  });
});
