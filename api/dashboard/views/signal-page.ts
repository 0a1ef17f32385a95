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
  deadlineKindLabel,
  formatDate,
  formatDateTime,
  formatDeadline,
  isOpenStatus,
} from './format';
import { html, textBlock, type Html } from './html';
import { layout } from './layout';
import { linksPanel } from './links-panel';
import { replyDocumentsList, signalDocumentsSection } from './documents';
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

export function statusBadge(status: string): Html {
  return html`<span class="rhs-badge rhs-badge--${status}"
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
): Html {
  if (doneAt) {
    const late = due && doneAt > due;
    return html`<div class="rhs-clock">
      <span class="rhs-clock__label">${label}</span>
      <span class="rhs-clock__value">${doneLabel} ${formatDate(doneAt)}</span>
      ${due ? html`<span class="rhs-muted"> (termijn ${formatDeadline(due)}${late ? ', te laat' : ''})</span>` : ''}
    </div>`;
  }
  if (!due)
    return html`<div class="rhs-clock">
      <span class="rhs-clock__label">${label}</span><span class="rhs-muted">geen termijn</span>
    </div>`;
  const days = daysUntil(due, now);
  return html`<div class="rhs-clock">
    <span class="rhs-clock__label">${label}</span>
    <span class="rhs-clock__value">termijn ${formatDeadline(due)}</span>
    ${open ? html` · <span class="${days < 0 ? 'rhs-overdue' : ''}">${daysPhrase(days)}</span>` : ''}
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
    ((ackOpen && ministryCase.ackDueAt && ministryCase.ackDueAt < now) ||
      (ministryCase.replyDueAt && ministryCase.replyDueAt < now));
  const extension =
    ministryCase.status === 'extension_requested'
      ? pendingExtension(detail, ministryCase.ministry.code)
      : null;
  const classes = `rhs-card${overdue ? ' is-overdue' : ''}${ministryCase.status === 'replied' ? ' is-done' : ''}`;
  return html`<article
    class="${classes}"
    data-ministry="${ministryCase.ministry.code}"
    aria-labelledby="min-${ministryCase.ministry.code}"
  >
    <h3 id="min-${ministryCase.ministry.code}">
      ${ministryCase.ministry.name} <span class="rhs-muted">(${ministryCase.ministry.code})</span>
    </h3>
    <p class="rhs-ministry-status">
      <strong>${MINISTRY_STATUS_LABELS[ministryCase.status]}</strong
      >${overdue ? html` · <span class="rhs-overdue">over termijn</span>` : ''}
    </p>
    ${clock('Ontvangstbevestiging', ministryCase.ackDueAt, ministryCase.acknowledgedAt, 'bevestigd op', now, ackOpen)}
    ${clock('Reactie', ministryCase.replyDueAt, ministryCase.repliedAt, 'ontvangen op', now, open)}
    ${
      ministryCase.extensionCount > 0 || ministryCase.escalationCount > 0
        ? html`<p class="rhs-muted">
            ${ministryCase.extensionCount} × uitstel · ${ministryCase.escalationCount} × geëscaleerd
          </p>`
        : ''
    }
    ${
      extension
        ? html`<div class="rhs-alert rhs-alert--warning">
            <strong>Uitstel gevraagd op ${formatDate(extension.at)}</strong>
            ${extension.requestedDueAt ? html`<p>Nieuwe datum: ${formatDeadline(extension.requestedDueAt)}</p>` : ''}
            ${extension.reason ? html`<p>Reden: ${extension.reason}</p>` : ''}
          </div>`
        : ''
    }
  </article>`;
}

export function renderMinistries(detail: SignalDetail, now: Date): Html {
  const cases = detail.signal.cases;
  if (cases.length === 0) return html`<p class="rhs-muted">Nog niet aan een ministerie aangeboden.</p>`;
  return html`<div class="rhs-cards">${cases.map((c) => ministryCard(detail, c, now))}</div>`;
}

function errorAlert(error: DecisionError): Html {
  return html`<div class="rhs-alert rhs-alert--error" role="alert" tabindex="-1" id="decision-error">
    <strong>Dit besluit is niet uitgevoerd</strong>
    <p>${error.message}</p>
  </div>`;
}

