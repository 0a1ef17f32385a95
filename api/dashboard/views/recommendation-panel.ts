import { DECIDED_OUTCOMES, type RecommendationOutcome } from '../../../shared/recommendation-outcomes';
import { OUTCOME_LABELS } from '../../../shared/recommendation-labels';
import type { SignalDetail } from '../signal-data';
import { formatDateTime } from './format';
import { html, type Html } from './html';
import type { PanelTools } from './suspension-panels';
import { followUpPanel } from './follow-up-panel';

/**
 * The signal's recommendations on the signal page (docs/architecture.md#recommendations): each one's text and,
 * per ministry it was sent to, the outcome with who recorded it and when, a ministry's proposal awaiting
 * confirmation, and (for those who may record outcomes, while the signal runs) the form to record or confirm it;
 * under them, each ministry's follow-up (follow-up-panel.ts).
 */
type Recommendation = SignalDetail['signal']['recommendations'][number];
type Outcome = Recommendation['outcomes'][number];

const outcomeBadge = (outcome: RecommendationOutcome): Html =>
  html`<span class="liec-outcome liec-outcome--${outcome}" data-outcome="${outcome}"
    >${OUTCOME_LABELS[outcome].nl}</span
  >`;

function outcomeForm(tools: PanelTools, recommendation: Recommendation, o: Outcome): Html {
  const key = `${recommendation.position}-${o.ministry.code}`;
  const proposed = o.proposedOutcome && o.proposedOutcome !== 'open' ? o.proposedOutcome : null;
  const selected = proposed ?? (o.outcome === 'open' ? 'under_consideration' : o.outcome);
  const reason = proposed ? (o.proposedReason ?? '') : (o.reason ?? '');
  return tools.form(
    'record_outcome',
    html`<input type="hidden" name="recommendationId" value="${recommendation.id}" />
      <input type="hidden" name="ministryCode" value="${o.ministry.code}" />
      ${tools.field(
        `outcome-${key}`,
        `Uitkomst voor ${o.ministry.code}`,
        html`<select class="utrecht-select utrecht-select--html-select" id="outcome-${key}" name="outcome">
          ${DECIDED_OUTCOMES.map(
            (value) =>
              html`<option value="${value}" ${value === selected ? html`selected` : ''}>
                ${OUTCOME_LABELS[value].nl}
              </option>`,
          )}
        </select>`,
      )}
      ${tools.field(
        `outcome-reason-${key}`,
        'Toelichting',
        html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="outcome-reason-${key}" name="reason" maxlength="2000">${reason}</textarea>`,
        'Verplicht bij "niet overgenomen": waarom het ministerie de aanbeveling niet overneemt.',
      )}`,
    proposed ? 'Voorstel bevestigen' : 'Uitkomst vastleggen',
    'utrecht-button--secondary-action',
  );
}

function outcomeRow(tools: PanelTools, recommendation: Recommendation, o: Outcome, mayRecord: boolean): Html {
  const proposed = o.proposedOutcome && o.proposedOutcome !== 'open' ? o.proposedOutcome : null;
  return html`<li class="liec-outcome-row" data-outcome-ministry="${o.ministry.code}">
    <p class="utrecht-paragraph">
      <strong>${o.ministry.code}</strong> · ${outcomeBadge(o.outcome)}
      ${o.decidedAt ? html`<span class="liec-muted">· ${o.decidedBy ?? ''}, ${formatDateTime(o.decidedAt)}</span>` : ''}
    </p>
    ${o.reason ? html`<p class="utrecht-paragraph liec-muted">${o.reason}</p>` : ''}
    ${
      proposed
        ? html`<p class="utrecht-paragraph" data-proposal="${proposed}">
            Voorstel van het ministerie (${formatDateTime(o.proposedAt)}): ${outcomeBadge(proposed)}
            ${o.proposedReason ? html`— ${o.proposedReason}` : ''}
          </p>`
        : ''
    }
    ${tools.errorFor('record_outcome', `${recommendation.id}:${o.ministry.code}`)}
    ${mayRecord ? outcomeForm(tools, recommendation, o) : ''}
  </li>`;
}

/** What the user's role may do in the panel (api/auth/permissions.ts): record outcomes, record follow-up reports. */
export interface RecommendationPermissions {
  recordOutcome: boolean;
  reportFollowUp: boolean;
}

export function recommendationPanel(
  detail: SignalDetail,
  tools: PanelTools,
  may: RecommendationPermissions,
): Html {
  const { recommendations, status } = detail.signal;
  if (recommendations.length === 0) return html``;
  const running = !['closed', 'withdrawn', 'rejected'].includes(status);
  const cancelled = new Set(
    detail.signal.cases.filter((c) => c.status === 'cancelled').map((c) => c.ministry.code),
  );
  return html`<section id="recommendations" class="liec-recommendations" aria-labelledby="h-recommendations">
    <h3 class="utrecht-heading-3" id="h-recommendations">Aanbevelingen</h3>
    <ol class="utrecht-ordered-list">
      ${recommendations.map(
        (r) =>
          html`<li class="utrecht-ordered-list__item liec-recommendation" data-recommendation="${r.id}">
            <p class="utrecht-paragraph">${r.text}</p>
            ${
              r.outcomes.length > 0
                ? html`<ul class="liec-outcomes">
                    ${r.outcomes.map((o) =>
                      outcomeRow(
                        tools,
                        r,
                        o,
                        may.recordOutcome && running && !cancelled.has(o.ministry.code),
                      ),
                    )}
                  </ul>`
                : ''
            }
          </li>`,
      )}
    </ol>
    ${followUpPanel(detail, tools, may.reportFollowUp)}
  </section>`;
}
