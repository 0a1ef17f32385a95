import type { ActorType, ClockKind, MinistryCaseStatus, SignalStatus } from './lifecycle';
import { MINISTRY_CASE_STATUS_IN_SENTENCE_NL, SIGNAL_STATUS_IN_SENTENCE } from './status-labels';

/**
 * Why a decision was not taken: a code with typed parameters, and one catalogue that words it in English and
 * Dutch. The workflow builds its refusal's message from the English text (so what the API returns as `detail`
 * and what the catalogue says never drift apart); the dashboard and the ministry pages read the code and show
 * the Dutch (or English) text. Pure: imported by workflows as well as by the API.
 */

/** The decisions a rule can be about; each is worded differently depending on the sentence it stands in. */
export type RefusalAction =
  | 'review'
  | 'amend'
  | 'withdraw'
  | 'acknowledge'
  | 'request_extension'
  | 'decide_extension'
  | 'extend_deadline'
  | 'record_reply'
  | 'forward_replies'
  | 'close'
  | 'suspend_clock'
  | 'resume_clock'
  | 'request_suspension'
  | 'decide_suspension'
  | 'record_outcome'
  | 'propose_outcome'
  | 'report_follow_up';

/** What needs a reason, as the rule says it. */
export type ReasonSubject =
  | 'note'
  | 'request_changes'
  | 'reject'
  | 'withdraw'
  | 'extension_request'
  | 'extension_decision'
  | 'extend_deadline'
  | 'suspension'
  | 'suspension_request'
  | 'suspension_decision'
  | 'not_adopted'
  | 'follow_up';

export interface RefusalParams {
  actor_missing: Record<string, never>;
  actor_not_allowed: { actorType: ActorType; action: RefusalAction; allowed: ActorType[] };
  reason_required: { subject: ReasonSubject };
  reason_too_long: { maxLength: number };
  signal_ended: { action: RefusalAction; status: SignalStatus };
  not_in_review: { status: SignalStatus };
  ministry_codes_missing: Record<string, never>;
  ministry_code_format: Record<string, never>;
  ministry_listed_twice: Record<string, never>;
  review_decision_unknown: Record<string, never>;
  extension_decision_unknown: Record<string, never>;
  not_amendable: { status: SignalStatus };
  ministry_code_missing: Record<string, never>;
  not_sent_to_any_ministry: { action: RefusalAction };
  not_sent_to_ministry: { action: RefusalAction; ministryCode: string };
  ministry_withdrawn: { action: 'acknowledge' | 'record_reply'; ministryCode: string };
  extension_ministry_closed: { ministryCode: string; replied: boolean };
  extension_pending: { requestedAt: string };
  new_deadline_choice: Record<string, never>;
  due_date_format: Record<string, never>;
  extra_days_range: Record<string, never>;
  no_pending_extension: { ministryCode: string };
  extend_ministry_closed: { ministryCode: string; status: MinistryCaseStatus };
  reply_ministry_missing: Record<string, never>;
  reply_id_missing: Record<string, never>;
  reply_channel_unknown: Record<string, never>;
  already_replied: { ministryCode: string; repliedAt: string };
  received_at_invalid: Record<string, never>;
  received_at_future: Record<string, never>;
  received_at_before_sent: Record<string, never>;
  close_not_replied: { status: SignalStatus };
  close_replies_not_forwarded: { count: number };
  forward_replies_missing: Record<string, never>;
  reply_listed_twice: Record<string, never>;
  reply_not_received: { replyId: string };
  reply_already_forwarded: { replyId: string; forwardedAt: string };
  requested_date_not_later: { requestedDate: string; currentDate: string };
  new_date_not_later: { newDate: string; currentDate: string };
  ministry_not_addressed: { ministryCode: string };
  clock_unknown: Record<string, never>;
  clock_ministry_code: { clock: ClockKind };
  clock_not_running: { action: RefusalAction; clock: ClockKind; ministryCode?: string };
  clock_already_suspended: { clock: ClockKind; ministryCode?: string; since: string };
  clock_not_suspended: { clock: ClockKind; ministryCode?: string };
  reply_clock_suspended: { action: RefusalAction; ministryCode: string; since: string };
  suspension_pending: { action: RefusalAction; ministryCode: string; requestedAt: string };
  extension_pending_suspension: { ministryCode: string; requestedAt: string };
  no_pending_suspension: { ministryCode: string };
  suspension_decision_unknown: Record<string, never>;
  recommendation_id_missing: Record<string, never>;
  outcome_unknown: Record<string, never>;
  outcome_ministry_withdrawn: { action: RefusalAction; ministryCode: string };
  no_follow_up: { ministryCode: string };
  follow_up_already_reported: { ministryCode: string; reportedAt: string };
  follow_up_progress_unknown: Record<string, never>;
  // Business errors of activities (a look-up the rules cannot do).
  unknown_ministries: { ministryCodes: string[] };
  ministry_not_found: { ministryCode: string };
  unknown_reply: { replyId: string };
  invalid_deadline: { detail: string };
  invalid_policy: { detail: string };
  signal_not_found: { signalId: string };
  /** A refusal without a code (from code that predates the catalogue): its own words, in both languages. */
  unrecognised: { message: string };
}