function form(
  signalId: string,
  csrf: string,
  action: string,
  body: Html,
  button: Html | string,
  style = '',
): Html {
  return html`<form
    method="post"
    action="/signals/${signalId}/decisions"
    class="rhs-decision"
    data-action="${action}"
  >
    <input type="hidden" name="_csrf" value="${csrf}" />
    <input type="hidden" name="action" value="${action}" />
    ${body}
    <button type="submit" class="rhs-button ${style}">${button}</button>
  </form>`;
}

function field(id: string, label: string, control: Html, hint?: string): Html {
  return html`<div class="rhs-field">
    <label for="${id}">${label}${hint ? html`<span class="rhs-hint">${hint}</span>` : ''}</label>${control}
  </div>`;
}

/**
 * The decisions the user's role may take (api/auth/permissions.ts) in the signal's current state; the workflow has
 * the last word. A form the role may not use is not rendered at all.
 */
function decisions({ detail, csrfToken, error, now, user }: SignalPageOptions): Html {
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

  if (signal.status === 'in_review' || signal.status === 'submitted') {
    offer(
      'accept',
      html`<section class="rhs-panel" aria-labelledby="d-accept">
        <h3 id="d-accept">Accepteren en aanbieden aan ministeries</h3>
        ${errorFor(error, 'accept')}
        ${form(
          id,
          csrfToken,
          'accept',
          html`<fieldset>
              <legend>
                Aan welke ministeries?
                <span class="rhs-hint"
                  >Berichten gaan naar de vaste contactpersonen; bij escalatie ook naar de
                  escalatiecontacten.</span
                >
              </legend>
              ${ministries.map(
                (m) =>
                  html`<label class="rhs-checkbox"
                    ><input type="checkbox" name="ministries" value="${m.code}" />
                    <span
                      >${m.name} (${m.code})<span class="rhs-hint"
                        >${m.contacts.map((c) => `${c.role === 'escalation' ? 'escalatie' : 'contact'}: ${c.name} <${c.email}>`).join(' · ') || 'geen contactpersonen bekend'}</span
                      ></span
                    ></label
                  >`,
              )}
            </fieldset>
            ${field('accept-note', 'Toelichting (optioneel)', html`<textarea id="accept-note" name="note" maxlength="2000"></textarea>`)}`,
          'Accepteren en aanbieden',
        )}
      </section>`,
    );
    offer(
      'request_changes',
      html`<section class="rhs-panel" aria-labelledby="d-changes">
        <h3 id="d-changes">Aanpassing vragen</h3>
        ${errorFor(error, 'request_changes')}
        ${form(id, csrfToken, 'request_changes', field('changes-reason', 'Wat moet de indiener aanpassen?', html`<textarea id="changes-reason" name="reason" required maxlength="2000"></textarea>`), 'Aanpassing vragen', 'rhs-button--secondary')}
      </section>`,
    );
    offer(
      'reject',
      html`<section class="rhs-panel" aria-labelledby="d-reject">
        <h3 id="d-reject">Afwijzen</h3>
        ${errorFor(error, 'reject')}
        ${form(id, csrfToken, 'reject', field('reject-reason', 'Reden van afwijzing', html`<textarea id="reject-reason" name="reason" required maxlength="2000"></textarea>`), 'Signaal afwijzen', 'rhs-button--danger')}
      </section>`,
    );
  }

  const openCases = signal.cases.filter((c) => c.status !== 'replied' && c.status !== 'cancelled');
  if (['sent', 'partially_replied'].includes(signal.status) && openCases.length > 0) {
    for (const c of openCases.filter((x) => x.status === 'extension_requested')) {
      const code = c.ministry.code;
      offer(
        'decide_extension',
        html`<section class="rhs-panel" aria-labelledby="d-ext-${code}">
          <h3 id="d-ext-${code}">Uitstelverzoek van ${code} beoordelen</h3>
          ${errorFor(error, 'decide_extension', code)}
          ${form(
            id,
            csrfToken,
            'decide_extension',
            html`<input type="hidden" name="ministryCode" value="${code}" />
              <fieldset>
                <legend>Besluit</legend>
                <label class="rhs-checkbox"
                  ><input type="radio" name="decision" value="approve" checked /> Uitstel toekennen</label
                >
                <label class="rhs-checkbox"
                  ><input type="radio" name="decision" value="refuse" /> Uitstel weigeren</label
                >
              </fieldset>
              ${field(`ext-reason-${code}`, 'Toelichting', html`<textarea id="ext-reason-${code}" name="reason" maxlength="2000"></textarea>`, 'Verplicht bij weigeren.')}`,
            'Besluit vastleggen',
          )}
        </section>`,
      );
    }
    offer(
      'record_reply',
      html`<section class="rhs-panel" aria-labelledby="d-reply">
        <h3 id="d-reply">Reactie vastleggen (per post ontvangen)</h3>
        ${errorFor(error, 'record_reply')}
        ${form(
          id,
          csrfToken,
          'record_reply',
          html`<fieldset>
              <legend>
                Van welk(e) ministerie(s)?
                <span class="rhs-hint">Meerdere aanvinken voor een gezamenlijke reactie.</span>
              </legend>
              ${openCases.map((c) => html`<label class="rhs-checkbox"><input type="checkbox" name="ministries" value="${c.ministry.code}" /> ${c.ministry.name} (${c.ministry.code})</label>`)}
            </fieldset>
            ${field('reply-date', 'Datum van ontvangst', html`<input type="date" id="reply-date" name="receivedDate" value="${today}" max="${today}" required />`)}
            ${field('reply-text', 'Inhoud of samenvatting van de reactie', html`<textarea id="reply-text" name="text" required maxlength="20000"></textarea>`)}`,
          'Reactie vastleggen',
        )}
      </section>`,
    );
    offer(
      'extend_deadline',
      html`<section class="rhs-panel" aria-labelledby="d-extend">
        <h3 id="d-extend">Reactietermijn verlengen</h3>
        ${errorFor(error, 'extend_deadline')}
        ${form(
          id,
          csrfToken,
          'extend_deadline',
          html`${field(
            'extend-ministry',
            'Ministerie',
            html`<select id="extend-ministry" name="ministryCode">
              ${openCases.map((c) => html`<option value="${c.ministry.code}">${c.ministry.code} · termijn nu ${formatDeadline(c.replyDueAt)}</option>`)}
            </select>`,
          )}
          ${field('extend-date', 'Nieuwe uiterste datum', html`<input type="date" id="extend-date" name="dueDate" min="${today}" required />`)}
          ${field('extend-reason', 'Reden', html`<textarea id="extend-reason" name="reason" required maxlength="2000"></textarea>`)}`,
          'Termijn verlengen',
          'rhs-button--secondary',
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

  if (signal.status === 'replied') {
    offer(
      'close',
      html`<section class="rhs-panel" aria-labelledby="d-close">
        <h3 id="d-close">Reactie doorsturen en afsluiten</h3>
        ${errorFor(error, 'close')}
        ${form(id, csrfToken, 'close', field('close-note', 'Toelichting voor de indiener (optioneel)', html`<textarea id="close-note" name="note" maxlength="2000"></textarea>`), 'Afsluiten')}
      </section>`,
    );
  }

  if (isOpenStatus(signal.status)) {
    offer(
      'withdraw',
      html`<details class="rhs-panel" ${error?.action === 'withdraw' ? html`open` : ''}>
        <summary>Signaal intrekken</summary>
        ${errorFor(error, 'withdraw')}
        ${form(id, csrfToken, 'withdraw', field('withdraw-reason', 'Reden', html`<textarea id="withdraw-reason" name="reason" required maxlength="2000"></textarea>`), 'Signaal intrekken', 'rhs-button--danger')}
      </details>`,
    );
  }
  const orphanError = error && !errorShown ? errorAlert(error) : '';
  if (panels.length === 0 && isOpenStatus(signal.status)) {
    return html`${orphanError}
      <p class="rhs-muted" data-no-decisions="role">
        U kunt dit signaal inzien; besluiten nemen de coördinatoren en de loketleider.
      </p>`;
  }
  if (panels.length === 0) {
    return html`${orphanError}
      <p class="rhs-muted">
        Dit signaal is ${SIGNAL_STATUS_LABELS[signal.status].toLowerCase()}; er zijn geen besluiten meer te
        nemen.
      </p>`;
  }
  return html`${orphanError}${panels}`;
}

export function renderSignalHeader(detail: SignalDetail, now: Date): Html {
  const { signal } = detail;
  const open = isOpenStatus(signal.status);
  const days = signal.nextDeadlineAt && open ? daysUntil(signal.nextDeadlineAt, now) : null;
  return html`<dl class="rhs-meta">
    <div>
      <dt>Status</dt>
      <dd>${statusBadge(signal.status)}</dd>
    </div>
    <div>
      <dt>Referentie</dt>
      <dd>${signal.reference}</dd>
    </div>
    <div>
      <dt>Indiener</dt>
      <dd>${signal.organisation.name}</dd>
    </div>
    <div>
      <dt>Ingediend</dt>
      <dd>${formatDate(signal.submittedAt)}</dd>
    </div>
    ${
      signal.sentAt
        ? html`<div>
            <dt>Aangeboden aan ministeries</dt>
            <dd>${formatDate(signal.sentAt)}</dd>
          </div>`
        : ''
    }
    ${
      signal.closedAt
        ? html`<div>
            <dt>Afgesloten</dt>
            <dd>${formatDate(signal.closedAt)}</dd>
          </div>`
        : ''
    }
    ${
      days !== null
        ? html`<div>
            <dt>Volgende termijn (${deadlineKindLabel(signal.nextDeadlineKind)})</dt>
            <dd>
              ${formatDeadline(signal.nextDeadlineAt)} ·
              <span class="${days < 0 ? 'rhs-overdue' : ''}">${daysPhrase(days)}</span>
            </dd>
          </div>`
        : ''
    }
  </dl>`;
}

export function signalPage(options: SignalPageOptions): string {
  const { detail, now, notice, temporalUrl } = options;
  const { signal } = detail;
  const recommendations = Array.isArray(signal.recommendations)
    ? (signal.recommendations as unknown[]).map(String)
    : [];
  const body = html` <nav class="rhs-breadcrumb" aria-label="Kruimelpad">
      <ol>
        <li><a href="/">Signalen</a></li>
        <li aria-current="page">${signal.reference}</li>
      </ol>
    </nav>
    ${notice ? html`<div class="rhs-alert rhs-alert--success" role="status"><p>${notice}</p></div>` : ''}
    <h1>${signal.title}</h1>
    <div id="signal-header" data-live-region="header">${renderSignalHeader(detail, now)}</div>
    ${signal.imported ? html`<p class="rhs-muted">Dit signaal is geïmporteerd uit de registratie van vóór signaalloket.</p>` : ''}
    ${
      temporalUrl
        ? html`<p>
            <a href="${temporalUrl}" rel="noopener"
              >Workflow van dit signaal in Temporal bekijken<span class="rhs-visually-hidden">
                (technische weergave)</span
              ></a
            >
          </p>`
        : ''
    }
    <p id="live-status" class="rhs-visually-hidden" role="status" aria-live="polite"></p>
    <div class="rhs-columns">
      <div>
        <h2>Ministeries</h2>
        <div id="signal-ministries" data-live-region="ministries">${renderMinistries(detail, now)}</div>
        <h2>Besluiten</h2>
        ${decisions(options)}
        <h2>Inhoud</h2>
        <h3>Samenvatting</h3>
        <div class="rhs-content">${textBlock(signal.summary)}</div>
        <h3>Signaal</h3>
        <div class="rhs-content">${textBlock(signal.content)}</div>
        ${
          recommendations.length > 0
            ? html`<h3>Aanbevelingen</h3>
                <ol>
                  ${recommendations.map((r) => html`<li>${r}</li>`)}
                </ol>`
            : ''
        }
        ${signalDocumentsSection(signal.id, detail.signal.documents)}
        ${
          detail.signal.replies.length > 0
            ? html`<h3>Reacties</h3>
                ${detail.signal.replies.map(
                  (reply) =>
                    html`<div class="rhs-panel">
                      <p>
                        <strong>${reply.cases.map((c) => c.ministry.code).join(' en ')}</strong> · ontvangen
                        ${formatDateTime(reply.receivedAt)} ·
                        ${reply.channel === 'post' ? 'per post' : 'via de persoonlijke link'}
                      </p>
                      <div class="rhs-content">${textBlock(reply.text)}</div>
                      ${replyDocumentsList(signal.id, reply.id, reply.documents)}
                    </div>`,
                )}`
            : ''
        }
      </div>
      <div>
        <h2>Tijdlijn</h2>
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
