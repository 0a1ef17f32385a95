import type { MonthFigures } from '../../../reports/annual-report';
import { html, type Html } from './html';

const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const SERIES = [
  { key: 'submitted', label: 'ingediend bij het LIEC', colour: '#8fcae7' },
  { key: 'sent', label: 'aangeboden aan ministeries', colour: '#01689b' },
  { key: 'replies', label: 'reacties ontvangen', colour: '#39870c' },
] as const;

/** Grouped bars per month, as inline SVG (no script, no CDN); the same numbers are in a table next to it. */
export function monthlyChart(year: number, monthly: MonthFigures[]): Html {
  const width = 760;
  const height = 230;
  const left = 40;
  const bottom = 30;
  const top = 16;
  const plotHeight = height - bottom - top;
  const max = Math.max(1, ...monthly.flatMap((m) => [m.submitted, m.sent, m.replies]));
  const step = max <= 5 ? 1 : Math.ceil(max / 5);
  const ticks = Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
  const groupWidth = (width - left - 8) / 12;
  const barWidth = Math.min(14, (groupWidth - 8) / 3);
  const y = (value: number) => top + plotHeight - (value / (ticks.at(-1)! || 1)) * plotHeight;
  const total = (key: (typeof SERIES)[number]['key']) => monthly.reduce((sum, m) => sum + m[key], 0);
  const description = SERIES.map((s) => `${total(s.key)} ${s.label}`).join(', ');
  return html`<svg
      class="liec-chart"
      viewBox="0 0 ${width} ${height}"
      role="img"
      aria-labelledby="chart-title chart-desc"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="chart-title">Signalen per maand in ${year}</title>
      <desc id="chart-desc">
        Staafdiagram per maand: ${description}. De cijfers per maand staan ook in de tabel onder de grafiek.
      </desc>
      ${ticks.map(
        (tick) =>
          html`<g
            ><line
              x1="${left}"
              x2="${width - 4}"
              y1="${y(tick)}"
              y2="${y(tick)}"
              stroke="#cccccc"
              stroke-width="1"
            />
            <text
              x="${left - 8}"
              y="${y(tick) + 4}"
              text-anchor="end"
              font-size="12"
              fill="#535353"
              font-family="system-ui, Arial, sans-serif"
              >${tick}</text
            ></g
          >`,
      )}
      ${monthly.map((m, index) => {
        const x0 = left + index * groupWidth + (groupWidth - barWidth * 3 - 4) / 2;
        return html`<g>
          ${SERIES.map((s, si) => {
            const value = m[s.key];
            return value > 0
              ? html`<rect
                  x="${x0 + si * (barWidth + 2)}"
                  y="${y(value)}"
                  width="${barWidth}"
                  height="${top + plotHeight - y(value)}"
                  fill="${s.colour}"
                  ><title>${MONTHS[index]}: ${value} ${s.label}</title></rect
                >`
              : '';
          })}
          <text
            x="${left + index * groupWidth + groupWidth / 2}"
            y="${height - 10}"
            text-anchor="middle"
            font-size="12"
            fill="#000000"
            font-family="system-ui, Arial, sans-serif"
            >${MONTHS[index]}</text
          >
        </g>`;
      })}
      <line
        x1="${left}"
        x2="${width - 4}"
        y1="${top + plotHeight}"
        y2="${top + plotHeight}"
        stroke="#000000"
        stroke-width="1"
      />
    </svg>
    <ul class="liec-legend" aria-hidden="true">
      ${SERIES.map((s) => html`<li><span class="is-${s.key}"></span>${s.label}</li>`)}
    </ul>`;
}