export type RefusalCode = keyof RefusalParams;

/** A refusal as data: the code and its parameters, typed per code. */
export type CodedRefusal = { [C in RefusalCode]: { code: C; params: RefusalParams[C] } }[RefusalCode];

/** Refused: not allowed now (the API's 409). Invalid: the input cannot be used (400). */
export type RefusalKind = 'refused' | 'invalid';

interface Entry<P> {
  kind: RefusalKind;
  en: (params: P) => string;
  nl: (params: P) => string;
}

export type RefusalLanguage = 'nl' | 'en';

// "a coordinator cannot <...>" (who may act) and "cannot <...>: the signal is ..." (when) word the action apart.
const ACTOR_PHRASE: Record<RefusalAction, string> = {
  review: 'review a signal',
  amend: 'amend a signal',
  withdraw: 'withdraw a signal',
  acknowledge: 'acknowledge receipt',
  request_extension: 'request an extension',
  decide_extension: 'decide on an extension',
  extend_deadline: 'extend a deadline',
  record_reply: 'record a reply',
  forward_replies: 'forward a reply',
  close: 'close a signal',
  suspend_clock: 'suspend a clock',
  resume_clock: 'resume a clock',
  request_suspension: 'request a suspension',
  decide_suspension: 'decide on a suspension request',
  record_outcome: 'record the outcome of a recommendation',
  propose_outcome: 'propose the outcome of a recommendation',
  report_follow_up: 'report the progress of a follow-up',
};
const STATE_PHRASE: Record<RefusalAction, string> = {
  review: 'review',
  amend: 'amend',
  withdraw: 'withdraw',
  acknowledge: 'acknowledge',
  request_extension: 'request an extension',
  decide_extension: 'decide on an extension',
  extend_deadline: 'extend the deadline',
  record_reply: 'record a reply',
  forward_replies: 'forward a reply',
  close: 'close',
  suspend_clock: 'suspend',
  resume_clock: 'resume',
  request_suspension: 'request a suspension',
  decide_suspension: 'decide on the suspension request',
  record_outcome: 'record an outcome',
  propose_outcome: 'propose an outcome',
  report_follow_up: 'report progress',
};
const ACTOR_NL: Record<ActorType, string> = {
  submitter: 'een indiener',
  coordinator: 'een coördinator',
  ministry_contact: 'een contactpersoon van een ministerie',
  system: 'het systeem',
};
const ACTOR_LIST_NL: Record<ActorType, string> = {
  submitter: 'indiener',
  coordinator: 'coördinator',
  ministry_contact: 'contactpersoon ministerie',
  system: 'systeem',
};
const REASON_SUBJECT: Record<ReasonSubject, string> = {
  note: 'a note',
  request_changes: 'requesting changes',
  reject: 'rejecting',
  withdraw: 'withdrawing',
  extension_request: 'an extension request',
  extension_decision: 'a decision',
  extend_deadline: 'extending a deadline',
  suspension: 'suspending a clock',
  suspension_request: 'a suspension request',
  suspension_decision: 'a decision',
  not_adopted: 'not adopting a recommendation',
  follow_up: 'a progress report',
};

/** "the reply clock of BZ" / "de reactietermijn van BZ": the clock a suspension rule is about. */
const CLOCK_EN: Record<ClockKind, string> = {
  review: 'the review clock',
  amendment: 'the amendment clock',
  acknowledgement: 'the acknowledgement clock',
  reply: 'the reply clock',
};
const CLOCK_NL: Record<ClockKind, string> = {
  review: 'de beoordelingstermijn',
  amendment: 'de termijn voor aanpassing',
  acknowledgement: 'de termijn voor de ontvangstbevestiging',
  reply: 'de reactietermijn',
};
export function clockName(
  clock: ClockKind,
  ministryCode: string | undefined,
  language: RefusalLanguage,
): string {
  const name = (language === 'nl' ? CLOCK_NL : CLOCK_EN)[clock];
  return ministryCode ? `${name} ${language === 'nl' ? 'van' : 'of'} ${ministryCode}` : name;
}

