import { DUTCH_MONTHS } from '../shared/dutch-months';
import { amsterdamDate } from '../shared/working-days';
import type { AnnualReportFigures } from './annual-report';
import type { ReportedSignal } from './reported-signal';

/**
 * The Dutch paragraph for the annual report, in the register of the RIEC-LIEC annual report (see page 3 of the
 * 2022 report): counts in words, moments as "begin mei" / "medio mei" / "eind juni", each signal by its subject.
 * A handful of signals are told one by one; beyond that the paragraph summarises.
 */

const NUMBERS = [
  'geen',
  'één',
  'twee',
  'drie',
  'vier',
  'vijf',
  'zes',
  'zeven',
  'acht',
  'negen',
  'tien',
  'elf',
  'twaalf',
];
const ORDINALS = ['eerste', 'tweede', 'derde', 'vierde', 'vijfde'];
const MAX_TOLD_ONE_BY_ONE = ORDINALS.length;

export function dutchNumber(n: number): string {
  return NUMBERS[n] ?? String(n);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "begin mei", "medio mei", "eind juni": the way the annual report dates things. */
export function partOfMonth(iso: string): string {
  const date = amsterdamDate(new Date(iso));
  const day = Number(date.slice(8, 10));
  const month = DUTCH_MONTHS[Number(date.slice(5, 7)) - 1]!;
  return `${day <= 10 ? 'begin' : day <= 20 ? 'medio' : 'eind'} ${month}`;
}

/** "eind 2021": a moment in another year than the report's. */
export function partOfYear(iso: string): string {
  const date = amsterdamDate(new Date(iso));
  const month = Number(date.slice(5, 7));
  return `${month <= 4 ? 'begin' : month <= 8 ? 'medio' : 'eind'} ${date.slice(0, 4)}`;
}

/** The subject of a signal as it reads after "gaat over": its title with a lower-case start (abbreviations kept). */
export function subjectOf(title: string): string {
  const trimmed = title.trim().replace(/[.\s]+$/, '');
  // "RVO-gegevens", "IMEI": an abbreviation keeps its capitals.
  const isAbbreviation = /^[A-Z]{2}/.test(trimmed);
  return isAbbreviation ? trimmed : trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/** "Buitenlandse Zaken" out of "Ministerie van Buitenlandse Zaken". */
export function portfolioOf(ministryName: string): string {
  return ministryName.replace(/^ministerie van\s+/i, '').trim();
}

function joinDutch(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/** "de reactie van de minister van X" or, for a joint reply, "de gezamenlijke reactie van de ministers van X en van Y". */
function replyFrom(ministries: { name: string }[]): string {
  const portfolios = ministries.map((m) => portfolioOf(m.name));
  if (portfolios.length === 1) return `de reactie van de minister van ${portfolios[0]}`;
  return `de gezamenlijke reactie van de ministers van ${joinDutch(portfolios.map((p, i) => (i === 0 ? p : `van ${p}`)))}`;
}

function signalsWord(n: number): string {
  return n === 1 ? 'bestuurlijk signaal' : 'bestuurlijke signalen';
}

function tellSentSignal(signal: ReportedSignal, index: number, year: number, total: number): string {
  const sentences: string[] = [];
  const which = total === 1 ? 'Het signaal' : `Het ${ORDINALS[index]}`;
  sentences.push(
    `${which} is ${partOfMonth(signal.sentAt!)} ingediend en gaat over ${subjectOf(signal.title)}.`,
  );
  for (const reply of signal.replies) {
    const when = amsterdamDate(new Date(reply.receivedAt)).startsWith(String(year))
      ? partOfMonth(reply.receivedAt)
      : partOfYear(reply.receivedAt);
    sentences.push(`${capitalise(when)} is hierop ${replyFrom(reply.ministries)} ontvangen.`);
  }
  if (signal.awaitingAtYearEnd) {
    const many = signal.ministries.length > 1;
    sentences.push(
      signal.replies.length > 0
        ? `Op de reactie van de overige betrokken ${many ? 'ministers' : 'minister'} wordt nog gewacht.`
        : `De indieners zijn nog in afwachting van de reactie van de betrokken ${many ? 'ministers' : 'minister'}.`,
    );
  }
  return sentences.join(' ');
}

function tellEarlierSignal(signal: ReportedSignal, year: number, first: boolean): string {
  const reply = signal.replies
    .filter((r) => amsterdamDate(new Date(r.receivedAt)).startsWith(String(year)))
    .at(-1)!;
  const lead = first ? 'Daarnaast is' : 'Ook is';
  return `${lead} ${partOfMonth(reply.receivedAt)} de reactie ontvangen op een ${partOfYear(signal.sentAt!)} ingediend bestuurlijk signaal over ${subjectOf(signal.title)}.`;
}

export function annualReportParagraph(figures: AnnualReportFigures): string {
  const { year, sent, sentSignals, earlierSignalsReplied } = figures;
  const sentences: string[] = [];
  if (sent === 0) {
    sentences.push(
      `In ${year} zijn via het LIEC geen bestuurlijke signalen bij de verantwoordelijke ministeries ingediend.`,
    );
  } else {
    sentences.push(
      `In ${year} ${sent === 1 ? 'is' : 'zijn'} via het LIEC ${dutchNumber(sent)} ${signalsWord(sent)} bij de verantwoordelijke ministeries ingediend.`,
    );
    if (sentSignals.length <= MAX_TOLD_ONE_BY_ONE) {
      sentSignals.forEach((signal, index) =>
        sentences.push(tellSentSignal(signal, index, year, sentSignals.length)),
      );
    } else {
      const answered = sentSignals.filter((s) => s.replies.length > 0).length;
      const waiting = sentSignals.filter((s) => s.awaitingAtYearEnd).length;
      sentences.push(
        `Op ${dutchNumber(answered)} daarvan is in ${year} een reactie ontvangen; op ${dutchNumber(waiting)} wachtten de indieners aan het eind van het jaar nog op (een deel van) de reactie.`,
      );
    }
  }
  if (earlierSignalsReplied.length <= MAX_TOLD_ONE_BY_ONE) {
    earlierSignalsReplied.forEach((signal, index) =>
      sentences.push(tellEarlierSignal(signal, year, index === 0)),
    );
  } else {
    sentences.push(
      `Daarnaast zijn reacties ontvangen op ${dutchNumber(earlierSignalsReplied.length)} eerder ingediende bestuurlijke signalen.`,
    );
  }
  if (figures.repliesReceived > 0 && figures.medianReplyDays !== null && figures.longestReplyDays !== null) {
    const weeks = (days: number) => Math.round(days / 7);
    const [typical, longest] = [weeks(figures.medianReplyDays), weeks(figures.longestReplyDays)];
    const from = 'gerekend vanaf het aanbieden aan de ministeries';
    sentences.push(
      figures.repliesReceived === 1
        ? `De reactie kwam na ${longest} weken, ${from}.`
        : typical === longest
          ? `De reacties kwamen na ongeveer ${longest} weken, ${from}.`
          : `De mediane reactietermijn was ${typical} weken en de langste ${longest} weken, ${from}.`,
    );
  }
  if (figures.repliesForwarded > 0) {
    const n = figures.repliesForwarded;
    sentences.push(
      `${capitalise(dutchNumber(n))} ${n === 1 ? 'reactie is' : 'reacties zijn'} in ${year} door het LIEC aan de indieners doorgestuurd.`,
    );
  }
  sentences.push(...recommendationSentences(figures));
  if (figures.countsCoSubmitters) {
    sentences.push(
      'Een signaal dat meerdere organisaties samen hebben ingediend, telt in de cijfers per organisatie mee bij elk van de indieners; in de totalen telt het één keer.',
    );
  }
  return sentences.join(' ');
}

/** The recommendations of the year's signals, what the ministries did with them, and the follow-ups reported. */
function recommendationSentences(figures: AnnualReportFigures): string[] {
  const { made, outcomes, followUpsReported } = figures.recommendations;
  const sentences: string[] = [];
  if (made > 0) {
    const pairs = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
    const parts = [
      [outcomes.adopted, 'overgenomen'],
      [outcomes.partly_adopted, 'deels overgenomen'],
      [outcomes.not_adopted, 'niet overgenomen'],
      [outcomes.under_consideration, 'nog in behandeling'],
      [outcomes.open, 'nog zonder uitkomst'],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, what]) => `${dutchNumber(n as number)} ${what}`);
    const perMinistry = pairs > made ? ' (per betrokken ministerie geteld)' : '';
    sentences.push(
      `De in ${figures.year} ingediende signalen bevatten ${dutchNumber(made)} ${made === 1 ? 'aanbeveling' : 'aanbevelingen'}. Daarvan ${pairs === 1 ? 'is' : 'zijn er'} aan het eind van het jaar${perMinistry} ${joinDutch(parts)}.`,
    );
  }
  if (followUpsReported.total > 0) {
    const n = followUpsReported.total;
    const parts = [
      [followUpsReported.implemented, 'uitgevoerd'],
      [followUpsReported.in_progress, 'in uitvoering'],
      [followUpsReported.dropped, 'afgezien'],
    ]
      .filter(([count]) => (count as number) > 0)
      .map(([count, what]) => `${dutchNumber(count as number)} ${what}`);
    sentences.push(
      `Bij de opvolging van overgenomen aanbevelingen ${n === 1 ? 'heeft één ministerie' : `hebben ministeries ${dutchNumber(n)} keer`} de voortgang gemeld: ${joinDutch(parts)}.`,
    );
  }
  return sentences;
}
