import type { DashboardUser } from './login';

/** Posts a decision form as the page would (a list value is a group of checkboxes). */
export function postDecision(user: DashboardUser, signalId: string, form: Record<string, string | string[]>) {
  const fields = new URLSearchParams({ _csrf: user.csrf });
  for (const [name, value] of Object.entries(form)) {
    for (const one of Array.isArray(value) ? value : [value]) fields.append(name, one);
  }
  return user.agent.post(`/signals/${signalId}/decisions`).type('form').send(fields.toString());
}