const entry = <P>(kind: RefusalKind, en: (p: P) => string, nl: (p: P) => string): Entry<P> => ({
  kind,
  en,
  nl,
});
const fixed = (kind: RefusalKind, en: string, nl: string): Entry<Record<string, never>> =>
  entry(
    kind,
    () => en,
    () => nl,
  );

export const REFUSAL_CATALOGUE: { [C in RefusalCode]: Entry<RefusalParams[C]> } = {
  actor_missing: fixed(
    'invalid',
    'every decision needs an actor with a type and a label',
    'elk besluit heeft een actor met een soort en een naam nodig.',
  ),
  actor_not_allowed: entry(
    'refused',
    (p) =>
      `a ${p.actorType.replace('_', ' ')} cannot ${ACTOR_PHRASE[p.action]}; allowed: ${p.allowed.join(', ')}`,
    (p) =>
      `${ACTOR_NL[p.actorType]} mag dit besluit niet nemen; dat mag: ${p.allowed.map((a) => ACTOR_LIST_NL[a]).join(', ')}.`,
  ),
  reason_required: entry(
    'invalid',
    (p) => `${REASON_SUBJECT[p.subject]} needs a reason`,
    () => 'geef een reden op.',
  ),
  reason_too_long: entry(
    'invalid',
    (p) => `the reason is longer than ${p.maxLength} characters`,
    (p) => `de toelichting is langer dan ${p.maxLength} tekens.`,
  ),
  signal_ended: entry(
    'refused',
    (p) => `cannot ${STATE_PHRASE[p.action]}: the signal is ${SIGNAL_STATUS_IN_SENTENCE[p.status].en}`,
    (p) => `het signaal is ${SIGNAL_STATUS_IN_SENTENCE[p.status].nl}.`,
  ),
  not_in_review: entry(
    'refused',
    (p) => `cannot review: the signal is ${SIGNAL_STATUS_IN_SENTENCE[p.status].en}, not in review`,
    (p) => `het signaal is ${SIGNAL_STATUS_IN_SENTENCE[p.status].nl} en niet meer in beoordeling.`,
  ),
  ministry_codes_missing: fixed(
    'invalid',
    'accepting needs at least one ministry code',
    'kies ten minste één ministerie.',
  ),
  ministry_code_format: fixed(
    'invalid',
    'ministry codes are short codes of letters, digits, - and _',
    'een ministeriecode bestaat uit letters, cijfers, - en _.',
  ),
  ministry_listed_twice: fixed(
    'invalid',
    'a ministry is listed twice',
    'een ministerie is twee keer gekozen.',
  ),
  review_decision_unknown: fixed(
    'invalid',
    'decision must be accept, request_changes or reject',
    'kies accepteren, om aanpassing vragen of afwijzen.',
  ),
  extension_decision_unknown: fixed(
    'invalid',
    'decision must be approve or refuse',
    'kies toekennen of weigeren.',
  ),
  not_amendable: entry(
    'refused',
    (p) =>
      `cannot amend: no changes were requested (the signal is ${SIGNAL_STATUS_IN_SENTENCE[p.status].en})`,
    (p) =>
      `er is niet om een aanpassing gevraagd (het signaal is ${SIGNAL_STATUS_IN_SENTENCE[p.status].nl}).`,
  ),
  ministry_code_missing: fixed('invalid', 'a ministry code is required', 'kies een ministerie.'),
  not_sent_to_any_ministry: entry(
    'refused',
    (p) => `cannot ${STATE_PHRASE[p.action]}: the signal has not been sent to any ministry`,
    () => 'het signaal is nog aan geen enkel ministerie aangeboden.',
  ),
  not_sent_to_ministry: entry(
    'refused',
    (p) => `cannot ${STATE_PHRASE[p.action]}: the signal was not sent to ministry ${p.ministryCode}`,
    (p) => `het signaal is niet aan ${p.ministryCode} aangeboden.`,
  ),
  ministry_withdrawn: entry(
    'refused',
    (p) =>
      p.action === 'acknowledge'
        ? 'cannot acknowledge: this ministry was withdrawn from'
        : `cannot record a reply: ministry ${p.ministryCode} was withdrawn from`,
    (p) => `${p.ministryCode} is van dit signaal afgehaald.`,
  ),
  extension_ministry_closed: entry(
    'refused',
    (p) =>
      `cannot request an extension: ministry ${p.ministryCode} has ${p.replied ? 'already replied' : 'been withdrawn from'}`,
    (p) =>
      p.replied
        ? `${p.ministryCode} heeft al gereageerd.`
        : `${p.ministryCode} is van dit signaal afgehaald.`,
  ),
  extension_pending: entry(
    'refused',
    (p) => `cannot request an extension: a request of ${p.requestedAt} awaits a decision`,
    (p) => `er ligt al een verzoek om uitstel (van ${p.requestedAt}) dat op een besluit wacht.`,
  ),
  new_deadline_choice: fixed(
    'invalid',
    'give either a new date (dueDate) or a number of extra working days',
    'geef een nieuwe datum of een aantal extra werkdagen op, niet allebei.',
  ),
  due_date_format: fixed(
    'invalid',
    'dueDate must be a date as YYYY-MM-DD',
    'geef een geldige nieuwe datum op.',
  ),
  extra_days_range: fixed(
    'invalid',
    'extraWorkingDays must be a whole number from 1 to 260',
    'het aantal extra werkdagen is een geheel getal van 1 tot en met 260.',
  ),
  no_pending_extension: entry(
    'refused',
    (p) => `cannot decide: ministry ${p.ministryCode} has no pending extension request`,
    (p) => `er ligt geen uitstelverzoek van ${p.ministryCode} (meer) voor.`,
  ),
  extend_ministry_closed: entry(
    'refused',
    (p) => `cannot extend the deadline: ministry ${p.ministryCode} is ${p.status}`,
    (p) =>
      `de reactietermijn van ${p.ministryCode} kan niet worden verlengd: de stand is "${MINISTRY_CASE_STATUS_IN_SENTENCE_NL[p.status]}".`,
  ),
  reply_ministry_missing: fixed(
    'invalid',
    'a reply names at least one ministry code',
    'kies het ministerie (of de ministeries) van wie de reactie komt.',
  ),
  reply_id_missing: fixed('invalid', 'replyId is required', 'de reactie zelf ontbreekt.'),
  reply_channel_unknown: fixed(
    'invalid',
    "channel must be 'link' or 'post'",
    'een reactie komt via de persoonlijke link of per post.',
  ),
  already_replied: entry(
    'refused',
    (p) => `cannot record a reply: ministry ${p.ministryCode} already replied on ${p.repliedAt}`,
    (p) => `${p.ministryCode} heeft al gereageerd (op ${p.repliedAt}).`,
  ),
  received_at_invalid: fixed(
    'invalid',
    'receivedAt must be a date-time with a time zone',
    'geef een geldige datum van ontvangst op.',
  ),
  received_at_future: fixed(
    'invalid',
    'receivedAt lies in the future',
    'de datum van ontvangst ligt in de toekomst.',
  ),
  received_at_before_sent: fixed(
    'invalid',
    'receivedAt lies before the signal was sent',
    'de datum van ontvangst ligt vóór het aanbieden van het signaal.',
  ),
  close_not_replied: entry(
    'refused',
    (p) =>
      `cannot close: the signal is ${SIGNAL_STATUS_IN_SENTENCE[p.status].en}; it closes once every ministry replied`,
    (p) =>
      `het signaal is ${SIGNAL_STATUS_IN_SENTENCE[p.status].nl}; het kan pas worden afgesloten als elk ministerie heeft gereageerd.`,
  ),
  close_replies_not_forwarded: entry(
    'refused',
    (p) =>
      `cannot close: ${p.count === 1 ? '1 reply has' : `${p.count} replies have`} not been forwarded to the submitters; forward ${p.count === 1 ? 'it' : 'them'} first, or give the reason why not (unforwardedReason)`,
    (p) =>
      `${p.count === 1 ? 'één reactie is' : `${p.count} reacties zijn`} nog niet aan de indieners doorgestuurd; stuur ${p.count === 1 ? 'die' : 'ze'} eerst door, of geef een reden op waarom niet.`,
  ),
  forward_replies_missing: fixed(
    'invalid',
    'a forwarding names at least one reply',
    'kies ten minste één reactie om door te sturen.',
  ),
  reply_listed_twice: fixed('invalid', 'a reply is listed twice', 'een reactie is twee keer gekozen.'),
  reply_not_received: entry(
    'refused',
    (p) => `cannot forward: reply ${p.replyId} is not a reply this signal received`,
    () => 'deze reactie is niet als ontvangen reactie bij dit signaal vastgelegd.',
  ),
  reply_already_forwarded: entry(
    'refused',
    (p) => `cannot forward: reply ${p.replyId} was already forwarded on ${p.forwardedAt}`,
    (p) => `deze reactie is al doorgestuurd (op ${p.forwardedAt}).`,
  ),
  requested_date_not_later: entry(
    'invalid',
    (p) =>
      `the requested date ${p.requestedDate} is not later than the current reply deadline ${p.currentDate}`,
    (p) => `de gevraagde datum ${p.requestedDate} ligt niet na de huidige reactietermijn (${p.currentDate}).`,
  ),
  new_date_not_later: entry(
    'invalid',
    (p) => `the new date ${p.newDate} is not later than the current reply deadline ${p.currentDate}`,
    (p) => `de nieuwe datum ${p.newDate} ligt niet na de huidige reactietermijn (${p.currentDate}).`,
  ),
  ministry_not_addressed: entry(
    'invalid',
    (p) => `unknown ministry ${p.ministryCode}`,
    (p) => `het signaal is niet aan ministerie ${p.ministryCode} gericht.`,
  ),
  clock_unknown: fixed(
    'invalid',
    'clock must be review, amendment, acknowledgement or reply',
    'kies de beoordelingstermijn, de termijn voor aanpassing, of de termijn voor de ontvangstbevestiging of de reactie van een ministerie.',
  ),
  clock_ministry_code: entry(
    'invalid',
    (p) =>
      p.clock === 'review' || p.clock === 'amendment'
        ? `${CLOCK_EN[p.clock]} is the signal's own: it takes no ministry code`
        : `${CLOCK_EN[p.clock]} belongs to a ministry: give its code`,
    (p) =>
      p.clock === 'review' || p.clock === 'amendment'
        ? `${CLOCK_NL[p.clock]} hoort bij het signaal zelf, niet bij een ministerie.`
        : `kies het ministerie van ${CLOCK_NL[p.clock]}.`,
  ),
  clock_not_running: entry(
    'refused',
    (p) =>
      `cannot ${STATE_PHRASE[p.action]}: ${clockName(p.clock, p.ministryCode, 'en')} is not running (not started, or ended)`,
    (p) => `${clockName(p.clock, p.ministryCode, 'nl')} loopt niet (nog niet, of niet meer).`,
  ),
  clock_already_suspended: entry(
    'refused',
    (p) =>
      `cannot suspend: ${clockName(p.clock, p.ministryCode, 'en')} is already suspended since ${p.since}`,
    (p) => `${clockName(p.clock, p.ministryCode, 'nl')} is al opgeschort sinds ${p.since}.`,
  ),
  clock_not_suspended: entry(
    'refused',
    (p) => `cannot resume: ${clockName(p.clock, p.ministryCode, 'en')} is not suspended`,
    (p) => `${clockName(p.clock, p.ministryCode, 'nl')} is niet opgeschort.`,
  ),
  reply_clock_suspended: entry(
    'refused',
    (p) =>
      `cannot ${STATE_PHRASE[p.action]}: the reply clock of ${p.ministryCode} is suspended since ${p.since}; resume it first`,
    (p) => `de reactietermijn van ${p.ministryCode} is opgeschort sinds ${p.since}; hervat die eerst.`,
  ),
  suspension_pending: entry(
    'refused',
    (p) =>
      `cannot ${STATE_PHRASE[p.action]}: a suspension request of ${p.ministryCode} of ${p.requestedAt} awaits a decision`,
    (p) =>
      `er ligt al een verzoek om opschorting van ${p.ministryCode} (van ${p.requestedAt}) dat op een besluit wacht.`,
  ),
  extension_pending_suspension: entry(
    'refused',
    (p) =>
      `cannot suspend the reply clock: an extension request of ${p.ministryCode} of ${p.requestedAt} awaits a decision first`,
    (p) => `er ligt een uitstelverzoek van ${p.ministryCode} (van ${p.requestedAt}); beslis daar eerst over.`,
  ),
  no_pending_suspension: entry(
    'refused',
    (p) => `cannot decide: ministry ${p.ministryCode} has no pending suspension request`,
    (p) => `er ligt geen verzoek om opschorting van ${p.ministryCode} (meer) voor.`,
  ),
  suspension_decision_unknown: fixed(
    'invalid',
    'decision must be grant or refuse',
    'kies toekennen of weigeren.',
  ),
  recommendation_id_missing: fixed(
    'invalid',
    'a recommendation id is required',
    'kies de aanbeveling waarover het gaat.',
  ),
  outcome_unknown: fixed(
    'invalid',
    'outcome must be under_consideration, adopted, partly_adopted or not_adopted',
    'kies in behandeling, overgenomen, deels overgenomen of niet overgenomen.',
  ),
  no_follow_up: entry(
    'refused',
    (p) =>
      `cannot report progress: ministry ${p.ministryCode} has no follow-up (it took up no recommendation yet)`,
    (p) =>
      `er loopt geen opvolging voor ${p.ministryCode}: het ministerie heeft (nog) geen aanbeveling overgenomen.`,
  ),
  follow_up_already_reported: entry(
    'refused',
    (p) => `cannot report progress: ministry ${p.ministryCode} already reported it on ${p.reportedAt}`,
    (p) => `de voortgang is al gemeld (op ${p.reportedAt}).`,
  ),
  follow_up_progress_unknown: fixed(
    'invalid',
    'progress must be implemented, in_progress or dropped',
    'kies uitgevoerd, in uitvoering of afgezien.',
  ),
  outcome_ministry_withdrawn: entry(
    'refused',
    (p) => `cannot ${STATE_PHRASE[p.action]}: ministry ${p.ministryCode} was withdrawn from the signal`,
    (p) => `${p.ministryCode} is van dit signaal afgehaald.`,
  ),
  unknown_ministries: entry(
    'invalid',
    (p) => `unknown ministry code(s): ${p.ministryCodes.join(', ')}`,
    (p) => `onbekende ministeriecode(s): ${p.ministryCodes.join(', ')}.`,
  ),
  ministry_not_found: entry(
    'invalid',
    (p) => `no ministry with code ${p.ministryCode}`,
    (p) => `er is geen ministerie met code ${p.ministryCode}.`,
  ),
  unknown_reply: entry(
    'invalid',
    (p) => `reply ${p.replyId} is not a stored reply to this signal`,
    () => 'deze reactie hoort niet bij dit signaal.',
  ),
  invalid_deadline: entry(
    'invalid',
    (p) => p.detail,
    () => 'de gekozen datum kan niet als termijn worden gebruikt.',
  ),
  invalid_policy: entry(
    'invalid',
    (p) => p.detail,
    () => 'het termijnbeleid van dit signaal is ongeldig; neem contact op met de beheerder.',
  ),
  signal_not_found: entry(
    'invalid',
    (p) => `signal ${p.signalId} has no row in the database`,
    () => 'dit signaal staat niet in de database.',
  ),
  unrecognised: entry(
    'invalid',
    (p) => p.message,
    (p) => p.message,
  ),
};

