/**
 * The workflow's refusal reasons are English (they also travel through the API); coordinators read Dutch. Known
 * reasons are translated here; anything else is shown as the workflow wrote it.
 */
const STATES: Record<string, string> = {
  submitted: 'ingediend',
  'in review': 'in beoordeling',
  'waiting for changes by the submitter': 'in afwachting van een aanpassing door de indiener',
  rejected: 'afgewezen',
  withdrawn: 'ingetrokken',
  'sent to the ministries': 'aangeboden aan de ministeries',
  'partially replied': 'deels beantwoord',
  replied: 'beantwoord',
  closed: 'afgesloten',
  awaiting_ack: 'nog niet bevestigd',
  acknowledged: 'bevestigd',
  extension_requested: 'in afwachting van een besluit over uitstel',
  cancelled: 'vervallen',
};

const state = (english: string) => STATES[english] ?? english;

const TRANSLATIONS: [RegExp, (...groups: string[]) => string][] = [
  [
    /^cannot review: the signal is (.+), not in review$/,
    (s) => `het signaal is ${state(s)} en niet meer in beoordeling.`,
  ],
  [
    /^cannot [^:]+: the signal has not been sent to any ministry$/,
    () => 'het signaal is nog aan geen enkel ministerie aangeboden.',
  ],
  [
    /^cannot [^:]+: the signal was not sent to ministry (\S+)$/,
    (code) => `het signaal is niet aan ${code} aangeboden.`,
  ],
  [/^cannot [^:]+: the signal is (.+)$/, (s) => `het signaal is ${state(s)}.`],
  [
    /^cannot decide: ministry (\S+) has no pending extension request$/,
    (code) => `er ligt geen uitstelverzoek van ${code} (meer) voor.`,
  ],
  [
    /^cannot extend the deadline: ministry (\S+) is (\S+)$/,
    (code, s) => `de reactietermijn van ${code} kan niet worden verlengd: de stand is "${state(s)}".`,
  ],
  [
    /^cannot record a reply: ministry (\S+) was withdrawn from$/,
    (code) => `${code} is van dit signaal afgehaald.`,
  ],
  [
    /^receivedAt lies before the signal was sent$/,
    () => 'de datum van ontvangst ligt vóór het aanbieden van het signaal.',
  ],
  [/^receivedAt lies in the future$/, () => 'de datum van ontvangst ligt in de toekomst.'],
  [/needs a reason$/, () => 'geef een reden op.'],
  [/^a ministry is listed twice$/, () => 'een ministerie is twee keer gekozen.'],
  [/^the reason is longer than (\d+) characters$/, (n) => `de toelichting is langer dan ${n} tekens.`],
];

export function dutchRefusal(message: string): string {
  for (const [pattern, translate] of TRANSLATIONS) {
    const match = pattern.exec(message.trim());
    if (match) return translate(...match.slice(1));
  }
  return message;
}
