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

/**
 * The same statuses as words inside a sentence ("the signal is in review", "het signaal is in beoordeling"), for
 * the refusal catalogue: its English words are part of the API's `detail` texts, so they stay as they are.
 */
export const SIGNAL_STATUS_IN_SENTENCE: Record<SignalStatus, Bilingual> = {
  submitted: { en: 'submitted', nl: 'ingediend' },
  in_review: { en: 'in review', nl: 'in beoordeling' },
  changes_requested: {
    en: 'waiting for changes by the submitter',
    nl: 'in afwachting van een aanpassing door de indiener',
  },
  rejected: { en: 'rejected', nl: 'afgewezen' },
  withdrawn: { en: 'withdrawn', nl: 'ingetrokken' },
  sent: { en: 'sent to the ministries', nl: 'aangeboden aan de ministeries' },
  partially_replied: { en: 'partially replied', nl: 'deels beantwoord' },
  replied: { en: 'replied', nl: 'beantwoord' },
  closed: { en: 'closed', nl: 'afgesloten' },
};

/** A ministry case's status inside a Dutch sentence (the English refusals name the status code itself). */
export const MINISTRY_CASE_STATUS_IN_SENTENCE_NL: Record<MinistryCaseStatus, string> = {
  awaiting_ack: 'nog niet bevestigd',
  acknowledged: 'bevestigd',
  extension_requested: 'in afwachting van een besluit over uitstel',
  replied: 'beantwoord',
  cancelled: 'vervallen',
};
