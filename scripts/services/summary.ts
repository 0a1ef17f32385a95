import { DEMO_COORDINATOR } from '../seed/data';
import type { SeedResult } from '../seed/demo';

/**
 * What npm start and npm run cluster print once everything runs: one labelled address per line, so a person finds
 * the dashboard, the API and its documentation, the inboxes and the operations endpoints, and the demo login.
 */
export interface RunningSummary {
  title: string;
  /** The public address (the API process, or the load balancer in front of the replicas). */
  base: string;
  seeded: SeedResult;
  /** Rows after the API documentation: the Temporal UI, the mail inbox, where the data lives. */
  services: Array<[label: string, value: string | undefined]>;
  /** Rows after the public health check: readiness, metrics, the load balancer's page. */
  operations: Array<[label: string, value: string]>;
  /** How to run the admin CLI against this data folder (default `npm run admin`). */
  adminCommand?: string;
}

const LABEL_WIDTH = 24;
const row = (label: string, value: string): string => `  ${label.padEnd(LABEL_WIDTH)} ${value}`;

export function formatRunningSummary(summary: RunningSummary): string {
  const { base, seeded } = summary;
  const login = seeded.coordinatorLogin
    ? `${seeded.coordinatorLogin.email} / ${seeded.coordinatorLogin.password}`
    : `${DEMO_COORDINATOR.email} (password shown at the first start; a new one: ` +
      `${summary.adminCommand ?? 'npm run admin'} -- user password --email ${DEMO_COORDINATOR.email})`;
  return [
    '',
    summary.title,
    row('Dashboard (coordinators)', `${base}/`),
    row('    log in as', login),
    row('REST API', `${base}/api/v1`),
    row('API documentation', `${base}/api/v1/docs  (OpenAPI: ${base}/openapi.json)`),
    ...summary.services.flatMap(([label, value]) => (value ? [row(label, value)] : [])),
    row('Health', `${base}/healthz`),
    ...summary.operations.map(([label, value]) => row(label, value)),
    ...(seeded.submitterApiKey
      ? [row('Demo RIEC API key', `${seeded.submitterApiKey}  (shown on first start only)`)]
      : []),
    '',
  ].join('\n');
}
