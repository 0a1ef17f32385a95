import type { SignalDetail } from '../signal-data';
import {
  ACTOR_LABELS,
  CLOCK_LABELS,
  EVENT_LABELS,
  formatDate,
  formatDateTime,
  formatDeadline,
} from './format';
import { html, type Html } from './html';
import { FOLLOW_UP_PROGRESS_LABELS, OUTCOME_LABELS } from '../../../shared/recommendation-labels';
import type { FollowUpProgress } from '../../../shared/follow-up';
import type { RecommendationOutcome } from '../../../shared/recommendation-outcomes';

interface TimelineEntry {
  at: Date;
  kind: 'event' | 'escalation' | 'mail' | 'link';
  what: string;
  who: string;
  detail?: string;
}

const MAIL_STATUS: Record<string, string> = {
  pending: 'in de wachtrij',
  sent: 'verzonden',
  failed: 'mislukt',
};

function describeEventData(type: string, data: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  if (typeof data.clock === 'string') parts.push(`termijn ${CLOCK_LABELS[data.clock] ?? data.clock}`);
  const codes = Array.isArray(data.ministryCodes) ? (data.ministryCodes as string[]) : [];
  if (codes.length > 0) parts.push(`${data.joint ? 'gezamenlijk: ' : ''}${codes.join(', ')}`);
  if (type.startsWith('recommendation_outcome_') && typeof data.outcome === 'string') {
    const label = OUTCOME_LABELS[data.outcome as RecommendationOutcome]?.nl ?? data.outcome;
    const previous = OUTCOME_LABELS[data.previousOutcome as RecommendationOutcome]?.nl;
    parts.push(`${label.toLowerCase()}${previous ? ` (was ${previous.toLowerCase()})` : ''}`);
    if (data.proposal === 'confirmed') parts.push('voorstel van het ministerie bevestigd');
    if (data.proposal === 'overruled') parts.push('anders dan het voorstel van het ministerie');
  }
  if (type === 'follow_up_reported' && typeof data.progress === 'string') {
    const label = FOLLOW_UP_PROGRESS_LABELS[data.progress as FollowUpProgress]?.nl ?? data.progress;
    parts.push(label.toLowerCase());
  }
  if (type === 'follow_up_planned' && typeof data.requestAt === 'string')
    parts.push(`voortgang gevraagd per ${formatDate(data.requestAt)}`);
  if (typeof data.reason === 'string' && data.reason) parts.push(`reden: ${data.reason}`);
  if (typeof data.note === 'string' && data.note) parts.push(`toelichting: ${data.note}`);
  if (typeof data.unforwardedReason === 'string' && data.unforwardedReason)
    parts.push(`niet doorgestuurd: ${data.unforwardedReason}`);
  if (typeof data.channel === 'string')
    parts.push(data.channel === 'post' ? 'per post' : 'via de persoonlijke link');
  const due = data.dueAt ?? data.replyDueAt ?? data.newDueAt ?? data.requestedDueAt;
  if (typeof due === 'string' && type !== 'imported') parts.push(`termijn ${formatDeadline(due)}`);
  if (typeof data.previousDueAt === 'string') parts.push(`was ${formatDeadline(data.previousDueAt)}`);
  if (typeof data.level === 'number' && data.level > 0) parts.push(`escalatie ${data.level}`);
  if (typeof data.suspendedSince === 'string')
    parts.push(`opgeschort sinds ${formatDate(data.suspendedSince)}`);
  if (typeof data.workingDaysGivenBack === 'number') {
    const days = data.workingDaysGivenBack;
    parts.push(`${days} ${days === 1 ? 'werkdag' : 'werkdagen'} teruggegeven`);
  }
  if (typeof data.decisionReason === 'string' && data.decisionReason)
    parts.push(`toelichting: ${data.decisionReason}`);
  if (data.imported === true) parts.push('historisch, geïmporteerd');
  if (typeof data.organisationName === 'string' && type.startsWith('co_submitter_'))
    parts.push(`${data.organisationName} (${String(data.organisationCode)})`);
  if (type === 'response_link_reissued') {
    parts.push(data.contactRole === 'escalation' ? 'aan het escalatiecontact' : 'aan de contactpersoon');
    const revoked = typeof data.revokedLinks === 'number' ? data.revokedLinks : 0;
    parts.push(
      `${revoked === 1 ? '1 oude link' : `${revoked} oude links`} ingetrokken${data.revokeOthers === true ? ', ook van andere contactpersonen' : ''}`,
    );
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** Every event, mail and link of the signal, oldest first: what happened, who did it, when. */
export function timelineEntries(detail: SignalDetail): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const event of detail.signal.events) {
    const data = (event.data ?? {}) as Record<string, unknown>;
    const label = EVENT_LABELS[event.type] ?? event.type;
    entries.push({
      at: event.at,
      kind: event.type.endsWith('_escalated') ? 'escalation' : 'event',
      what: event.ministryCode ? `${label} (${event.ministryCode})` : label,
      who: `${event.actorLabel}${event.actorType !== 'system' ? ` (${ACTOR_LABELS[event.actorType] ?? event.actorType})` : ''}`,
      detail: describeEventData(event.type, data),
    });
  }
  for (const mail of detail.mails) {
    entries.push({
      at: mail.sentAt ?? mail.createdAt,
      kind: 'mail',
      what: `E-mail ${MAIL_STATUS[mail.status] ?? mail.status}: ${mail.subject}`,
      who: `aan ${mail.toAddress}`,
      detail: mail.status === 'failed' ? `na ${mail.attempts} pogingen niet afgeleverd` : undefined,
    });
  }
  for (const link of detail.links) {
    const who = `${link.contact.name} <${link.contact.email}> (${link.ministryCode})`;
    entries.push({
      at: link.issuedAt,
      kind: 'link',
      what: `Persoonlijke link uitgegeven`,
      who,
      detail: link.expiresAt ? `geldig tot ${formatDate(link.expiresAt)}` : 'geldig zolang de zaak loopt',
    });
    if (link.firstOpenedAt)
      entries.push({ at: link.firstOpenedAt, kind: 'link', what: 'Persoonlijke link geopend', who });
    if (link.lastUsedAt)
      entries.push({ at: link.lastUsedAt, kind: 'link', what: 'Persoonlijke link gebruikt', who });
    if (link.revokedAt)
      entries.push({ at: link.revokedAt, kind: 'link', what: 'Persoonlijke link ingetrokken', who });
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function renderTimeline(detail: SignalDetail): Html {
  const entries = timelineEntries(detail);
  if (entries.length === 0) return html`<p class="utrecht-paragraph liec-muted">Nog geen gebeurtenissen.</p>`;
  return html`<ol class="liec-timeline">
    ${entries.map(
      (entry) =>
        html`<li class="is-${entry.kind}">
          <time datetime="${entry.at.toISOString()}">${formatDateTime(entry.at)}</time>
          <span class="liec-timeline__what">${entry.what}</span><br />
          <span class="liec-timeline__who">${entry.who}</span>
          ${entry.detail ? html`<br /><span class="liec-muted">${entry.detail}</span>` : ''}
        </li>`,
    )}
  </ol>`;
}
