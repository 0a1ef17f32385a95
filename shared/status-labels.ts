import type { Language } from './deadline-day';
import type { MinistryCaseStatus, SignalStatus } from './lifecycle';

/**
 * The words for every signal and ministry-case status, Dutch and English, in one table: the dashboard, the
 * ministry pages and the link reissue use these, so a status reads the same wherever it is shown.
 */
export type Bilingual = Record<Language, string>;

export const SIGNAL_STATUS_LABELS: Record<SignalStatus, Bilingual> = {
  submitted: { nl: 'Ingediend', en: 'Submitted' },
  in_review: { nl: 'In beoordeling', en: 'In review' },
  changes_requested: { nl: 'Aanpassing gevraagd', en: 'Changes requested' },
  rejected: { nl: 'Afgewezen', en: 'Rejected' },
  withdrawn: { nl: 'Ingetrokken', en: 'Withdrawn' },
  sent: { nl: 'Bij ministerie(s)', en: 'With the ministries' },
  partially_replied: { nl: 'Deels beantwoord', en: 'Partially replied' },
  replied: { nl: 'Beantwoord', en: 'Replied' },
  closed: { nl: 'Afgesloten', en: 'Closed' },
};

/**
 * `label` is the short form (the coordinators' lists and badges); `forContact`, where given, is what the ministry
 * contact's own page says instead, naming the step that comes next.
 */
export const MINISTRY_CASE_STATUS_LABELS: Record<
  MinistryCaseStatus,
  { label: Bilingual; forContact?: Bilingual }
> = {
  awaiting_ack: { label: { nl: 'Wacht op ontvangstbevestiging', en: 'Awaiting acknowledgement' } },
  acknowledged: {
    label: { nl: 'Ontvangst bevestigd', en: 'Receipt acknowledged' },
    forContact: { nl: 'Ontvangst bevestigd; wacht op reactie', en: 'Receipt acknowledged; awaiting reply' },
  },
  extension_requested: {
    label: { nl: 'Uitstel gevraagd', en: 'Extension requested' },
    forContact: { nl: 'Uitstel gevraagd; wacht op besluit', en: 'Extension requested; awaiting decision' },
  },
  replied: { label: { nl: 'Reactie ontvangen', en: 'Reply received' } },
  cancelled: { label: { nl: 'Vervallen', en: 'Cancelled' } },
};

/** One language's column of a label table, e.g. the Dutch signal labels of the dashboard. */
export function labelsIn<Status extends string>(
  language: Language,
  table: Record<Status, Bilingual>,
): Record<Status, string> {
  return Object.fromEntries(
    Object.entries<Bilingual>(table).map(([status, words]) => [status, words[language]]),
  ) as Record<Status, string>;
}

/** The ministry-case labels in one language, as coordinators or as the contact see them. */
export function ministryCaseLabels(
  language: Language,
  audience: 'coordinator' | 'contact' = 'coordinator',
): Record<MinistryCaseStatus, string> {
  return Object.fromEntries(
    Object.entries(MINISTRY_CASE_STATUS_LABELS).map(([status, { label, forContact }]) => [
      status,
      (audience === 'contact' ? (forContact ?? label) : label)[language],
    ]),
  ) as Record<MinistryCaseStatus, string>;
}
