import { formatDateTime, formatDay, formatDeadline } from '../../shared/response-links/format';
import { addCalendarDays, type CalendarDate } from '../../shared/working-days';
import { mayProposeOutcomes, type CaseView } from './case-view';
import { DECIDED_OUTCOMES } from '../../shared/recommendation-outcomes';
import { FOLLOW_UP_PROGRESS } from '../../shared/follow-up';
import { OUTCOME_LABELS } from '../../shared/recommendation-labels';
import { html, type Html } from '../../shared/html';
import { stylesheetHrefs } from '../design-system/assets';
import { sizeLabel, TEXTS, type Language } from './texts';

export interface PageContext {
  language: Language;
  /** Path of the page itself without query (the language switch points there). Absent on token-less pages. */
  pagePath?: string;
}

export function layout(ctx: PageContext, title: string, body: Html): string {
  const t = TEXTS[ctx.language];
  const other = t.switchLang;
  const switcher = ctx.pagePath
    ? html`<a class="utrecht-link utrecht-link--html-a" href="${ctx.pagePath}?lang=${other}" hreflang="${other}" lang="${other}">${t.switchLabel}</a>`
    : '';
  const stylesheets = stylesheetHrefs('respond').map((href) => html`<link rel="stylesheet" href="${href}">`);
  return (
    '<!doctype html>' +
    html`<html lang="${ctx.language}" class="liec-theme"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<title>${title} – ${t.desk}</title>${stylesheets}</head>
<body class="utrecht-document liec-respond"><a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">${t.skip}</a>
<header class="utrecht-page-header"><div class="utrecht-page-header__content liec-bar"><span class="liec-bar__desk">${t.desk}</span>${switcher}</div></header>
<main id="main" class="utrecht-page liec-main" tabindex="-1">${body}</main>
<footer class="utrecht-page liec-footer"><p class="utrecht-paragraph utrecht-paragraph--small">${t.personal}</p></footer>
</body></html>`.value
  );
}

const paragraph = (text: string): Html => html`<p class="utrecht-paragraph">${text}</p>`;

const submit = (label: string): Html =>
  html`<button type="submit" class="utrecht-button utrecht-button--primary-action utrecht-button--submit">${label}</button>`;

/** A labelled control with its hint above it, as the form-field component lays it out. */
function field(id: string, label: string, hint: string, control: Html): Html {
  return html`<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
<div class="utrecht-form-field-description utrecht-form-field__description" id="${id}-hint">${hint}</div>
<div class="utrecht-form-field__input">${control}</div></div>`;
}

export interface FormTokens {
  csrf: string;
  submissionId: string;
}

export interface UploadLimits {
  maxFiles: number;
  maxFileBytes: number;
}

export function casePage(
  ctx: PageContext & {
    pagePath: string;
    /** Today in Amsterdam: the earliest date a contact can ask for is the day after. */
    today: CalendarDate;
  },
  view: CaseView,
  form: FormTokens,
  limits: UploadLimits,
): string {
  const { language } = ctx;
  const t = TEXTS[language];
  const day = (value: Date | null): string => (value ? formatDeadline(value, language) : t.notSet);
  const ministryName = language === 'nl' ? view.ministry.name : view.ministry.nameEn;
  const action = (name: string): string => `${ctx.pagePath}/${name}?lang=${language}`;
  const csrfField = html`<input type="hidden" name="csrf" value="${form.csrf}">`;
  const tomorrow = addCalendarDays(ctx.today, 1);

  const acknowledge = view.acknowledgedAt
    ? paragraph(t.ackDone(formatDateTime(view.acknowledgedAt, language)))
    : html`${paragraph(t.ackExplain)}
<form method="post" action="${action('acknowledge')}">${csrfField}${submit(t.ackButton)}</form>`;

  const extension = view.pendingExtensionDate
    ? paragraph(t.extPending(formatDay(view.pendingExtensionDate, language)))
    : html`${paragraph(t.extExplain)}
<form method="post" action="${action('extension')}">${csrfField}
${field('dueDate', t.extDate, t.extDateHint, html`<input type="date" class="utrecht-textbox utrecht-textbox--html-input liec-date" id="dueDate" name="dueDate" required min="${tomorrow}" aria-describedby="dueDate-hint">`)}
${field('reason', t.extReason, t.extReasonHint, html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="reason" name="reason" required maxlength="1000" aria-describedby="reason-hint"></textarea>`)}
${submit(t.extButton)}</form>`;

  const suspension = view.replySuspendedSince
    ? paragraph(t.suspended(formatDateTime(view.replySuspendedSince, language)))
    : view.pendingSuspensionAt
      ? paragraph(t.suspPending(formatDateTime(view.pendingSuspensionAt, language)))
      : html`${paragraph(t.suspExplain)}
