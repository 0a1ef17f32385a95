import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { environmentSchema, parseEnvironment, toRuntimeConfig } from '../../shared/config';
import {
  brokenChartCopy,
  chartDir,
  containerfile,
  ensureDeployTools,
  hadolint,
  helmLint,
  helmTemplate,
  kubeconform,
  parseManifests,
  productionValues,
  workerBuildsValues,
  type KubernetesObject,
} from '../../scripts/deploy/tools';

/**
 * The deploy kit, validated with the real tools (offline here; no image is built and no cluster runs): hadolint on
 * the Containerfile; `helm lint --strict` and `helm template` on the chart; kubeconform, strict, on every rendered
 * object; and what the chart promises (security context, probes, secrets only by reference, every setting the
 * product reads). Each tool is also shown failing on a deliberately broken copy.
 */
let scratch: string;
let objects: KubernetesObject[];
let manifests: string;

beforeAll(() => {
  ensureDeployTools(); // first run on a machine: minutes (helm compiles); afterwards instant
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-deploy-'));
  const rendered = helmTemplate(chartDir, [productionValues]);
  if (!rendered.ok) throw new Error(`helm template failed: ${rendered.output}`);
  manifests = rendered.output;
  objects = parseManifests(manifests);
}, 30 * 60_000);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  ports?: Array<{ name: string; containerPort: number }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  startupProbe?: { httpGet?: { path: string; port: string } };
  lifecycle?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
interface PodSpec {
  securityContext?: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  containers: Container[];
  volumes?: Array<{ name: string; secret?: { secretName: string; defaultMode?: number } }>;
}

const ofKind = (kind: string): KubernetesObject[] => objects.filter((object) => object.kind === kind);
const named = (kind: string, suffix: string): KubernetesObject => {
  const found = ofKind(kind).find((object) => object.metadata.name.endsWith(suffix));
  if (!found) throw new Error(`no ${kind} *${suffix} in the rendered chart`);
  return found;
};
const podSpec = (object: KubernetesObject): PodSpec =>
  (object as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
/** A values file in the scratch folder, given on top of the production values. */
const overrides = (name: string, yaml: string): string => {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, yaml);
  return file;
};
/** Values that switch Worker Versioning on for the worker pods. */
const versionedWorker = (): string =>
  overrides(
    'versioned-worker.yaml',
    'worker:\n  versioning:\n    deploymentName: signaalloket\n    buildId: "2.0.0-3f2c1a"\n',
  );
const configData = (): Record<string, string> =>
  (ofKind('ConfigMap')[0] as unknown as { data: Record<string, string> }).data;

describe('the Containerfile', () => {
  test('passes hadolint, and a copy that runs as root does not', () => {
    const lint = hadolint(containerfile);
    expect(lint).toEqual({ ok: true, output: '' });

    const text = fs.readFileSync(containerfile, 'utf8');
    const asRoot = path.join(scratch, 'Containerfile.root');
    fs.writeFileSync(asRoot, text.replace(/^USER .*$/m, 'USER root'));
    const broken = hadolint(asRoot);
    expect(broken.ok).toBe(false);
    expect(broken.output).toContain('DL3002'); // "Last USER should not be root"
  });

  test('pins its base image by version, builds the bundle and the client at build time, runs unprivileged', () => {
    const text = fs.readFileSync(containerfile, 'utf8');
    expect(text).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-[a-z]+-slim$/m);
    expect(text).toContain('npm ci --omit=dev');
    expect(text).toContain('prisma generate');
    expect(text).toContain('scripts/build-workflow-bundle.ts /app/dist/workflow-bundle.js');
    expect(text).toMatch(/WORKFLOW_BUNDLE_PATH=\/app\/dist\/workflow-bundle\.js/);
    const stages = text.match(/^FROM .*$/gm) ?? [];
    expect(stages).toHaveLength(3);
    // The last USER is numeric and not root (the cluster's runAsNonRoot can only check a number).
    const users = text.match(/^USER (.*)$/gm) ?? [];
    expect(users.at(-1)).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
  });
});

