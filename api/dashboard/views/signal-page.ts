import crypto from 'node:crypto';
import { mayDo } from '../../auth/permissions';
import { mayTakeDecision, type DecisionAction } from '../decisions';
import type { SessionUser } from '../sessions';
import { detailVersion, type SignalDetail } from '../signal-data';
import { amsterdamDate } from '../../../shared/working-days';
import {
  MINISTRY_STATUS_LABELS,
  SIGNAL_STATUS_LABELS,
  daysPhrase,
  daysUntil,
  CLOCK_LABELS,
  deadlineKindLabel,
  formatDate,
  formatDateTime,
  formatDeadline,
  isOpenStatus,
} from './format';
import { html, textBlock, type Html } from './html';
import { layout } from './layout';
import { breadcrumbs } from './breadcrumbs';
import { linksPanel } from './links-panel';
import { replyDocumentsList, signalDocumentsSection } from './documents';
import { replyChoices, replyForwardingLine, unforwardedReplies } from './forwarding';
import { choiceFieldset } from './choice-fieldset';
import { suspensionPanels, type PanelTools } from './suspension-panels';
import { recommendationPanel } from './recommendation-panel';
import { renderTimeline } from './timeline';

export interface DecisionError {
  action: string;
  message: string;
  ministryCode?: string;
}

export interface SignalPageOptions {
  detail: SignalDetail;
  user: SessionUser;
  csrfToken: string;
  now: Date;
  temporalUrl?: string;
  notice?: string;
  error?: DecisionError;
}

type MinistryCase = SignalDetail['signal']['cases'][number];

/** How each signal status shows as a status badge: open work, waiting, done, or ended without a reply. */
const BADGE_VARIANTS: Record<string, string> = {
  submitted: 'active',
  in_review: 'active',
  changes_requested: 'warning',
  sent: 'neutral',
  partially_replied: 'neutral',
  replied: 'success',
  closed: 'success',
  rejected: 'inactive',
  withdrawn: 'inactive',
};

export function statusBadge(status: string): Html {
  return html`<span
    class="utrecht-status-badge utrecht-status-badge--${BADGE_VARIANTS[status] ?? 'neutral'}"
    data-status="${status}"
    >${SIGNAL_STATUS_LABELS[status as keyof typeof SIGNAL_STATUS_LABELS] ?? status}</span
  >`;
}

function clock(
  label: string,
  due: Date | null,
  doneAt: Date | null,
  doneLabel: string,
  now: Date,
  open: boolean,
  suspendedSince: Date | null = null,
): Html {
  if (doneAt) {
    const late = due && doneAt > due;
    return html`<div class="liec-clock">
      <span class="liec-clock__label">${label}</span>
      <span class="liec-clock__value">${doneLabel} ${formatDate(doneAt)}</span>
      ${due ? html`<span class="liec-muted"> (termijn ${formatDeadline(due)}${late ? ', te laat' : ''})</span>` : ''}
    </div>`;
  }
  if (!due)
    return html`<div class="liec-clock">
      <span class="liec-clock__label">${label}</span><span class="liec-muted">geen termijn</span>
    </div>`;
  const days = daysUntil(due, now);
  // A suspended clock's deadline moves when it resumes: no countdown while it stands still.
  const standing =
    open && suspendedSince
      ? html` · <span class="liec-suspended">opgeschort sinds ${formatDate(suspendedSince)}</span>`
      : open
        ? html` · <span class="${days < 0 ? 'liec-overdue' : ''}">${daysPhrase(days)}</span>`
        : '';
  return html`<div class="liec-clock">
    <span class="liec-clock__label">${label}</span>
    <span class="liec-clock__value">termijn ${formatDeadline(due)}</span>
    ${standing}
  </div>`;
}

function pendingExtension(
  detail: SignalDetail,
  code: string,
): { reason?: string; requestedDueAt?: string; at: Date } | null {
  const event = [...detail.signal.events]
    .reverse()
    .find((e) => e.type === 'extension_requested' && e.ministryCode === code);
  if (!event) return null;
  const data = (event.data ?? {}) as { reason?: string; requestedDueAt?: string };
  return { reason: data.reason, requestedDueAt: data.requestedDueAt, at: event.at };
}