<form method="post" action="${action('suspension')}">${csrfField}
${field('suspensionReason', t.suspReason, t.suspReasonHint, html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="suspensionReason" name="reason" required maxlength="1000" aria-describedby="suspensionReason-hint"></textarea>`)}
${submit(t.suspButton)}</form>`;

  const reply = html`${paragraph(t.replyExplain)}
<form method="post" action="${action('reply')}" enctype="multipart/form-data">${csrfField}
<input type="hidden" name="submissionId" value="${form.submissionId}">
${field('text', t.replyText, t.replyTextHint, html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="text" name="text" maxlength="20000" aria-describedby="text-hint"></textarea>`)}
${field('documents', t.replyFiles, t.replyFilesHint(limits.maxFiles, sizeLabel(limits.maxFileBytes)), html`<input type="file" class="liec-file" id="documents" name="documents" multiple accept=".pdf,.docx,.odt,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text,text/plain" aria-describedby="documents-hint">`)}
${submit(t.replyButton)}</form>`;

  const label = (outcome: keyof typeof OUTCOME_LABELS): string => OUTCOME_LABELS[outcome][language];
  const recommendations = html`${paragraph(t.recExplain)}
<ol class="utrecht-ordered-list liec-recommendations">${view.recommendations.map((r) => {
    const key = `rec-${r.position}`;
    return html`<li class="utrecht-ordered-list__item" data-recommendation="${r.id}">${paragraph(r.text)}
${r.outcome !== 'open' ? paragraph(t.recRecorded(label(r.outcome))) : ''}
${r.proposedOutcome && r.proposedAt ? paragraph(t.recProposed(label(r.proposedOutcome), formatDateTime(r.proposedAt, language))) : ''}
<form method="post" action="${action('outcomes')}">${csrfField}
<input type="hidden" name="recommendationId" value="${r.id}">
${field(`${key}-outcome`, t.recOutcome, '', html`<select class="utrecht-select utrecht-select--html-select" id="${key}-outcome" name="outcome">${DECIDED_OUTCOMES.map((o) => html`<option value="${o}"${o === (r.proposedOutcome ?? r.outcome) ? html` selected` : ''}>${label(o)}</option>`)}</select>`)}
${field(`${key}-reason`, t.recReason, t.recReasonHint, html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${key}-reason" name="reason" maxlength="1000" aria-describedby="${key}-reason-hint"></textarea>`)}
${submit(t.recButton)}</form></li>`;
  })}</ol>`;

  const followUp = (f: NonNullable<CaseView['followUp']>): Html =>
    f.reportedAt
      ? paragraph(t.followUpDone(formatDateTime(f.reportedAt, language)))
      : html`${paragraph(t.followUpExplain(formatDeadline(f.dueAt, language)))}
<form method="post" action="${action('follow-up')}">${csrfField}
${field('progress', t.followUpProgress, '', html`<select class="utrecht-select utrecht-select--html-select" id="progress" name="progress">${FOLLOW_UP_PROGRESS.map((p) => html`<option value="${p}">${t.followUpProgressLabels[p]}</option>`)}</select>`)}
${field('progressNote', t.followUpNote, t.followUpNoteHint, html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="progressNote" name="note" required maxlength="1000" aria-describedby="progressNote-hint"></textarea>`)}
${submit(t.followUpButton)}</form>`;

  const item = (key: string, value: string) =>
    html`<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${key}</dt><dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">${value}</dd></div>`;
  const section = (id: string, heading: string, content: Html) =>
    html`<section class="liec-section" aria-labelledby="${id}"><h2 class="utrecht-heading-2" id="${id}">${heading}</h2>${content}</section>`;
  const body = html`<h1 class="utrecht-heading-1">${t.title(view.reference)}</h1>
${paragraph(t.intro(ministryName))}
${section(
  'summary-heading',
  t.summary,
  html`<dl class="utrecht-data-list utrecht-data-list--rows">
