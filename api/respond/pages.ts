import { formatDateTime, formatDay, formatDeadline } from '../../activities/mail/templates';
import { addCalendarDays, type CalendarDate } from '../../shared/working-days';
import type { CaseView } from './case-view';
import { markup, trusted, type Html } from './html';
import { STYLESHEET } from './style';
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
    ? markup`<a href="${ctx.pagePath}?lang=${other}" hreflang="${other}" lang="${other}">${t.switchLabel}</a>`
    : '';
  return (
    '<!doctype html>' +
    markup`<html lang="${ctx.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<title>${title} – ${t.desk}</title><style>${trusted(STYLESHEET)}</style></head>
<body><a class="skip" href="#main">${t.skip}</a>
<header><div class="bar"><span class="desk">${t.desk}</span>${switcher}</div></header>
<main id="main" tabindex="-1">${body}</main>
<footer>${t.personal}</footer>
</body></html>`.value
  );
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
  const csrfField = markup`<input type="hidden" name="csrf" value="${form.csrf}">`;
  const tomorrow = addCalendarDays(ctx.today, 1);

  const acknowledge = view.acknowledgedAt
    ? markup`<p>${t.ackDone(formatDateTime(view.acknowledgedAt, language))}</p>`
    : markup`<p>${t.ackExplain}</p>
<form method="post" action="${action('acknowledge')}">${csrfField}<button type="submit">${t.ackButton}</button></form>`;

  const extension = view.pendingExtensionDate
    ? markup`<p>${t.extPending(formatDay(view.pendingExtensionDate, language))}</p>`
    : markup`<p>${t.extExplain}</p>
<form method="post" action="${action('extension')}">${csrfField}
<label for="dueDate">${t.extDate}</label><span class="hint" id="dueDate-hint">${t.extDateHint}</span>
<input type="date" id="dueDate" name="dueDate" required min="${tomorrow}" aria-describedby="dueDate-hint">
<label for="reason">${t.extReason}</label><span class="hint" id="reason-hint">${t.extReasonHint}</span>
<textarea id="reason" name="reason" required maxlength="1000" aria-describedby="reason-hint"></textarea>
<button type="submit">${t.extButton}</button></form>`;

  const reply = markup`<p>${t.replyExplain}</p>
<form method="post" action="${action('reply')}" enctype="multipart/form-data">${csrfField}
<input type="hidden" name="submissionId" value="${form.submissionId}">
<label for="text">${t.replyText}</label><span class="hint" id="text-hint">${t.replyTextHint}</span>
<textarea id="text" name="text" maxlength="20000" aria-describedby="text-hint"></textarea>
<label for="documents">${t.replyFiles}</label><span class="hint" id="documents-hint">${t.replyFilesHint(limits.maxFiles, sizeLabel(limits.maxFileBytes))}</span>
<input type="file" id="documents" name="documents" multiple accept=".pdf,.docx,.odt,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text,text/plain" aria-describedby="documents-hint">
<button type="submit">${t.replyButton}</button></form>`;

  const body = markup`<h1>${t.title(view.reference)}</h1>
<p>${t.intro(ministryName)}</p>
<section aria-labelledby="summary-heading"><h2 id="summary-heading">${t.summary}</h2><dl>
<dt>${t.reference}</dt><dd>${view.reference}</dd>
<dt>${t.ministry}</dt><dd>${ministryName}</dd>
<dt>${t.state}</dt><dd>${t.status[view.status]}</dd>
<dt>${t.ackDue}</dt><dd>${day(view.ackDueAt)}</dd>
${view.acknowledgedAt ? markup`<dt>${t.acknowledgedAt}</dt><dd>${formatDateTime(view.acknowledgedAt, language)}</dd>` : ''}
<dt>${t.replyDue}</dt><dd>${day(view.replyDueAt)}</dd>
${view.pendingExtensionDate ? markup`<dt>${t.pendingExtension}</dt><dd>${formatDay(view.pendingExtensionDate, language)}</dd>` : ''}
</dl></section>
<section aria-labelledby="ack-heading"><h2 id="ack-heading">${t.ackHeading}</h2>${acknowledge}</section>
<section aria-labelledby="ext-heading"><h2 id="ext-heading">${t.extHeading}</h2>${extension}</section>
<section aria-labelledby="reply-heading"><h2 id="reply-heading">${t.replyHeading}</h2>${reply}</section>`;
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
    ? markup`<p>${t.deskContact} <a href="mailto:${notice.deskAddress}">${notice.deskAddress}</a></p>`
    : '';
  const body = markup`${notice.reference ? markup`<p class="small">${t.reference}: ${notice.reference}</p>` : ''}
<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}"><h1>${notice.title}</h1>
${notice.lines.map((line) => markup`<p>${line}</p>`)}${desk}</div>
${notice.backLink && ctx.pagePath ? markup`<p><a href="${ctx.pagePath}?lang=${ctx.language}">${t.back}</a></p>` : ''}`;
  return layout(ctx, notice.title, body);
}