function ministryCard(detail: SignalDetail, ministryCase: MinistryCase, now: Date): Html {
  const open =
    isOpenStatus(detail.signal.status) &&
    ministryCase.status !== 'replied' &&
    ministryCase.status !== 'cancelled';
  const ackOpen = open && !ministryCase.acknowledgedAt;
  const overdue =
    open &&
    ((ackOpen && !ministryCase.ackSuspendedSince && ministryCase.ackDueAt && ministryCase.ackDueAt < now) ||
      (!ministryCase.replySuspendedSince && ministryCase.replyDueAt && ministryCase.replyDueAt < now));
  const extension =
    ministryCase.status === 'extension_requested'
      ? pendingExtension(detail, ministryCase.ministry.code)
      : null;
  const classes = `liec-card${overdue ? ' is-overdue' : ''}${ministryCase.status === 'replied' ? ' is-done' : ''}`;
  return html`<article
    class="${classes}"
    data-ministry="${ministryCase.ministry.code}"
    aria-labelledby="min-${ministryCase.ministry.code}"
  >
    <h3 class="utrecht-heading-3" id="min-${ministryCase.ministry.code}">
      ${ministryCase.ministry.name} <span class="liec-muted">(${ministryCase.ministry.code})</span>
    </h3>
    <p class="utrecht-paragraph liec-ministry-status">
      <strong>${MINISTRY_STATUS_LABELS[ministryCase.status]}</strong
      >${overdue ? html` · <span class="liec-overdue">over termijn</span>` : ''}
    </p>
    ${clock('Ontvangstbevestiging', ministryCase.ackDueAt, ministryCase.acknowledgedAt, 'bevestigd op', now, ackOpen, ministryCase.ackSuspendedSince)}
    ${clock('Reactie', ministryCase.replyDueAt, ministryCase.repliedAt, 'ontvangen op', now, open, ministryCase.replySuspendedSince)}
    ${
      ministryCase.extensionCount > 0 || ministryCase.escalationCount > 0
        ? html`<p class="utrecht-paragraph liec-muted">
            ${ministryCase.extensionCount} × uitstel · ${ministryCase.escalationCount} × geëscaleerd
          </p>`
        : ''
    }
    ${
      extension
        ? html`<div class="utrecht-alert utrecht-alert--warning">
            <div class="utrecht-alert__content">
              <div class="utrecht-alert__message">
                <p class="utrecht-paragraph">
                  <strong>Uitstel gevraagd op ${formatDate(extension.at)}</strong>
                </p>
                ${extension.requestedDueAt ? html`<p class="utrecht-paragraph">Nieuwe datum: ${formatDeadline(extension.requestedDueAt)}</p>` : ''}
                ${extension.reason ? html`<p class="utrecht-paragraph">Reden: ${extension.reason}</p>` : ''}
              </div>
            </div>
          </div>`
        : ''
    }
  </article>`;
}

export function renderMinistries(detail: SignalDetail, now: Date): Html {
  const cases = detail.signal.cases;
  if (cases.length === 0)
    return html`<p class="utrecht-paragraph liec-muted">Nog niet aan een ministerie aangeboden.</p>`;
  return html`<div class="liec-cards">${cases.map((c) => ministryCard(detail, c, now))}</div>`;
}

function errorAlert(error: DecisionError): Html {
  return html`<div class="utrecht-alert utrecht-alert--error" role="alert" tabindex="-1" id="decision-error">
    <div class="utrecht-alert__content">
      <div class="utrecht-alert__message">
        <p class="utrecht-paragraph"><strong>Dit besluit is niet uitgevoerd</strong></p>
        <p class="utrecht-paragraph">${error.message}</p>
      </div>
    </div>
  </div>`;
}

