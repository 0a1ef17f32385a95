import type { AnnualReportFigures } from '../../../reports/annual-report';
import { DUTCH_MONTHS } from '../../../shared/dutch-months';
import type { SessionUser } from '../sessions';
import { monthlyChart } from './chart';
import { html, type Html } from './html';
import { layout } from './layout';

function days(value: number | null): string {
  if (value === null) return '–';
  return `${Math.round(value)} dagen`;
}

interface FigureColumn<Row> {
  label: string;
  value: (row: Row) => string | number;
}

/**
 * A table of figures per ministry or per submitter: one name column and numeric columns, each cell labelled so the
 * table can stack into cards on a narrow screen.
 */
function stackedFiguresTable<Row>(o: {
  rows: Row[];
  empty: string;
  caption: string;
  nameLabel: string;
  name: (row: Row) => string;
  columns: FigureColumn<Row>[];
}): Html {
  if (o.rows.length === 0) return html`<p class="utrecht-paragraph liec-muted">${o.empty}</p>`;
  const numeric = 'utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data';
  return html`<table class="utrecht-table liec-table--stack">
    <caption class="utrecht-table__caption liec-visually-hidden">
      ${o.caption}
    </caption>
    <thead class="utrecht-table__header">
      <tr class="utrecht-table__row">
        <th scope="col" class="utrecht-table__header-cell">${o.nameLabel}</th>
        ${o.columns.map(
          (column) =>
            html`<th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
              ${column.label}
            </th>`,
        )}
      </tr>
    </thead>
    <tbody class="utrecht-table__body">
      ${o.rows.map(
        (row) =>
          html`<tr class="utrecht-table__row">
            <td data-label="${o.nameLabel}" class="utrecht-table__cell">${o.name(row)}</td>
            ${o.columns.map(
              (column) => html`<td data-label="${column.label}" class="${numeric}">${column.value(row)}</td>`,
            )}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function reportsPage(o: {
  user: SessionUser;
  csrfToken: string;
  figures: AnnualReportFigures;
  paragraph: string;
  years: number[];
}): string {
  const f = o.figures;
  const figure = (value: string | number, label: string) =>
    html`<li class="liec-figure">
      <span class="liec-figure__value">${value}</span><span class="liec-figure__label">${label}</span>
    </li>`;
  const body = html` <h1 class="utrecht-heading-1">Jaarcijfers ${f.year}</h1>
    <form method="get" action="/reports" class="liec-filters" aria-label="Jaar kiezen">
      <div class="utrecht-form-field">
        <label class="utrecht-form-label liec-label" for="year">Jaar</label
        ><select class="utrecht-select utrecht-select--html-select" id="year" name="year">
          ${o.years.map((y) => html`<option value="${y}" ${y === f.year ? html`selected` : ''}>${y}</option>`)}
        </select>
      </div>
      <div class="liec-filters__actions">
        <button type="submit" class="utrecht-button utrecht-button--primary-action">Toon jaar</button>
        <a
          class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
          href="/export.csv?year=${f.year}"
          download
          >Signalen van ${f.year} als CSV</a
        >
      </div>
    </form>
    <h2 class="utrecht-heading-2">Kerncijfers</h2>
    <ul class="liec-figures">
      ${figure(f.submitted, 'ingediend bij het LIEC')} ${figure(f.sent, 'aangeboden aan ministeries')}
      ${figure(f.acknowledged, 'ontvangst bevestigd door een ministerie')}
      ${figure(f.replied, 'signalen met een reactie')}
      ${figure(f.repliesForwarded, 'reacties doorgestuurd aan de indieners')}
      ${figure(f.awaitingAtYearEnd, 'wachtend op reactie op 31 december')}
      ${figure(days(f.medianReplyDays), 'mediane reactietermijn')}
      ${figure(days(f.longestReplyDays), 'langste reactietermijn')}
    </ul>
    <h2 class="utrecht-heading-2" id="paragraph-title">Tekst voor het jaarverslag</h2>
    <p class="utrecht-paragraph liec-muted">
      Reactietermijn: kalenderdagen van aanbieden aan het ministerie tot de reactie; een gezamenlijke reactie
      telt één keer.
    </p>
    <blockquote
      class="utrecht-blockquote utrecht-blockquote--html-blockquote liec-annual-paragraph"
      id="annual-paragraph"
      aria-labelledby="paragraph-title"
    >
      ${o.paragraph}
    </blockquote>
    <p class="utrecht-paragraph">
      <button
        type="button"
        class="utrecht-button utrecht-button--secondary-action"
        data-copy-target="annual-paragraph"
        hidden
      >
        Kopieer tekst
      </button>
      <span role="status" class="liec-muted" data-copy-status></span>
    </p>
    <h2 class="utrecht-heading-2">Per maand</h2>
    ${monthlyChart(f.year, f.monthly)}
    <details class="liec-panel">
      <summary>Cijfers per maand als tabel</summary>
      <div class="utrecht-table-container utrecht-table-container--overflow-inline">
        <table class="utrecht-table">
          <caption class="utrecht-table__caption">
            Signalen per maand in ${f.year}
          </caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th scope="col" class="utrecht-table__header-cell">Maand</th>
              <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                Ingediend
              </th>
              <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                Aangeboden
              </th>
              <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                Reacties
              </th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            ${f.monthly.map(
              (m) =>
                html`<tr class="utrecht-table__row">
                  <th scope="row" class="utrecht-table__header-cell">${DUTCH_MONTHS[m.month - 1]}</th>
                  <td
                    class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                  >
                    ${m.submitted}
                  </td>
                  <td
                    class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                  >
                    ${m.sent}
                  </td>
                  <td
                    class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                  >
                    ${m.replies}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
    <h2 class="utrecht-heading-2">Per ministerie</h2>
    ${stackedFiguresTable({
      rows: f.perMinistry,
      empty: `Geen signalen bij ministeries in ${f.year}.`,
      caption: `Cijfers per ministerie in ${f.year}`,
      nameLabel: 'Ministerie',
      name: (m) => `${m.name} (${m.code})`,
      columns: [
        { label: 'Aangeboden', value: (m) => m.sent },
        { label: 'Ontvangst bevestigd', value: (m) => m.acknowledged },
        { label: 'Gereageerd', value: (m) => m.replied },
        { label: 'Wachtend op 31 dec', value: (m) => m.awaitingAtYearEnd },
        { label: 'Mediane termijn', value: (m) => days(m.medianReplyDays) },
        { label: 'Langste termijn', value: (m) => days(m.longestReplyDays) },
      ],
    })}
    <h2 class="utrecht-heading-2" id="recommendations">Aanbevelingen</h2>
    <p class="utrecht-paragraph">
      ${f.recommendations.made} aanbevelingen in de signalen die in ${f.year} zijn aangeboden; per ministerie de
      uitkomst zoals die op 31 december was vastgelegd, en de opvolging die in ${f.year} is gemeld.
    </p>
    ${stackedFiguresTable({
      rows: [
        ...f.perMinistry.filter(
          (m) => m.recommendations.made + m.recommendations.followUpsReported.total > 0,
        ),
        ...(f.recommendations.made > 0 || f.recommendations.followUpsReported.total > 0
          ? [{ code: '', name: 'Totaal (per ministerie geteld)', recommendations: f.recommendations }]
          : []),
      ],
      empty: `Geen aanbevelingen in ${f.year}.`,
      caption: `Aanbevelingen per ministerie in ${f.year}`,
      nameLabel: 'Ministerie',
      name: (m) => (m.code ? `${m.name} (${m.code})` : m.name),
      columns: [
        {
          label: 'Aanbevelingen',
          value: (m) =>
            m.code
              ? m.recommendations.made
              : Object.values(m.recommendations.outcomes).reduce((a, b) => a + b, 0),
        },
        { label: 'Overgenomen', value: (m) => m.recommendations.outcomes.adopted },
        { label: 'Deels overgenomen', value: (m) => m.recommendations.outcomes.partly_adopted },
        { label: 'Niet overgenomen', value: (m) => m.recommendations.outcomes.not_adopted },
        { label: 'In behandeling', value: (m) => m.recommendations.outcomes.under_consideration },
        { label: 'Open', value: (m) => m.recommendations.outcomes.open },
        { label: 'Opvolging gemeld', value: (m) => m.recommendations.followUpsReported.total },
      ],
    })}
    <h2 class="utrecht-heading-2">Per RIEC en andere indieners</h2>
    ${stackedFiguresTable({
      rows: f.perOrganisation,
      empty: `Geen signalen in ${f.year}.`,
      caption: `Cijfers per indiener in ${f.year}`,
      nameLabel: 'Indiener',
      name: (org) => org.name,
      columns: [
        { label: 'Ingediend', value: (org) => org.submitted },
        { label: 'Aangeboden', value: (org) => org.sent },
        { label: 'Met reactie', value: (org) => org.replied },
        { label: 'Wachtend op 31 dec', value: (org) => org.awaitingAtYearEnd },
      ],
    })}`;
  return layout({
    title: `Jaarcijfers ${f.year}`,
    user: o.user,
    csrfToken: o.csrfToken,
    current: 'reports',
    body,
  });
}