${item(t.reference, view.reference)}
${item(t.ministry, ministryName)}
${item(t.state, t.status[view.status])}
${item(t.ackDue, day(view.ackDueAt))}
${view.ackSuspendedSince && !view.acknowledgedAt ? item(t.ackSuspendedSince, formatDateTime(view.ackSuspendedSince, language)) : ''}
${view.acknowledgedAt ? item(t.acknowledgedAt, formatDateTime(view.acknowledgedAt, language)) : ''}
${item(t.replyDue, day(view.replyDueAt))}
${view.replySuspendedSince ? item(t.replySuspendedSince, formatDateTime(view.replySuspendedSince, language)) : ''}
${view.pendingExtensionDate ? item(t.pendingExtension, formatDay(view.pendingExtensionDate, language)) : ''}
</dl>`,
)}
${
  view.status === 'replied'
    ? paragraph(t.afterReply(formatDateTime(view.repliedAt ?? new Date(0), language)))
    : html`${section('ack-heading', t.ackHeading, acknowledge)}
${section('ext-heading', t.extHeading, extension)}
${section('susp-heading', t.suspHeading, suspension)}
${section('reply-heading', t.replyHeading, reply)}`
}
${view.recommendations.length > 0 && mayProposeOutcomes(view) ? section('rec-heading', t.recHeading, recommendations) : ''}
${view.followUp ? section('follow-up-heading', t.followUpHeading, followUp(view.followUp)) : ''}`;
  return layout(ctx, t.title(view.reference), body);
}

export type NoticeKind = 'ok' | 'error' | 'info';

/** A one-message page: results, refusals and every error. */
export function messagePage(
  ctx: PageContext,
  notice: {
    kind: NoticeKind;
    title: string;
    lines: string[];
    reference?: string;
    backLink?: boolean;
    /** The desk's mailbox, for pages that tell the contact to ask for a new link. */
    deskAddress?: string;
  },
): string {
  const t = TEXTS[ctx.language];
  const desk = notice.deskAddress
    ? html`<p class="utrecht-paragraph">${t.deskContact} <a class="utrecht-link utrecht-link--html-a" href="mailto:${notice.deskAddress}">${notice.deskAddress}</a></p>`
    : '';
  const body = html`${notice.reference ? html`<p class="utrecht-paragraph utrecht-paragraph--small">${t.reference}: ${notice.reference}</p>` : ''}
<div class="utrecht-alert utrecht-alert--${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}"><div class="utrecht-alert__content"><div class="utrecht-alert__message"><h1 class="utrecht-heading-1 liec-alert-heading">${notice.title}</h1>
${notice.lines.map((line) => paragraph(line))}${desk}</div></div></div>
${notice.backLink && ctx.pagePath ? html`<p class="utrecht-paragraph"><a class="utrecht-link utrecht-link--html-a" href="${ctx.pagePath}?lang=${ctx.language}">${t.back}</a></p>` : ''}`;
  return layout(ctx, notice.title, body);
}