describe('the Helm chart', () => {
  test('passes helm lint --strict with production values; without them it names what is missing', () => {
    const lint = helmLint(chartDir, [productionValues]);
    expect(lint.output).toContain('0 chart(s) failed');
    expect(lint.ok).toBe(true);

    const bare = helmTemplate(chartDir, []);
    expect(bare.ok).toBe(false);
    expect(bare.output).toMatch(/secrets\.existingSecret|config\.publicBaseUrl/);
  });

  test('its values schema refuses a misspelt key and a wrong type, which would otherwise pass unnoticed', () => {
    const typo = overrides('typo.yaml', 'config:\n  publicBaseURL: https://signalen.example.org\n');
    const misspelt = helmLint(chartDir, [productionValues, typo]);
    expect(misspelt.ok).toBe(false);
    expect(misspelt.output).toContain("additional properties 'publicBaseURL' not allowed");

    const wrongType = overrides('wrong-type.yaml', 'worker:\n  replicas: two\n');
    const typed = helmLint(chartDir, [productionValues, wrongType]);
    expect(typed.ok).toBe(false);
    expect(typed.output).toMatch(/worker\/replicas/);
  });

  test('renders objects that kubeconform finds valid against the Kubernetes schemas', () => {
    const result = kubeconform(manifests);
    expect(result.output).toMatch(/Valid: 14, Invalid: 0, Errors: 0, Skipped: 0/);
    expect(result.ok).toBe(true);
    expect(objects.map((object) => object.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Deployment',
      'HorizontalPodAutoscaler',
      'HorizontalPodAutoscaler',
      'Ingress',
      'Job',
      'NetworkPolicy',
      'NetworkPolicy',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
  });

  test('a copy with a misspelt field fails kubeconform, and one with a template error fails helm', () => {
    const misspelt = brokenChartCopy(scratch, 'templates/_deployment.tpl', (text) =>
      text.replace('terminationGracePeriodSeconds:', 'terminationGracePeriodSecond:'),
    );
    const rendered = helmTemplate(misspelt, [productionValues]);
    expect(rendered.ok).toBe(true);
    const result = kubeconform(rendered.output);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Deployment signaalloket-(api|worker) is invalid/);
    expect(result.output).toContain('terminationGracePeriodSecond');

    const unclosed = brokenChartCopy(
      scratch,
      'templates/api.yaml',
      (text) => `${text}\n{{- if .Values.api }}\n`,
    );
    const failed = helmTemplate(unclosed, [productionValues]);
    expect(failed.ok).toBe(false);
    expect(helmLint(unclosed, [productionValues]).ok).toBe(false);
  });

  test('every pod runs non-root, read-only, without capabilities or privilege escalation, seccomp RuntimeDefault', () => {
    const pods = [...ofKind('Deployment'), ...ofKind('Job')];
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      const spec = podSpec(pod);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const container of spec.containers) {
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources?.requests?.cpu).toBeTruthy();
        expect(container.resources?.requests?.memory).toBeTruthy();
        expect(container.resources?.limits?.memory).toBeTruthy();
      }
    }
  });

  test('the API and the worker are probed on the operations listener, scale, and keep one pod through disruptions', () => {
    for (const component of ['api', 'worker']) {
      const [container] = podSpec(named('Deployment', `-${component}`)).containers;
      expect(container!.args).toEqual([component]);
      expect(container!.ports).toContainEqual({ name: 'ops', containerPort: 9090, protocol: 'TCP' });
      expect(container!.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'ops' });
      expect(container!.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'ops' });
      expect(container!.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'ops' });
      expect(named('HorizontalPodAutoscaler', `-${component}`)).toMatchObject({
        spec: { minReplicas: 2, scaleTargetRef: { kind: 'Deployment' } },
      });
      expect(named('PodDisruptionBudget', `-${component}`)).toMatchObject({ spec: { minAvailable: 1 } });
    }
    expect(named('Job', '-migrate').metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
    });
  });

  test('an upgrade can hold the API at its release while the migrations and the workers move on', () => {
    const holdApi = overrides(
      'hold-api.yaml',
      'image:\n  digest: ""\n  tag: "2.0.0"\napi:\n  image:\n    tag: "1.9.0"\n',
    );
    const rendered = helmTemplate(chartDir, [productionValues, holdApi]);
    expect(rendered.ok).toBe(true);
    const images = Object.fromEntries(
      parseManifests(rendered.output)
        .filter((object) => object.kind === 'Deployment' || object.kind === 'Job')
        .map((object) => [object.metadata.name, podSpec(object).containers[0]!.image]),
    );
    const repository = 'registry.example.org/signaalloket/signaalloket';
    expect(images).toEqual({
      'signaalloket-api': `${repository}:1.9.0`,
      'signaalloket-worker': `${repository}:2.0.0`,
      'signaalloket-migrate': `${repository}:2.0.0`,
    });
  });

  test('holds no secret: none is rendered, and each secret variable comes from the existing Secret', () => {
    expect(ofKind('Secret')).toEqual([]);
    const secretVariables = [
      'DATABASE_URL',
      'SMTP_URL',
      'RESPONSE_LINK_SECRET',
      'TEMPORAL_API_KEY',
      'TOTP_ENCRYPTION_KEY',
    ];
    for (const name of secretVariables) expect(configData()).not.toHaveProperty(name);
    for (const pod of [...ofKind('Deployment'), ...ofKind('Job')]) {
      for (const variable of podSpec(pod).containers.flatMap((container) => container.env ?? [])) {
        expect(variable.value === undefined || !secretVariables.includes(variable.name)).toBe(true);
        if (secretVariables.includes(variable.name)) {
          expect(variable.valueFrom?.secretKeyRef?.name).toBe('signaalloket');
        }
      }
    }
  });

  test('dashboard sign-in: methods and the provider in the ConfigMap, the keys for the API alone, read-only', () => {
    expect(configData()).toMatchObject({
      DASHBOARD_SIGN_IN: 'local,oidc',
      OIDC_ISSUER: 'https://login.example.org/realms/signaalloket',
      OIDC_CLIENT_ID: 'signaalloket',
      OIDC_PRIVATE_KEY_PATH: '/etc/signaalloket/oidc/private-key.pem',
      OIDC_PRIVATE_KEY_ID: 'signaalloket-2026',
      OIDC_SCOPES: 'openid profile email',
      OIDC_ROLE_CLAIM: 'roles',
      OIDC_ROLE_MAP:
        'urn:signaalloket:coordinator:coordinator,signaalloket-lead:lead,signaalloket-admin:admin',
      OIDC_REQUIRED_ACR: 'http://eidas.europa.eu/LoA/substantial,http://eidas.europa.eu/LoA/high',
    });

    // What the chart writes is what the product understands: the role map's URN keeps its colons, for one.
    const config = toRuntimeConfig(
      parseEnvironment({
        ...configData(),
        RESPONSE_LINK_SECRET: 'r'.repeat(43),
        TOTP_ENCRYPTION_KEY: 't'.repeat(43),
      }),
      {
        databaseUrl: 'postgresql://db/signaalloket',
        temporalAddress: 'temporal:7233',
        smtpUrl: 'smtp://relay',
      },
      'signaalloket',
    );
    expect(config.signIn).toMatchObject({
      local: true,
      oidc: {
        privateKeyPath: '/etc/signaalloket/oidc/private-key.pem',
        roleMap: [
          { value: 'urn:signaalloket:coordinator', role: 'coordinator' },
          { value: 'signaalloket-lead', role: 'lead' },
          { value: 'signaalloket-admin', role: 'admin' },
        ],
        requiredAcr: ['http://eidas.europa.eu/LoA/substantial', 'http://eidas.europa.eu/LoA/high'],
        redirectUri: 'https://signalen.example.org/login/oidc/callback',
      },
    });

    const api = podSpec(named('Deployment', '-api'));
    const [apiContainer] = api.containers;
    expect(apiContainer!.env).toContainEqual({
      name: 'TOTP_ENCRYPTION_KEY',
      valueFrom: { secretKeyRef: { name: 'signaalloket', key: 'TOTP_ENCRYPTION_KEY', optional: true } },
    });
    expect(api.volumes).toContainEqual({
      name: 'oidc-private-key',
      secret: { secretName: 'signaalloket-oidc', defaultMode: 0o440 },
    });
    expect(apiContainer!.volumeMounts).toContainEqual({
      name: 'oidc-private-key',
      mountPath: '/etc/signaalloket/oidc',
      readOnly: true,
    });

    // The worker neither signs anyone in nor encrypts TOTP secrets: it gets neither key.
    const worker = podSpec(named('Deployment', '-worker'));
    expect(worker.volumes?.map((volume) => volume.name)).not.toContain('oidc-private-key');
    expect(worker.containers[0]!.env?.map((variable) => variable.name)).not.toContain('TOTP_ENCRYPTION_KEY');

    // OIDC without the key's Secret stops at rendering, naming the value; local sign-in alone sets no OIDC_*.
    const withoutKey = overrides(
      'oidc-without-key.yaml',
      'config:\n  signIn:\n    oidc:\n      privateKey:\n        existingSecret: ""\n',
    );
    const refused = helmTemplate(chartDir, [productionValues, withoutKey]);
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('config.signIn.oidc.privateKey.existingSecret');
    const localOnly = overrides('local-only.yaml', 'config:\n  signIn:\n    methods: [local]\n');
    const rendered = helmTemplate(chartDir, [productionValues, localOnly]);
    expect(rendered.ok).toBe(true);
    const local = parseManifests(rendered.output);
    const data = (local.find((object) => object.kind === 'ConfigMap') as unknown as { data: object }).data;
    expect(data).toHaveProperty('DASHBOARD_SIGN_IN', 'local');
    expect(Object.keys(data).filter((name) => name.startsWith('OIDC_'))).toEqual([]);
    const localApi = podSpec(
      local.find((object) => object.kind === 'Deployment' && object.metadata.name === 'signaalloket-api')!,
    );
    expect(localApi.volumes?.map((volume) => volume.name)).not.toContain('oidc-private-key');
  });

  test('https out: the API to the identity provider when OIDC is on, the worker to event subscribers, the migrations never', () => {
    const egressPorts = (object: KubernetesObject): number[] =>
      (
        object as unknown as { spec: { egress: Array<{ ports: Array<{ port: number }> }> } }
      ).spec.egress.flatMap((rule) => rule.ports.map((port) => port.port));
    expect(egressPorts(named('NetworkPolicy', '-api'))).toContain(443);
    // The worker delivers events to the subscribers' https endpoints (issue 20).
    expect(egressPorts(named('NetworkPolicy', '-worker'))).toContain(443);
    expect(egressPorts(named('NetworkPolicy', '-migrate'))).not.toContain(443);
  });

  test('drain on SIGTERM: grace and delay in the ConfigMap, the pods given longer than both, no preStop hook', () => {
    const grace = Number(configData().SHUTDOWN_GRACE_SECONDS);
    const delay = Number(configData().SHUTDOWN_DELAY_SECONDS);
    expect(grace).toBeGreaterThan(0);
    expect(delay).toBeGreaterThan(0); // the API's own delay lets the endpoints go before it stops accepting
    for (const component of ['api', 'worker']) {
      const spec = podSpec(named('Deployment', `-${component}`));
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(grace + delay);
      expect(spec.containers[0]!.lifecycle).toBeUndefined();
    }

    // Longer settings lengthen the pods' allowance with them.
    const longer = overrides(
      'longer-drain.yaml',
      'config:\n  shutdown:\n    graceSeconds: 100\n    delaySeconds: 20\n',
    );
    const rendered = helmTemplate(chartDir, [productionValues, longer]);
    expect(rendered.ok).toBe(true);
    for (const object of parseManifests(rendered.output).filter((found) => found.kind === 'Deployment')) {
      expect(podSpec(object).terminationGracePeriodSeconds).toBeGreaterThan(120);
    }
  });

  test('Worker Versioning: worker.versioning gives the worker pods (not the API) their deployment version', () => {
    const envOf = (rendered: KubernetesObject[], suffix: string): Record<string, string | undefined> => {
      const object = rendered.find(
        (found) => found.kind === 'Deployment' && found.metadata.name.endsWith(suffix),
      )!;
      return Object.fromEntries((podSpec(object).containers[0]!.env ?? []).map((v) => [v.name, v.value]));
    };
    expect(envOf(objects, '-worker')).not.toHaveProperty('WORKER_BUILD_ID');

    const rendered = helmTemplate(chartDir, [productionValues, versionedWorker()]);
    expect(rendered.ok).toBe(true);
    const versioned = parseManifests(rendered.output);
    expect(envOf(versioned, '-worker')).toMatchObject({
      WORKER_DEPLOYMENT_NAME: 'signaalloket',
      WORKER_BUILD_ID: '2.0.0-3f2c1a',
    });
    expect(envOf(versioned, '-api')).not.toHaveProperty('WORKER_DEPLOYMENT_NAME');

    const half = overrides('half-versioned.yaml', 'worker:\n  versioning:\n    buildId: "2.0.0"\n');
    const refused = helmTemplate(chartDir, [productionValues, half]);
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('worker.versioning: deploymentName and buildId go together');
    const onApi = overrides('api-versioned.yaml', 'api:\n  versioning:\n    buildId: "2.0.0"\n');
    expect(helmLint(chartDir, [productionValues, onApi]).ok).toBe(false);
  });

  describe('Worker Versioning with worker.versioning.builds: one worker Deployment per live build', () => {
    const repository = 'registry.example.org/signaalloket/signaalloket';
    const renderBuilds = (...extra: string[]): KubernetesObject[] => {
      const rendered = helmTemplate(chartDir, [productionValues, ...extra]);
      if (!rendered.ok) throw new Error(`helm template failed: ${rendered.output}`);
      return parseManifests(rendered.output);
    };
    const workers = (rendered: KubernetesObject[]): KubernetesObject[] =>
      rendered.filter(
        (object) =>
          object.kind === 'Deployment' &&
          object.metadata.labels?.['app.kubernetes.io/component'] === 'worker',
      );
    const selectorOf = (object: KubernetesObject): Record<string, string> =>
      (object as unknown as { spec: { selector: { matchLabels: Record<string, string> } } }).spec.selector
        .matchLabels;
    const podLabelsOf = (object: KubernetesObject): Record<string, string> =>
      (object as unknown as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec
        .template.metadata.labels;
    const selects = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
      Object.entries(selector).every(([key, value]) => labels[key] === value);
    const envOf = (object: KubernetesObject): Record<string, string | undefined> =>
      Object.fromEntries((podSpec(object).containers[0]!.env ?? []).map((v) => [v.name, v.value]));
    const buildsFile = (name: string, builds: string[]): string =>
      overrides(
        name,
        `worker:\n  versioning:\n    deploymentName: signaalloket\n    builds:\n${builds
          .map((build) => `      - buildId: "${build}"\n`)
          .join('')}`,
      );

    test('two builds: two Deployments, each its own build id, image, HPA or fixed count, and PDB; valid and linted', () => {
      const lint = helmLint(chartDir, [productionValues, workerBuildsValues]);
      expect(lint.output).toContain('0 chart(s) failed');
      expect(lint.ok).toBe(true);
      const rendered = helmTemplate(chartDir, [productionValues, workerBuildsValues]);
      expect(rendered.ok).toBe(true);
      // The 14 objects of the single worker, with a second worker Deployment and PDB (build A's fixed pod has no HPA).
      expect(kubeconform(rendered.output).output).toMatch(/Valid: 16, Invalid: 0, Errors: 0, Skipped: 0/);
      const builds = parseManifests(rendered.output);

      const deployments = workers(builds);
      expect(deployments.map((object) => object.metadata.name)).toEqual([
        'signaalloket-worker-1-9-0-aa11bb',
        'signaalloket-worker-2-0-0-3f2c1a',
      ]);
      const [a, b] = deployments as [KubernetesObject, KubernetesObject];
      expect(envOf(a)).toMatchObject({
        WORKER_DEPLOYMENT_NAME: 'signaalloket',
        WORKER_BUILD_ID: '1.9.0-aa11bb',
      });
      expect(envOf(b)).toMatchObject({
        WORKER_DEPLOYMENT_NAME: 'signaalloket',
        WORKER_BUILD_ID: '2.0.0-3f2c1a',
      });
      expect(podSpec(a).containers[0]!.image).toBe(`${repository}@sha256:${'1'.repeat(64)}`);
      expect(podSpec(b).containers[0]!.image).toBe(`${repository}@sha256:${'0'.repeat(64)}`); // the chart's
      expect(podLabelsOf(a)).toHaveProperty('signaalloket/worker-build', '1-9-0-aa11bb');
      expect(podLabelsOf(b)).toHaveProperty('signaalloket/worker-build', '2-0-0-3f2c1a');
      expect((a as unknown as { spec: { replicas?: number } }).spec.replicas).toBe(1);
      expect((b as unknown as { spec: { replicas?: number } }).spec).not.toHaveProperty('replicas');

      // Build A's own count replaces its HPA; build B is scaled by an HPA of its own.
      const hpas = builds.filter((object) => object.kind === 'HorizontalPodAutoscaler');
      expect(hpas.map((object) => object.metadata.name).sort()).toEqual([
        'signaalloket-api',
        'signaalloket-worker-2-0-0-3f2c1a',
      ]);
      expect(hpas.find((object) => object.metadata.name === b.metadata.name)).toMatchObject({
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'signaalloket-worker-2-0-0-3f2c1a' },
          minReplicas: 2,
        },
      });

      // No Deployment's selector, nor any PDB's, matches the pods of another Deployment: each controls its own
      // pods, and the eviction API (which refuses a pod that two budgets select) can drain every node.
      const allDeployments = builds.filter((object) => object.kind === 'Deployment');
      expect(allDeployments).toHaveLength(3);
      const budgets = builds.filter((object) => object.kind === 'PodDisruptionBudget');
      expect(budgets).toHaveLength(3);
      for (const owner of allDeployments) {
        const budget = budgets.find((object) => object.metadata.name === owner.metadata.name)!;
        for (const pods of allDeployments) {
          const own = pods === owner;
          expect(selects(selectorOf(owner), podLabelsOf(pods))).toBe(own);
          expect(selects(selectorOf(budget), podLabelsOf(pods))).toBe(own);
        }
      }
      // The worker's NetworkPolicy still covers the pods of every build; the API keeps its single Deployment.
      const policy = builds.find(
        (object) => object.kind === 'NetworkPolicy' && object.metadata.name.endsWith('-worker'),
      )!;
      const policySelector = (
        policy as unknown as { spec: { podSelector: { matchLabels: Record<string, string> } } }
      ).spec.podSelector.matchLabels;
      for (const worker of deployments) expect(selects(policySelector, podLabelsOf(worker))).toBe(true);
      expect(
        envOf(allDeployments.find((object) => object.metadata.name === 'signaalloket-api')!),
      ).not.toHaveProperty('WORKER_BUILD_ID');
    });

    test('a build keeps its Deployment, unchanged, while another is added beside it or removed', () => {
      const deploymentOf = (rendered: KubernetesObject[], name: string): KubernetesObject | undefined =>
        workers(rendered).find((object) => object.metadata.name === name);
      const alone = renderBuilds(buildsFile('builds-a.yaml', ['1.9.0']));
      const both = renderBuilds(buildsFile('builds-a-b.yaml', ['1.9.0', '2.0.0']));
      const next = renderBuilds(buildsFile('builds-b.yaml', ['2.0.0']));
      expect(workers(both).map((object) => object.metadata.name)).toEqual([
        'signaalloket-worker-1-9-0',
        'signaalloket-worker-2-0-0',
      ]);
      // helm upgrade then leaves A's pods alone when B is added, B's when A is removed, and removes A's Deployment.
      expect(deploymentOf(both, 'signaalloket-worker-1-9-0')).toEqual(
        deploymentOf(alone, 'signaalloket-worker-1-9-0'),
      );
      expect(deploymentOf(both, 'signaalloket-worker-2-0-0')).toEqual(
        deploymentOf(next, 'signaalloket-worker-2-0-0'),
      );
      expect(workers(next).map((object) => object.metadata.name)).toEqual(['signaalloket-worker-2-0-0']);
      // Without a fixed count of their own, each build has an HPA and a PDB of its own, named as its Deployment.
      for (const kind of ['HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
        expect(
          both
            .filter(
              (object) => object.kind === kind && object.metadata.name.startsWith('signaalloket-worker'),
            )
            .map((object) => object.metadata.name),
        ).toEqual(['signaalloket-worker-1-9-0', 'signaalloket-worker-2-0-0']);
      }
    });

    test('refused at rendering, naming the values: builds beside buildId, without deploymentName, or two with one name', () => {
      const refusal = (name: string, yaml: string): string => {
        const rendered = helmTemplate(chartDir, [productionValues, overrides(name, yaml)]);
        expect(rendered.ok).toBe(false);
        return rendered.output;
      };
      expect(
        refusal(
          'builds-and-build-id.yaml',
          'worker:\n  versioning:\n    deploymentName: signaalloket\n    buildId: "1.9.0"\n    builds:\n      - buildId: "2.0.0"\n',
        ),
      ).toContain('worker.versioning: builds and buildId do not go together');
      expect(
        refusal(
          'builds-without-name.yaml',
          'worker:\n  versioning:\n    builds:\n      - buildId: "2.0.0"\n',
        ),
      ).toContain('worker.versioning: builds needs deploymentName');
      expect(
        refusal(
          'builds-one-name.yaml',
          'worker:\n  versioning:\n    deploymentName: signaalloket\n    builds:\n      - buildId: "2.0.0"\n      - buildId: "2_0_0"\n',
        ),
      ).toContain('two builds give the Deployment name signaalloket-worker-2-0-0');
      // The schema refuses what the template would not read: a misspelt key in a build, a build without an id.
      const misspelt = overrides(
        'builds-misspelt.yaml',
        'worker:\n  versioning:\n    deploymentName: signaalloket\n    builds:\n      - buildID: "2.0.0"\n',
      );
      expect(helmLint(chartDir, [productionValues, misspelt]).ok).toBe(false);
    });

    test('unversioned, or with buildId alone, or with no builds listed: the single worker Deployment as before', () => {
      const single = workers(objects);
      expect(single.map((object) => object.metadata.name)).toEqual(['signaalloket-worker']);
      // A Deployment's selector cannot change: an installed release must upgrade with exactly this one.
      const selector = {
        'app.kubernetes.io/name': 'signaalloket',
        'app.kubernetes.io/instance': 'signaalloket',
        'app.kubernetes.io/component': 'worker',
      };
      expect(selectorOf(single[0]!)).toEqual(selector);
      expect(podLabelsOf(single[0]!)).toEqual(selector);
      expect(envOf(single[0]!)).not.toHaveProperty('WORKER_BUILD_ID');

      const emptyList = overrides('builds-empty.yaml', 'worker:\n  versioning:\n    builds: []\n');
      expect(renderBuilds(emptyList)).toEqual(objects);
      const versioned = workers(renderBuilds(versionedWorker()));
      expect(versioned.map((object) => object.metadata.name)).toEqual(['signaalloket-worker']);
      expect(selectorOf(versioned[0]!)).toEqual(selector);
      expect(envOf(versioned[0]!)).toMatchObject({ WORKER_BUILD_ID: '2.0.0-3f2c1a' });
    });
  });

  test('sets every variable the product reads (or the image does), and none it does not read', () => {
    // npm start's embedded services; a deployment gives their addresses instead (DATABASE_URL, SMTP_URL, …).
    const embeddedOnly = [
      'TEMPORAL_PORT',
      'TEMPORAL_UI_PORT',
      'PG_PORT',
      'SMTP_PORT',
      'MAIL_UI_PORT',
      'PG_DATA_DIR',
      'DATA_DIR',
    ];
    // With the optional settings on too (Worker Versioning), so that every variable the chart can set is seen.
    const rendered = helmTemplate(chartDir, [productionValues, versionedWorker()]);
    expect(rendered.ok).toBe(true);
    const fromChart = new Set([
      ...Object.keys(configData()),
      ...parseManifests(rendered.output)
        .filter((object) => object.kind === 'Deployment')
        .flatMap((pod) =>
          podSpec(pod).containers.flatMap((container) =>
            (container.env ?? []).map((variable) => variable.name),
          ),
        ),
    ]);
    const fromImage = imageEnvironment();
    const read = Object.keys(environmentSchema.shape);
    const unset = read.filter(
      (name) => !fromChart.has(name) && !fromImage.has(name) && !embeddedOnly.includes(name),
    );
    expect(unset).toEqual([]);
    expect([...fromChart, ...fromImage].filter((name) => !read.includes(name))).toEqual([]);
  });
});

/** The variables the runtime stage of the Containerfile sets (ENV, with continuation lines). */
function imageEnvironment(): Set<string> {
  const runtime = fs.readFileSync(containerfile, 'utf8').split(/^FROM .* AS runtime$/m)[1] ?? '';
  const names = new Set<string>();
  for (const instruction of runtime.replace(/\\\n/g, ' ').split('\n')) {
    if (!instruction.startsWith('ENV ')) continue;
    for (const pair of instruction.slice(4).trim().split(/\s+/)) names.add(pair.split('=')[0]!);
  }
  return names;
}
