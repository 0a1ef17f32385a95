import type { AnnualReportFigures } from '../../../reports/annual-report';
import { DUTCH_MONTHS } from '../../../shared/dutch-months';
import type { SessionUser } from '../sessions';
import { monthlyChart } from './chart';
import { html } from './html';
import { layout } from './layout';

function days(value: number | null): string {
  if (value === null) return '–';
  return `${Math.round(value)} dagen`;
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
    html`<li class="rhs-figure">
      <span class="rhs-figure__value">${value}</span><span class="rhs-figure__label">${label}</span>
    </li>`;
  const body = html` <h1>Jaarcijfers ${f.year}</h1>
    <form method="get" action="/reports" class="rhs-filters" aria-label="Jaar kiezen">
      <div class="rhs-field">
        <label for="year">Jaar</label
        ><select id="year" name="year">
          ${o.years.map((y) => html`<option value="${y}" ${y === f.year ? html`selected` : ''}>${y}</option>`)}
        </select>
      </div>
      <div class="rhs-filters__actions">
        <button type="submit" class="rhs-button">Toon jaar</button>
        <a class="rhs-button rhs-button--secondary" href="/export.csv?year=${f.year}" download
          >Signalen van ${f.year} als CSV</a
        >
      </div>
    </form>
    <h2>Kerncijfers</h2>
    <ul class="rhs-figures">
      ${figure(f.submitted, 'ingediend bij het LIEC')} ${figure(f.sent, 'aangeboden aan ministeries')}
      ${figure(f.acknowledged, 'ontvangst bevestigd door een ministerie')}
      ${figure(f.replied, 'signalen met een reactie')}
      ${figure(f.awaitingAtYearEnd, 'wachtend op reactie op 31 december')}
      ${figure(days(f.medianReplyDays), 'mediane reactietermijn')}
      ${figure(days(f.longestReplyDays), 'langste reactietermijn')}
    </ul>
    <h2 id="paragraph-title">Tekst voor het jaarverslag</h2>
    <p class="rhs-hint">
      Reactietermijn: kalenderdagen van aanbieden aan het ministerie tot de reactie; een gezamenlijke reactie
      telt één keer.
    </p>
    <blockquote class="rhs-paragraph" id="annual-paragraph" aria-labelledby="paragraph-title">
      ${o.paragraph}
    </blockquote>
    <p>
      <button
        type="button"
        class="rhs-button rhs-button--secondary"
        data-copy-target="annual-paragraph"
        hidden
      >
        Kopieer tekst
      </button>
      <span role="status" class="rhs-muted" data-copy-status></span>
    </p>
    <h2>Per maand</h2>
    ${monthlyChart(f.year, f.monthly)}
    <details class="rhs-panel">
      <summary>Cijfers per maand als tabel</summary>
      <div class="rhs-scroll">
        <table class="rhs-table">
          <caption>
            Signalen per maand in ${f.year}
          </caption>
          <thead>
            <tr>
              <th scope="col">Maand</th>
              <th scope="col" class="rhs-num">Ingediend</th>
              <th scope="col" class="rhs-num">Aangeboden</th>
              <th scope="col" class="rhs-num">Reacties</th>
            </tr>
          </thead>
          <tbody>
            ${f.monthly.map(
              (m) =>
                html`<tr>
                  <th scope="row">${DUTCH_MONTHS[m.month - 1]}</th>
                  <td class="rhs-num">${m.submitted}</td>
                  <td class="rhs-num">${m.sent}</td>
                  <td class="rhs-num">${m.replies}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
    <h2>Per ministerie</h2>
    ${
      f.perMinistry.length === 0
        ? html`<p class="rhs-muted">Geen signalen bij ministeries in ${f.year}.</p>`
        : html`<table class="rhs-table rhs-table--stack">
            <caption class="rhs-visually-hidden">
              Cijfers per ministerie in ${f.year}
            </caption>
            <thead>
              <tr>
                <th scope="col">Ministerie</th>
                <th scope="col" class="rhs-num">Aangeboden</th>
                <th scope="col" class="rhs-num">Ontvangst bevestigd</th>
                <th scope="col" class="rhs-num">Gereageerd</th>
                <th scope="col" class="rhs-num">Wachtend op 31 dec</th>
                <th scope="col" class="rhs-num">Mediane termijn</th>
                <th scope="col" class="rhs-num">Langste termijn</th>
              </tr>
            </thead>
            <tbody>
              ${f.perMinistry.map(
                (m) =>
                  html`<tr>
                    <td data-label="Ministerie">${m.name} (${m.code})</td>
                    <td data-label="Aangeboden" class="rhs-num">${m.sent}</td>
                    <td data-label="Ontvangst bevestigd" class="rhs-num">${m.acknowledged}</td>
                    <td data-label="Gereageerd" class="rhs-num">${m.replied}</td>
                    <td data-label="Wachtend op 31 dec" class="rhs-num">${m.awaitingAtYearEnd}</td>
                    <td data-label="Mediane termijn" class="rhs-num">${days(m.medianReplyDays)}</td>
                    <td data-label="Langste termijn" class="rhs-num">${days(m.longestReplyDays)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <h2>Per RIEC en andere indieners</h2>
    ${
      f.perOrganisation.length === 0
        ? html`<p class="rhs-muted">Geen signalen in ${f.year}.</p>`
        : html`<table class="rhs-table rhs-table--stack">
            <caption class="rhs-visually-hidden">
              Cijfers per indiener in ${f.year}
            </caption>
            <thead>
              <tr>
                <th scope="col">Indiener</th>
                <th scope="col" class="rhs-num">Ingediend</th>
                <th scope="col" class="rhs-num">Aangeboden</th>
                <th scope="col" class="rhs-num">Met reactie</th>
                <th scope="col" class="rhs-num">Wachtend op 31 dec</th>
              </tr>
            </thead>
            <tbody>
              ${f.perOrganisation.map(
                (org) =>
                  html`<tr>
                    <td data-label="Indiener">${org.name}</td>
                    <td data-label="Ingediend" class="rhs-num">${org.submitted}</td>
                    <td data-label="Aangeboden" class="rhs-num">${org.sent}</td>
                    <td data-label="Met reactie" class="rhs-num">${org.replied}</td>
                    <td data-label="Wachtend op 31 dec" class="rhs-num">${org.awaitingAtYearEnd}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
  return layout({
    title: `Jaarcijfers ${f.year}`,
    user: o.user,
    csrfToken: o.csrfToken,
    current: 'reports',
    body,
  });
}
