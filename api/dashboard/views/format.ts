import type { MinistryCaseStatus, SignalStatus } from '../../../shared/lifecycle';
import { formatDeadlineDay } from '../../../shared/deadline-day';
import {
  labelsIn,
  ministryCaseLabels,
  SIGNAL_STATUS_LABELS as SIGNAL_STATUS_TABLE,
} from '../../../shared/status-labels';

/** Dutch labels and date formats for the dashboard. */

export const SIGNAL_STATUS_LABELS: Record<SignalStatus, string> = labelsIn('nl', SIGNAL_STATUS_TABLE);

export const SIGNAL_STATUS_ORDER: SignalStatus[] = [
  'submitted',
  'in_review',
  'changes_requested',
  'sent',
  'partially_replied',
  'replied',
  'closed',
  'rejected',
  'withdrawn',
];

export const MINISTRY_STATUS_LABELS: Record<MinistryCaseStatus, string> = ministryCaseLabels('nl');

export const EVENT_LABELS: Record<string, string> = {
  submitted: 'Signaal ingediend',
  document_added: 'Document toegevoegd',
  document_downloaded: 'Document gedownload',
  reply_document_downloaded: 'Document van een reactie gedownload',
  imported: 'Opgenomen in signaalloket (import)',
  review_started: 'Beoordeling door het LIEC gestart',
  review_reminder: 'Herinnering: beoordeling loopt af',
  review_escalated: 'Beoordelingstermijn verstreken: geëscaleerd',
  changes_requested: 'Aanpassing gevraagd aan de indiener',
  amendment_reminder: 'Herinnering aan de indiener: aanpassing',
  amendment_escalated: 'Termijn voor aanpassing verstreken: geëscaleerd',
  amended: 'Signaal aangepast door de indiener',
  rejected: 'Signaal afgewezen',
  withdrawn: 'Signaal ingetrokken',
  sent: 'Aangeboden aan de ministeries',
  ack_reminder: 'Herinnering: ontvangstbevestiging',
  ack_escalated: 'Ontvangstbevestiging te laat: geëscaleerd',
  acknowledged: 'Ontvangst bevestigd',
  reply_reminder: 'Herinnering: reactie',
  reply_escalated: 'Reactietermijn verstreken: geëscaleerd',
  extension_requested: 'Uitstel gevraagd',
  extension_approved: 'Uitstel toegekend',
  extension_refused: 'Uitstel geweigerd',
  deadline_extended: 'Reactietermijn verlengd',
  reply_received: 'Reactie ontvangen',
  reply_forwarded: 'Reactie doorgestuurd aan de indieners',
  closed: 'Signaal afgesloten',
  clock_suspended: 'Termijn opgeschort',
  clock_resumed: 'Termijn hervat',
  suspension_requested: 'Opschorting gevraagd',
  suspension_refused: 'Opschorting geweigerd',
  recommendation_outcome_recorded: 'Uitkomst van een aanbeveling vastgelegd',
  recommendation_outcome_proposed: 'Uitkomst van een aanbeveling voorgesteld door het ministerie',
  follow_up_planned: 'Opvolging van overgenomen aanbevelingen gepland',
  follow_up_requested: 'Voortgang van de opvolging gevraagd',
  follow_up_reminder: 'Herinnering: voortgang van de opvolging',
  follow_up_escalated: 'Voortgang van de opvolging te laat: geëscaleerd',
  follow_up_reported: 'Voortgang van de opvolging gemeld',
  response_link_reissued: 'Nieuwe persoonlijke link gestuurd',
  co_submitter_added: 'Mede-indiener toegevoegd',
  co_submitter_removed: 'Mede-indiener verwijderd',
};

export const ACTOR_LABELS: Record<string, string> = {
  submitter: 'indiener',
  coordinator: 'coördinator',
  ministry_contact: 'ministerie',
  system: 'systeem',
};

/** The clock a suspension is about, as the dashboard names it. */
export const CLOCK_LABELS: Record<string, string> = {
  review: 'beoordeling LIEC',
  amendment: 'aanpassing indiener',
  acknowledgement: 'ontvangstbevestiging',
  reply: 'reactie',
};

export function deadlineKindLabel(kind: string | null | undefined): string {
  if (!kind) return '';
  if (kind === 'review') return 'beoordeling LIEC';
  if (kind === 'amendment') return 'aanpassing indiener';
  const [clock, code] = kind.split(':');
  if (clock === 'ack') return `ontvangstbevestiging ${code}`;
  if (clock === 'reply') return `reactie ${code}`;
  return kind;
}

const TZ = 'Europe/Amsterdam';
const dateFormat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: TZ,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: TZ,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDate(at: Date | string | null | undefined): string {
  return at ? dateFormat.format(new Date(at)) : '';
}

/** The day a deadline instant closes ("18 dec 2026"); formatDate would show the next day (shared/deadline-day.ts). */
export function formatDeadline(at: Date | string | null | undefined): string {
  return at ? formatDeadlineDay(at, 'nl', 'short') : '';
}

export function formatDateTime(at: Date | string | null | undefined): string {
  return at ? dateTimeFormat.format(new Date(at)) : '';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Positive: days left; negative: days overdue (whole days, at least 1 once past). */
export function daysUntil(deadline: Date | string, now: Date): number {
  const ms = new Date(deadline).getTime() - now.getTime();
  return ms >= 0 ? Math.floor(ms / DAY_MS) : -Math.max(1, Math.floor(-ms / DAY_MS));
}

export function daysPhrase(days: number): string {
  if (days < 0) return `${-days} ${days === -1 ? 'dag' : 'dagen'} over termijn`;
  if (days === 0) return 'verloopt vandaag';
  return `nog ${days} ${days === 1 ? 'dag' : 'dagen'}`;
}

export const isOpenStatus = (status: string) => !['rejected', 'withdrawn', 'closed'].includes(status);
