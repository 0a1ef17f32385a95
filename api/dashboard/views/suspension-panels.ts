import type { DecisionAction } from '../decisions';
import type { SignalDetail } from '../signal-data';
import { choiceFieldset } from './choice-fieldset';
import { formatDate, formatDeadline } from './format';
import { html, type Html } from './html';

/**
 * The coordinator's forms to suspend and resume clocks and to decide a ministry's suspension request
 * (docs/architecture.md#the-clocks), for the signal page's decisions column. The page lends its form builders, so
 * every form looks and posts like the others.
 */
export interface PanelTools {
  form(action: DecisionAction, body: Html, button: string, style?: string): Html;
  field(id: string, label: string, control: Html, hint?: string): Html;
  errorFor(action: DecisionAction, ministryCode?: string): Html;
}

export interface OfferedPanel {
  action: DecisionAction;
  panel: Html;
}

type MinistryCase = SignalDetail['signal']['cases'][number];

const SIGNAL_CLOCK_NAMES = { review: 'Beoordelingstermijn', amendment: 'Termijn voor aanpassing' } as const;
const MINISTRY_CLOCK_NAMES = { acknowledgement: 'Ontvangstbevestiging', reply: 'Reactietermijn' } as const;

const textarea = (id: string, name: string, required: boolean) =>
  html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${id}" name="${name}" ${required ? html`required` : ''} maxlength="2000"></textarea>`;

/** Suspend a running clock (with a reason), or resume a suspended one (with an optional note). */
function clockForm(
  tools: PanelTools,
  key: string,
  clock: string,
  name: string,
  suspendedSince: Date | null,
  ministryCode?: string,
): Html {
  const hidden = html`<input type="hidden" name="clock" value="${clock}" />${
    ministryCode ? html`<input type="hidden" name="ministryCode" value="${ministryCode}" />` : ''
  }`;
  if (suspendedSince) {
    return html`<p class="utrecht-paragraph">${name}: opgeschort sinds ${formatDate(suspendedSince)}.</p>
      ${tools.form(
        'resume_clock',
        html`${hidden}${tools.field(`resume-note-${key}`, 'Toelichting (optioneel)', textarea(`resume-note-${key}`, 'note', false))}`,
        `${name} hervatten`,
        'utrecht-button--secondary-action',
      )}`;
  }
  return tools.form(
    'suspend_clock',
    html`${hidden}${tools.field(
      `suspend-reason-${key}`,
      `${name} opschorten: waarom?`,
      textarea(`suspend-reason-${key}`, 'reason', true),
      'Er gaan geen herinneringen of escalaties uit tot de termijn weer loopt; dan schuift de uiterste datum op met de werkdagen dat hij stilstond.',
    )}`,
    `${name} opschorten`,
    'utrecht-button--secondary-action',
  );
}

function signalClockPanel(detail: SignalDetail, tools: PanelTools): OfferedPanel[] {
  const { signal } = detail;
  const clock =
    signal.status === 'in_review' || signal.status === 'submitted'
      ? 'review'
      : signal.status === 'changes_requested'
        ? 'amendment'
        : null;
  if (!clock) return [];
  const name = SIGNAL_CLOCK_NAMES[clock];
  const action: DecisionAction = signal.suspendedSince ? 'resume_clock' : 'suspend_clock';
  return [
    {
      action,
      panel: html`<section class="liec-panel" aria-labelledby="d-clock" data-clock="${clock}">
        <h3 class="utrecht-heading-3" id="d-clock">${name} opschorten of hervatten</h3>
        ${tools.errorFor('suspend_clock')} ${tools.errorFor('resume_clock')}
        ${clockForm(tools, clock, clock, name, signal.suspendedSince)}
      </section>`,
    },
  ];
}

function requestDecision(tools: PanelTools, ministryCase: MinistryCase): Html {
  const code = ministryCase.ministry.code;
  return html`<div class="utrecht-alert utrecht-alert--warning">
      <div class="utrecht-alert__content">
        <div class="utrecht-alert__message">
          <p class="utrecht-paragraph">
            <strong>${code} vraagt de reactietermijn op te schorten</strong> (gevraagd op
            ${formatDate(ministryCase.suspensionRequestedAt)})
          </p>
          <p class="utrecht-paragraph">Reden: ${ministryCase.suspensionRequestReason ?? ''}</p>
        </div>
      </div>
    </div>
    ${tools.errorFor('decide_suspension', code)}
    ${tools.form(
      'decide_suspension',
      html`<input type="hidden" name="ministryCode" value="${code}" />
        ${choiceFieldset('Besluit', 'decision', [
          ['grant', 'Opschorting toekennen'],
          ['refuse', 'Opschorting weigeren'],
        ])}
        ${tools.field(`susp-reason-${code}`, 'Toelichting', textarea(`susp-reason-${code}`, 'reason', false), 'Verplicht bij weigeren.')}`,
      'Besluit vastleggen',
    )}`;
}

function ministryPanel(ministryCase: MinistryCase, tools: PanelTools): OfferedPanel[] {
  const code = ministryCase.ministry.code;
  if (ministryCase.suspensionRequestedAt) {
    return [
      {
        action: 'decide_suspension',
        panel: html`<section class="liec-panel" aria-labelledby="d-susp-${code}" data-suspension-request="${code}">
          <h3 class="utrecht-heading-3" id="d-susp-${code}">Verzoek om opschorting van ${code} beoordelen</h3>
          ${requestDecision(tools, ministryCase)}
        </section>`,
      },
    ];
  }
  const clocks: Array<{ clock: keyof typeof MINISTRY_CLOCK_NAMES; since: Date | null }> = [];
  if (ministryCase.status === 'awaiting_ack')
    clocks.push({ clock: 'acknowledgement', since: ministryCase.ackSuspendedSince });
  clocks.push({ clock: 'reply', since: ministryCase.replySuspendedSince });
  const suspended = clocks.some((c) => c.since !== null);
  return [
    {
      action: suspended ? 'resume_clock' : 'suspend_clock',
      panel: html`<section class="liec-panel" aria-labelledby="d-clocks-${code}" data-clocks="${code}">
        <h3 class="utrecht-heading-3" id="d-clocks-${code}">Termijnen van ${code} opschorten of hervatten</h3>
        <p class="utrecht-paragraph liec-muted">Reactietermijn nu ${formatDeadline(ministryCase.replyDueAt)}.</p>
        ${tools.errorFor('suspend_clock', code)} ${tools.errorFor('resume_clock', code)}
        ${clocks.map((c) =>
          clockForm(tools, `${c.clock}-${code}`, c.clock, MINISTRY_CLOCK_NAMES[c.clock], c.since, code),
        )}
      </section>`,
    },
  ];
}

/** The panels for the signal's state: its own clock while in review or amendment, each open ministry's after. */
export function suspensionPanels(detail: SignalDetail, tools: PanelTools): OfferedPanel[] {
  const { signal } = detail;
  const sentToMinistries = ['sent', 'partially_replied'].includes(signal.status);
  const openCases = sentToMinistries
    ? signal.cases.filter((c) => c.status !== 'replied' && c.status !== 'cancelled')
    : [];
  return [...signalClockPanel(detail, tools), ...openCases.flatMap((c) => ministryPanel(c, tools))];
}
