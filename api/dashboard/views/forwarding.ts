import type { SignalDetail } from '../signal-data';
import { formatDateTime } from './format';
import { html, type Html } from './html';

/**
 * The signal page's part in forwarding replies to the submitters (api/forwardings/): which received replies still
 * wait for it, the choice of them in the "Doorsturen" form, and each reply's forwarding state.
 */
type Reply = SignalDetail['signal']['replies'][number];

/** Statuses in which the workflow takes a forwarding: the signal went to the ministries and has not ended. */
const FORWARDING_STATUSES: readonly string[] = ['sent', 'partially_replied', 'replied'];

/** Replies a ministry's case refers to (received) that the loket has not forwarded yet. */
export function unforwardedReplies(detail: SignalDetail): Reply[] {
  if (!FORWARDING_STATUSES.includes(detail.signal.status)) return [];
  return detail.signal.replies.filter((reply) => reply.cases.length > 0 && reply.forwardedAt === null);
}

const ministriesOf = (reply: Reply) => reply.cases.map((c) => c.ministry.code).join(' en ');

/** One checkbox per reply to forward, all ticked: a joint answer's letters usually go together. */
export function replyChoices(replies: readonly Reply[]): Html {
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
    <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
      Welke reactie(s)?
      <span class="utrecht-form-field-description liec-hint"
        >De indieners (ook de mede-indieners) zien daarna de tekst en de documenten, en krijgen een e-mail met
        alleen het kenmerk en een link.</span
      >
    </legend>
    ${replies.map(
      (reply) =>
        html`<label class="utrecht-form-label utrecht-form-label--checkbox liec-choice"
          ><input
            type="checkbox"
            class="utrecht-checkbox utrecht-checkbox--html-input"
            name="replies"
            value="${reply.id}"
            checked
          />
          Reactie van ${ministriesOf(reply)}, ontvangen ${formatDateTime(reply.receivedAt)}${
            reply.documents.length > 0
              ? ` (${reply.documents.length === 1 ? '1 document' : `${reply.documents.length} documenten`})`
              : ''
          }</label
        >`,
    )}
  </fieldset>`;
}

/** Under each reply on the page: whether and when it reached the submitters. */
export function replyForwardingLine(reply: Reply): Html {
  return reply.forwardedAt
    ? html`<p class="utrecht-paragraph" data-forwarded="true">
        Doorgestuurd aan de indieners op ${formatDateTime(reply.forwardedAt)}
      </p>`
    : html`<p class="utrecht-paragraph liec-muted" data-forwarded="false">
        Nog niet doorgestuurd aan de indieners
      </p>`;
}
