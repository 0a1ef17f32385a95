import { deadlineDayOrNull } from '../shared/deadline-day';
import { amsterdamDate } from '../shared/working-days';
import { OUTCOME_LABELS } from '../shared/recommendation-labels';
import { RECOMMENDATION_OUTCOMES, type RecommendationOutcome } from '../shared/recommendation-outcomes';

/**
 * CSV of a signal list, for coordinators who continue in a spreadsheet. Semicolon-separated with a UTF-8 byte
 * order mark, because that is what Excel in a Dutch locale opens correctly; RFC 4180 quoting otherwise.
 * Cells that a spreadsheet would read as a formula are defused with a leading apostrophe.
 */
export interface SignalCsvRow {
  reference: string;
  title: string;
  status: string;
  submittedAt: Date;
  sentAt: Date | null;
  closedAt: Date | null;
  nextDeadlineAt: Date | null;
  nextDeadlineKind: string | null;
  imported?: boolean;
  organisation: { code: string; name: string };
  /** Current co-submitters (the lead is `organisation`); absent means none. */
  coSubmitters?: { organisation: { name: string } }[];
  cases: {
    status: string;
    ministry: { code: string };
    acknowledgedAt: Date | null;
    repliedAt: Date | null;
    replyDueAt: Date | null;
  }[];
  /** The recommendations with their outcome per addressed ministry (absent: the columns stay empty). */
  recommendations?: { outcomes: { outcome: RecommendationOutcome; ministry: { code: string } }[] }[];
}

/** The export's include for the recommendation columns. */
export const csvRecommendationsInclude = {
  select: { outcomes: { select: { outcome: true, ministry: { select: { code: true } } } } },
} as const;

export const CSV_COLUMNS = [
  'referentie',
  'titel',
  'status',
  'organisatie',
  'mede-indieners',
  'ministeries',
  'ingediend',
  'verzonden',
  'ontvangst bevestigd',
  'beantwoord',
  'volgende termijn',
  'soort termijn',
  'dagen over termijn',
  'gesloten',
  'aanbevelingen',
  'uitkomsten',
] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const day = (at: Date | null) => (at ? amsterdamDate(at) : '');

export function daysOverdue(deadline: Date | null, now: Date): number {
  if (!deadline || deadline >= now) return 0;
  return Math.max(1, Math.floor((now.getTime() - deadline.getTime()) / DAY_MS));
}

function perMinistry(row: SignalCsvRow, pick: (c: SignalCsvRow['cases'][number]) => Date | null): string {
  return row.cases
    .filter((c) => pick(c))
    .map((c) => `${c.ministry.code} ${day(pick(c))}`)
    .join(', ');
}

/** "BZ: 1 overgenomen, 1 open; JenV: 2 open": the outcomes per ministry, counted over the recommendations. */
function outcomesOf(row: SignalCsvRow): string {
  const perMinistry = new Map<string, Map<RecommendationOutcome, number>>();
  for (const recommendation of row.recommendations ?? []) {
    for (const o of recommendation.outcomes) {
      const counts = perMinistry.get(o.ministry.code) ?? new Map<RecommendationOutcome, number>();
      counts.set(o.outcome, (counts.get(o.outcome) ?? 0) + 1);
      perMinistry.set(o.ministry.code, counts);
    }
  }
  return [...perMinistry.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([code, counts]) =>
        `${code}: ${RECOMMENDATION_OUTCOMES.filter((o) => counts.has(o))
          .map((o) => `${counts.get(o)} ${OUTCOME_LABELS[o].nl.toLowerCase()}`)
          .join(', ')}`,
    )
    .join('; ');
}

export function signalsToCsv(rows: SignalCsvRow[], now: Date = new Date()): string {
  const lines = [CSV_COLUMNS.join(';')];
  for (const row of rows) {
    const open = !['closed', 'withdrawn', 'rejected'].includes(row.status);
    lines.push(
      [
        row.reference,
        row.title,
        row.status,
        row.organisation.name,
        (row.coSubmitters ?? []).map((co) => co.organisation.name).join(', '),
        row.cases
          .filter((c) => c.status !== 'cancelled')
          .map((c) => c.ministry.code)
          .join(', '),
        day(row.submittedAt),
        day(row.sentAt),
        perMinistry(row, (c) => c.acknowledgedAt),
        perMinistry(row, (c) => c.repliedAt),
        open ? deadlineDayOrNull(row.nextDeadlineAt) : '',
        open ? row.nextDeadlineKind : '',
        open ? daysOverdue(row.nextDeadlineAt, now) : '',
        day(row.closedAt),
        row.recommendations ? row.recommendations.length : '',
        outcomesOf(row),
      ]
        .map(cell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