function form(
  signalId: string,
  csrf: string,
  action: string,
  body: Html,
  button: Html | string,
  style = 'utrecht-button--primary-action',
): Html {
  return html`<form
    method="post"
    action="/signals/${signalId}/decisions"
    class="liec-decision"
    data-action="${action}"
  >
    <input type="hidden" name="_csrf" value="${csrf}" />
    <input type="hidden" name="action" value="${action}" />
    <input type="hidden" name="requestId" value="${crypto.randomUUID()}" />
    ${body}
    <button type="submit" class="utrecht-button ${style}">${button}</button>
  </form>`;
}

function field(id: string, label: string, control: Html, hint?: string): Html {
  return html`<div class="utrecht-form-field">
    <label class="utrecht-form-label liec-label" for="${id}"
      >${label}${hint ? html`<span class="utrecht-form-field-description liec-hint">${hint}</span>` : ''}</label
    >${control}
  </div>`;
}

/**
 * The decisions the user's role may take (api/auth/permissions.ts) in the signal's current state; the workflow has
 * the last word. A form the role may not use is not rendered at all.
 */
function decisions(
  { detail, csrfToken, error, now, user }: SignalPageOptions,
  errorShownInPanel: boolean,
): Html {
  const { signal, ministries } = detail;
  const may = (action: DecisionAction) => mayTakeDecision(user, action);
  // A refusal shows above its own form; when that form is gone (the state moved on), above all of them.
  let errorShown = false;
  const errorFor = (
    _error: DecisionError | undefined,
    action: DecisionAction,
    ministryCode?: string,
  ): Html => {
    if (
      !error ||
      error.action !== action ||
      !may(action) ||
      (ministryCode && error.ministryCode && error.ministryCode !== ministryCode)
    )
      return html``;
    errorShown = true;
    return errorAlert(error);
  };
  const id = signal.id;
  const panels: Html[] = [];
  const offer = (action: DecisionAction, panel: Html) => {
    if (may(action)) panels.push(panel);
  };
  const today = amsterdamDate(now);
  const suspensions = suspensionPanels(detail, {
    form: (action, body, button, style) => form(id, csrfToken, action, body, button, style),
    field,
    errorFor: (action, ministryCode) => errorFor(error, action, ministryCode),
  });

  if (signal.status === 'in_review' || signal.status === 'submitted') {
    offer(
      'accept',
      html`<section class="liec-panel" aria-labelledby="d-accept">
        <h3 class="utrecht-heading-3" id="d-accept">Accepteren en aanbieden aan ministeries</h3>
        ${errorFor(error, 'accept')}
        ${form(
          id,
          csrfToken,
          'accept',
          html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
              <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
                Aan welke ministeries?
                <span class="utrecht-form-field-description liec-hint"
                  >Berichten gaan naar de vaste contactpersonen; bij escalatie ook naar de
                  escalatiecontacten.</span
                >
              </legend>
              ${ministries.map(
                (m) =>
                  html`<label class="utrecht-form-label utrecht-form-label--checkbox liec-choice"
                    ><input
                      type="checkbox"
                      class="utrecht-checkbox utrecht-checkbox--html-input"
                      name="ministries"
                      value="${m.code}"
                    />
                    <span
                      >${m.name} (${m.code})<span class="utrecht-form-field-description liec-hint"
                        >${m.contacts.map((c) => `${c.role === 'escalation' ? 'escalatie' : 'contact'}: ${c.name} <${c.email}>`).join(' · ') || 'geen contactpersonen bekend'}</span
                      ></span
                    ></label
                  >`,
              )}
            </fieldset>
            ${field('accept-note', 'Toelichting (optioneel)', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="accept-note" name="note" maxlength="2000"></textarea>`)}`,
          'Accepteren en aanbieden',
        )}
      </section>`,
    );
    offer(
      'request_changes',
      html`<section class="liec-panel" aria-labelledby="d-changes">
        <h3 class="utrecht-heading-3" id="d-changes">Aanpassing vragen</h3>
        ${errorFor(error, 'request_changes')}
        ${form(id, csrfToken, 'request_changes', field('changes-reason', 'Wat moet de indiener aanpassen?', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="changes-reason" name="reason" required maxlength="2000"></textarea>`), 'Aanpassing vragen', 'utrecht-button--secondary-action')}
      </section>`,
    );
    offer(
      'reject',
      html`<section class="liec-panel" aria-labelledby="d-reject">
        <h3 class="utrecht-heading-3" id="d-reject">Afwijzen</h3>
        ${errorFor(error, 'reject')}
        ${form(id, csrfToken, 'reject', field('reject-reason', 'Reden van afwijzing', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="reject-reason" name="reason" required maxlength="2000"></textarea>`), 'Signaal afwijzen', 'utrecht-button--secondary-action utrecht-button--danger')}
      </section>`,
    );
  }

  for (const { action, panel } of suspensions) offer(action, panel);

  const openCases = signal.cases.filter((c) => c.status !== 'replied' && c.status !== 'cancelled');
  if (['sent', 'partially_replied'].includes(signal.status) && openCases.length > 0) {
    for (const c of openCases.filter((x) => x.status === 'extension_requested')) {
      const code = c.ministry.code;
      offer(
        'decide_extension',
        html`<section class="liec-panel" aria-labelledby="d-ext-${code}">
          <h3 class="utrecht-heading-3" id="d-ext-${code}">Uitstelverzoek van ${code} beoordelen</h3>
          ${errorFor(error, 'decide_extension', code)}
          ${form(
            id,
            csrfToken,
            'decide_extension',
            html`<input type="hidden" name="ministryCode" value="${code}" />
              ${choiceFieldset('Besluit', 'decision', [
                ['approve', 'Uitstel toekennen'],
                ['refuse', 'Uitstel weigeren'],
              ])}
              ${field(`ext-reason-${code}`, 'Toelichting', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="ext-reason-${code}" name="reason" maxlength="2000"></textarea>`, 'Verplicht bij weigeren.')}`,
            'Besluit vastleggen',
          )}
        </section>`,
      );
    }
    offer(
      'record_reply',
      html`<section class="liec-panel" aria-labelledby="d-reply">
        <h3 class="utrecht-heading-3" id="d-reply">Reactie vastleggen (per post ontvangen)</h3>
        ${errorFor(error, 'record_reply')}
        ${form(
          id,
          csrfToken,
          'record_reply',
          html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
              <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
                Van welk(e) ministerie(s)?
                <span class="utrecht-form-field-description liec-hint"
                  >Meerdere aanvinken voor een gezamenlijke reactie.</span
                >
              </legend>
              ${openCases.map((c) => html`<label class="utrecht-form-label utrecht-form-label--checkbox liec-choice"><input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" name="ministries" value="${c.ministry.code}" /> ${c.ministry.name} (${c.ministry.code})</label>`)}
            </fieldset>
            ${field('reply-date', 'Datum van ontvangst', html`<input type="date" class="utrecht-textbox utrecht-textbox--html-input liec-date" id="reply-date" name="receivedDate" value="${today}" max="${today}" required />`)}
            ${field('reply-text', 'Inhoud of samenvatting van de reactie', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="reply-text" name="text" required maxlength="20000"></textarea>`)}`,
          'Reactie vastleggen',
        )}
      </section>`,
    );
    offer(
      'extend_deadline',
      html`<section class="liec-panel" aria-labelledby="d-extend">
        <h3 class="utrecht-heading-3" id="d-extend">Reactietermijn verlengen</h3>
        ${errorFor(error, 'extend_deadline')}
        ${form(
          id,
          csrfToken,
          'extend_deadline',
          html`${field(
            'extend-ministry',
            'Ministerie',
            html`<select
              class="utrecht-select utrecht-select--html-select"
              id="extend-ministry"
              name="ministryCode"
            >
              ${openCases.map((c) => html`<option value="${c.ministry.code}">${c.ministry.code} · termijn nu ${formatDeadline(c.replyDueAt)}</option>`)}
            </select>`,
          )}
          ${field('extend-date', 'Nieuwe uiterste datum', html`<input type="date" class="utrecht-textbox utrecht-textbox--html-input liec-date" id="extend-date" name="dueDate" min="${today}" required />`)}
          ${field('extend-reason', 'Reden', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="extend-reason" name="reason" required maxlength="2000"></textarea>`)}`,
          'Termijn verlengen',
          'utrecht-button--secondary-action',
        )}
      </section>`,
    );
    // The panel shows what the links did (an API reader's permission of its own) and holds the reissue forms.
    for (const c of mayDo(user.role, 'readResponseLinks') ? openCases : []) {
      offer(
        'reissue_link',
        linksPanel(detail, c, csrfToken, errorFor(error, 'reissue_link', c.ministry.code)),
      );
    }
  }

  const unforwarded = unforwardedReplies(detail);
  if (unforwarded.length > 0) {
    offer(
      'forward_replies',
      html`<section class="liec-panel" aria-labelledby="d-forward" id="doorsturen">
        <h3 class="utrecht-heading-3" id="d-forward">Reactie doorsturen aan de indieners</h3>
        ${errorFor(error, 'forward_replies')}
        ${form(id, csrfToken, 'forward_replies', html`${replyChoices(unforwarded)}${field('forward-note', 'Begeleidende tekst voor de indieners (optioneel)', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="forward-note" name="note" maxlength="2000"></textarea>`, 'De indieners zien deze tekst bij de reactie; hij staat niet in de e-mail.')}`, 'Doorsturen')}
      </section>`,
    );
  }

  if (signal.status === 'replied') {
    offer(
      'close',
      html`<section class="liec-panel" aria-labelledby="d-close">
        <h3 class="utrecht-heading-3" id="d-close">Afsluiten</h3>
        ${errorFor(error, 'close')}
        ${form(id, csrfToken, 'close', html`${field('close-note', 'Toelichting (optioneel)', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="close-note" name="note" maxlength="2000"></textarea>`)}${unforwarded.length > 0 ? field('close-unforwarded', 'Waarom gaat de reactie niet naar de indieners?', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="close-unforwarded" name="unforwardedReason" maxlength="2000"></textarea>`, 'Nodig om af te sluiten zonder door te sturen; alleen voor het loket.') : ''}`, 'Afsluiten')}
      </section>`,
    );
  }

  if (isOpenStatus(signal.status)) {
    offer(
      'withdraw',
      html`<details class="liec-panel" ${error?.action === 'withdraw' ? html`open` : ''}>
        <summary>Signaal intrekken</summary>
        ${errorFor(error, 'withdraw')}
        ${form(id, csrfToken, 'withdraw', field('withdraw-reason', 'Reden', html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="withdraw-reason" name="reason" required maxlength="2000"></textarea>`), 'Signaal intrekken', 'utrecht-button--secondary-action utrecht-button--danger')}
      </details>`,
    );
  }
  // An outcome's or a follow-up's refusal shows above its form (or row) in the recommendations panel.
  const orphanError = error && !errorShown && !errorShownInPanel ? errorAlert(error) : '';
  if (panels.length === 0 && isOpenStatus(signal.status)) {
    return html`${orphanError}
      <p class="utrecht-paragraph liec-muted" data-no-decisions="role">
        U kunt dit signaal inzien; besluiten nemen de coördinatoren en de loketleider.
      </p>`;
  }
  if (panels.length === 0) {
    // A closed signal's follow-up still waits for its report (its form is under the recommendations).
    const followUpWaits =
      may('report_follow_up') &&
      signal.status !== 'withdrawn' &&
      signal.cases.some((c) => c.followUpDueAt !== null && c.followUpReportedAt === null);
    return html`${orphanError}
      <p class="utrecht-paragraph liec-muted">
        Dit signaal is ${SIGNAL_STATUS_LABELS[signal.status].toLowerCase()};
        ${
          followUpWaits
            ? html`alleen de voortgang van de opvolging kan nog worden vastgelegd
                (<a class="utrecht-link utrecht-link--html-a" href="#follow-up">Opvolging</a>).`
            : 'er zijn geen besluiten meer te nemen.'
        }
      </p>`;
  }
  return html`${orphanError}${panels}`;
}

export function renderSignalHeader(detail: SignalDetail, now: Date): Html {
  const { signal } = detail;
  const open = isOpenStatus(signal.status);
  const days = signal.nextDeadlineAt && open ? daysUntil(signal.nextDeadlineAt, now) : null;
  return html`<dl class="utrecht-data-list liec-meta">
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">Status</dt>
      <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
        ${statusBadge(signal.status)}
      </dd>
    </div>
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">Referentie</dt>
      <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
        ${signal.reference}
      </dd>
    </div>
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">Indiener</dt>
      <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
        ${signal.organisation.name}
      </dd>
    </div>
    ${
      signal.coSubmitters.length > 0
        ? html`<div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">Mede-indieners</dt>
            <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
              ${signal.coSubmitters.map((co) => co.organisation.name).join(', ')}
            </dd>
          </div>`
        : ''
    }
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">Ingediend</dt>
      <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
        ${formatDate(signal.submittedAt)}
      </dd>
    </div>
    ${
      signal.sentAt
        ? html`<div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">Aangeboden aan ministeries</dt>
            <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
              ${formatDate(signal.sentAt)}
            </dd>
          </div>`
        : ''
    }
    ${
      signal.closedAt
        ? html`<div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">Afgesloten</dt>
            <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
              ${formatDate(signal.closedAt)}
            </dd>
          </div>`
        : ''
    }
    ${
      open && signal.suspendedSince
        ? html`<div class="utrecht-data-list__item" data-suspended-since="${signal.suspendedSince.toISOString()}">
            <dt class="utrecht-data-list__item-key">
              Termijn ${CLOCK_LABELS[signal.status === 'changes_requested' ? 'amendment' : 'review']}
            </dt>
            <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
              <span class="liec-suspended">opgeschort sinds ${formatDate(signal.suspendedSince)}</span>
              ${signal.suspensionReason ? html` · reden: ${signal.suspensionReason}` : ''}
            </dd>
          </div>`
        : ''
    }
    ${
      days !== null
        ? html`<div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">
              Volgende termijn (${deadlineKindLabel(signal.nextDeadlineKind)})
            </dt>
            <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
              ${formatDeadline(signal.nextDeadlineAt)} ·
              <span class="${days < 0 ? 'liec-overdue' : ''}">${daysPhrase(days)}</span>
            </dd>
          </div>`
        : ''
    }
  </dl>`;
}

/** The way to the persons the signal concerns: a count here, the names on their own recorded page. */
function concernedPersonsLink(signalId: string, count: number, user: SessionUser): Html {
  if (count === 0) return html``;
  const persons = count === 1 ? '1 betrokken persoon' : `${count} betrokken personen`;
  return html`<h3 class="utrecht-heading-3">Betrokken personen</h3>
    <p class="utrecht-paragraph">
      De indiener heeft ${persons} gemarkeerd.
      ${
        mayDo(user.role, 'readConcernedPersons')
          ? html`<a class="utrecht-link utrecht-link--html-a" href="/signals/${signalId}/concerned-persons"
              >Betrokken personen bekijken</a
            >
            <span class="liec-muted">(het inzien wordt vastgelegd in het verwerkingenlogboek)</span>`
          : html`<span class="liec-muted">Alleen coördinatoren en het hoofd van het loket zien wie dat zijn.</span>`
      }
    </p>`;
}

export function signalPage(options: SignalPageOptions): string {
  const { detail, now, notice, temporalUrl } = options;
  const { signal } = detail;
  let errorShownInPanel = false;
  const recommendationTools: PanelTools = {
    form: (action, body, button, style) => form(signal.id, options.csrfToken, action, body, button, style),
    field,
    // The panel names a form by recommendation and ministry (a follow-up's by ministry); a refusal shows above
    // that one form. One the panel has no place for shows above the decisions.
    errorFor: (action, formKey) => {
      if (
        !options.error ||
        options.error.action !== action ||
        (options.error.ministryCode ?? '') !== (formKey ?? '')
      )
        return html``;
      errorShownInPanel = true;
      return errorAlert(options.error);
    },
  };
  // Rendered first: whether the panel showed the refusal decides whether the decisions show it.
  const recommendations = recommendationPanel(detail, recommendationTools, {
    recordOutcome: mayTakeDecision(options.user, 'record_outcome'),
    reportFollowUp: mayTakeDecision(options.user, 'report_follow_up'),
  });
  const body = html` ${breadcrumbs([{ label: 'Signalen', href: '/' }, { label: signal.reference }])}
    ${
      notice
        ? html`<div class="utrecht-alert utrecht-alert--ok" role="status">
            <div class="utrecht-alert__content">
              <div class="utrecht-alert__message"><p class="utrecht-paragraph">${notice}</p></div>
            </div>
          </div>`
        : ''
    }
    <h1 class="utrecht-heading-1">${signal.title}</h1>
    <div id="signal-header" data-live-region="header">${renderSignalHeader(detail, now)}</div>
    ${signal.imported ? html`<p class="utrecht-paragraph liec-muted">Dit signaal is geïmporteerd uit de registratie van vóór signaalloket.</p>` : ''}
    ${
      temporalUrl
        ? html`<p class="utrecht-paragraph">
            <a class="utrecht-link utrecht-link--html-a" href="${temporalUrl}" rel="noopener"
              >Workflow van dit signaal in Temporal bekijken<span class="liec-visually-hidden">
                (technische weergave)</span
              ></a
            >
          </p>`
        : ''
    }
    <p id="live-status" class="liec-visually-hidden" role="status" aria-live="polite"></p>
    <div class="liec-columns">
      <div>
        <h2 class="utrecht-heading-2">Ministeries</h2>
        <div id="signal-ministries" data-live-region="ministries">${renderMinistries(detail, now)}</div>
        <h2 class="utrecht-heading-2">Besluiten</h2>
        ${decisions(options, errorShownInPanel)}
        <h2 class="utrecht-heading-2">Inhoud</h2>
        <h3 class="utrecht-heading-3">Samenvatting</h3>
        <div class="liec-content">${textBlock(signal.summary)}</div>
        <h3 class="utrecht-heading-3">Signaal</h3>
        <div class="liec-content">${textBlock(signal.content)}</div>
        ${concernedPersonsLink(signal.id, signal._count.concernedPersons, options.user)}
        ${recommendations}
        ${signalDocumentsSection(signal.id, detail.signal.documents)}
        ${
          detail.signal.replies.length > 0
            ? html`<h3 class="utrecht-heading-3">Reacties</h3>
                ${detail.signal.replies.map(
                  (reply) =>
                    html`<div class="liec-panel">
                      <p class="utrecht-paragraph">
                        <strong>${reply.cases.map((c) => c.ministry.code).join(' en ')}</strong> · ontvangen
                        ${formatDateTime(reply.receivedAt)} ·
                        ${reply.channel === 'post' ? 'per post' : 'via de persoonlijke link'}
                      </p>
                      <div class="liec-content">${textBlock(reply.text)}</div>
                      ${replyDocumentsList(signal.id, reply.id, reply.documents)}
                      ${replyForwardingLine(reply)}
                    </div>`,
                )}`
            : ''
        }
      </div>
      <div>
        <h2 class="utrecht-heading-2">Tijdlijn</h2>
        <div id="signal-timeline" data-live-region="timeline">${renderTimeline(detail)}</div>
      </div>
    </div>`;
  return layout({
    title: `${signal.reference} ${signal.title}`,
    user: options.user,
    csrfToken: options.csrfToken,
    current: 'signal',
    body: html`<div
      data-live-url="/signals/${signal.id}/live"
      data-live-version="${detailVersion(detail)}"
      data-live-status="${signal.status}"
    >
      ${body}
    </div>`,
  });
}
