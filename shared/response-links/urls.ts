/** The addresses mails point to. The response path is fixed by docs/architecture.md#the-contract. */
export const RESPONSE_TOKEN_PLACEHOLDER = '@@RESPONSE_TOKEN@@';

export function responseUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/respond/${token}`;
}

export function dashboardSignalUrl(publicBaseUrl: string, signalId: string): string {
  // The dashboard (api/dashboard) serves a signal's page at the app root.
  return `${publicBaseUrl}/signals/${signalId}`;
}

export function apiSignalUrl(publicBaseUrl: string, signalId: string): string {
  return `${publicBaseUrl}/api/v1/signals/${signalId}`;
}