/** Builds a refusal with its parameters checked against its code. */
export function codedRefusal<C extends RefusalCode>(code: C, params: RefusalParams[C]): CodedRefusal {
  return { code, params } as CodedRefusal;
}

function entryOf(refusal: CodedRefusal): Entry<unknown> {
  return REFUSAL_CATALOGUE[refusal.code] as Entry<unknown>;
}

export function refusalKind(refusal: CodedRefusal): RefusalKind {
  return entryOf(refusal).kind;
}

/** The refusal in words; the English text is exactly the message the workflow gave it. */
export function refusalText(refusal: CodedRefusal, language: RefusalLanguage): string {
  return entryOf(refusal)[language](refusal.params);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The refusal a failure carries in its details (as the workflow and activities put it there); anything else,
 * or a code this catalogue does not know, keeps the failure's own message.
 */
export function refusalFromDetails(
  details: readonly unknown[] | null | undefined,
  message: string,
): CodedRefusal {
  const first = details?.[0];
  if (isRecord(first) && typeof first.code === 'string' && isRecord(first.params)) {
    if (Object.prototype.hasOwnProperty.call(REFUSAL_CATALOGUE, first.code)) {
      const candidate = { code: first.code, params: first.params } as CodedRefusal;
      try {
        // Parameters from another version may not fit: the refusal is only used when both texts can be built.
        refusalText(candidate, 'en');
        refusalText(candidate, 'nl');
        return candidate;
      } catch {
        // fall through to the message
      }
    }
  }
  return { code: 'unrecognised', params: { message } };
}
