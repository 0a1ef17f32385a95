import { FOLLOW_UP_PROGRESS } from '../../../shared/follow-up';
import { FOLLOW_UP_PROGRESS_LABELS } from '../../../shared/recommendation-labels';
import type { SignalDetail } from '../signal-data';
import { formatDate, formatDateTime, formatDeadline } from './format';
import { html, type Html } from './html';
import type { PanelTools } from './suspension-panels';

/**
 * The follow-up of what each ministry took up (docs/architecture.md#follow-up), under the recommendations: when the
 * progress is asked and due, the report once made (with who recorded it), and, while it waits and for those who may
 * record outcomes, the form to record a report that came by post. The same decision as the API's
 * `POST …/ministries/{code}/follow-up`; the workflow has the last word.
 */
type MinistryCase = SignalDetail['signal']['cases'][number];

/** Who reported (the contact on its page, or a coordinator): the actor of the ministry's report in the timeline. */
function reporterOf(detail: SignalDetail, ministryCode: string): string | null {
  const event = detail.signal.events.find(
    (e) => e.type === 'follow_up_reported' && e.ministryCode === ministryCode,
  );
  return event?.actorLabel ?? null;
}

function followUpForm(tools: PanelTools, code: string): Html {
  return tools.form(
    'report_follow_up',
    html`<input type="hidden" name="ministryCode" value="${code}" />
      ${tools.field(
        `follow-up-progress-${code}`,
        `Stand van de uitvoering bij ${code}`,
        html`<select
          class="utrecht-select utrecht-select--html-select"
          id="follow-up-progress-${code}"
          name="progress"
        >
          ${FOLLOW_UP_PROGRESS.map(
            (value) => html`<option value="${value}">${FOLLOW_UP_PROGRESS_LABELS[value].nl}</option>`,
          )}
        </select>`,
      )}
      ${tools.field(
        `follow-up-note-${code}`,
        'Toelichting',
        html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="follow-up-note-${code}" name="note" required maxlength="1000"></textarea>`,
        'Zoals het ministerie de voortgang meldde; kort en zonder persoonsgegevens, maximaal 1000 tekens.',
      )}`,
    'Voortgang opvolging vastleggen',
    'utrecht-button--secondary-action',
  );
}

function followUpRow(detail: SignalDetail, tools: PanelTools, c: MinistryCase, mayReport: boolean): Html {
  const code = c.ministry.code;
  const reported = c.followUpReportedAt !== null && c.followUpProgress !== null;
  // A withdrawal cancels the follow-up; a closed signal's workflow still waits for the report.
  const awaiting = !reported && detail.signal.status !== 'withdrawn';
  const reporter = reported ? reporterOf(detail, code) : null;
  return html`<li
    class="liec-outcome-row liec-follow-up"
    data-follow-up-ministry="${code}"
    data-follow-up-state="${reported ? 'reported' : awaiting ? 'awaiting' : 'ended'}"
  >
    <p class="utrecht-paragraph">
      <strong>${code}</strong> · voortgang gevraagd per ${formatDate(c.followUpRequestAt)}, te melden vóór
      ${formatDeadline(c.followUpDueAt)}
    </p>
    ${
      reported
        ? html`<p class="utrecht-paragraph" data-follow-up-progress="${c.followUpProgress!}">
              Gemeld: <strong>${FOLLOW_UP_PROGRESS_LABELS[c.followUpProgress!].nl}</strong>
              <span class="liec-muted">· ${reporter ? `${reporter}, ` : ''}${formatDateTime(c.followUpReportedAt)}</span>
            </p>
            ${c.followUpNote ? html`<p class="utrecht-paragraph liec-muted">${c.followUpNote}</p>` : ''}`
        : awaiting
          ? html`<p class="utrecht-paragraph liec-muted">Het ministerie heeft de voortgang nog niet gemeld.</p>`
          : html`<p class="utrecht-paragraph liec-muted">Vervallen: het signaal is ingetrokken.</p>`
    }
    ${tools.errorFor('report_follow_up', code)}
    ${awaiting && mayReport ? followUpForm(tools, code) : ''}
  </li>`;
}

/** Nothing until a ministry that replied took a recommendation up (then its follow-up is planned). */
export function followUpPanel(detail: SignalDetail, tools: PanelTools, mayReport: boolean): Html {
  const planned = detail.signal.cases.filter((c) => c.followUpDueAt !== null);
  if (planned.length === 0) return html``;
  return html`<section class="liec-follow-ups" id="follow-up" aria-labelledby="h-follow-up">
    <h4 class="utrecht-heading-4" id="h-follow-up">Opvolging</h4>
    <ul class="liec-outcomes">
      ${planned.map((c) => followUpRow(detail, tools, c, mayReport))}
    </ul>
  </section>`;
}
