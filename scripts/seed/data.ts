import type { ImportRecordInput } from '../import/records';

/**
 * Demo data: the ten RIECs, the LIEC and a municipality, ministries with example.org contacts, the three cases on page 3 of the
 * RIEC-LIEC annual report 2022 (its text: test/import/fixtures/jaarverslag-2022-p3.txt, see
 * docs/architecture.md#the-domain), and a handful of current signals.
 *
 * The annual report names neither the submitting RIECs nor exact days; the RIECs and days below are illustrative,
 * chosen so the report's own wording holds: "begin mei" is 1-10 May, "medio mei" 11-20 May, "eind juni" 21-30 June.
 */

export const DEMO_ORGANISATIONS = [
  { code: 'LIEC', name: 'LIEC', kind: 'liec' },
  { code: 'RIEC-NN', name: 'RIEC Noord-Nederland', kind: 'riec' },
  { code: 'RIEC-ON', name: 'RIEC Oost-Nederland', kind: 'riec' },
  { code: 'RIEC-MN', name: 'RIEC Midden-Nederland', kind: 'riec' },
  { code: 'RIEC-NH', name: 'RIEC Noord-Holland', kind: 'riec' },
  { code: 'RIEC-AA', name: 'RIEC Amsterdam-Amstelland', kind: 'riec' },
  { code: 'RIEC-DH', name: 'RIEC Den Haag', kind: 'riec' },
  { code: 'RIEC-RR', name: 'RIEC Rotterdam', kind: 'riec' },
  { code: 'RIEC-ZWB', name: 'RIEC Zeeland-West-Brabant', kind: 'riec' },
  { code: 'RIEC-OB', name: 'RIEC Oost-Brabant', kind: 'riec' },
  { code: 'RIEC-L', name: 'RIEC Limburg', kind: 'riec' },
  // A partner that co-submits a current demo signal (several submitters).
  { code: 'GEM-HAA', name: 'Gemeente Haarlem', kind: 'other' },
] as const;

export const DEMO_MINISTRIES = [
  {
    code: 'BZ',
    name: 'Ministerie van Buitenlandse Zaken',
    nameEn: 'Ministry of Foreign Affairs',
    domain: 'minbuza',
  },
  {
    code: 'JenV',
    name: 'Ministerie van Justitie en Veiligheid',
    nameEn: 'Ministry of Justice and Security',
    domain: 'minjenv',
  },
  {
    code: 'BZK',
    name: 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties',
    nameEn: 'Ministry of the Interior and Kingdom Relations',
    domain: 'minbzk',
  },
  {
    code: 'EZK',
    name: 'Ministerie van Economische Zaken en Klimaat',
    nameEn: 'Ministry of Economic Affairs and Climate Policy',
    domain: 'minezk',
  },
  {
    code: 'LNV',
    name: 'Ministerie van Landbouw, Natuur en Voedselkwaliteit',
    nameEn: 'Ministry of Agriculture, Nature and Food Quality',
    domain: 'minlnv',
  },
  {
    code: 'IenW',
    name: 'Ministerie van Infrastructuur en Waterstaat',
    nameEn: 'Ministry of Infrastructure and Water Management',
    domain: 'minienw',
  },
  { code: 'Fin', name: 'Ministerie van Financiën', nameEn: 'Ministry of Finance', domain: 'minfin' },
  {
    code: 'SZW',
    name: 'Ministerie van Sociale Zaken en Werkgelegenheid',
    nameEn: 'Ministry of Social Affairs and Employment',
    domain: 'minszw',
  },
  {
    code: 'VWS',
    name: 'Ministerie van Volksgezondheid, Welzijn en Sport',
    nameEn: 'Ministry of Health, Welfare and Sport',
    domain: 'minvws',
  },
] as const;

export function demoContacts(ministry: (typeof DEMO_MINISTRIES)[number]) {
  return [
    {
      role: 'contact' as const,
      name: `Contactpunt bestuurlijke signalen ${ministry.code}`,
      email: `bestuurlijke-signalen@${ministry.domain}.example.org`,
    },
    {
      role: 'escalation' as const,
      name: `Secretariaat directeur-generaal ${ministry.code}`,
      email: `dg-secretariaat@${ministry.domain}.example.org`,
    },
  ];
}

export const DEMO_COORDINATOR = {
  email: 'coordinator@liec.example.org',
  name: 'Sanne de Vries (LIEC loket)',
};
export const DEMO_LEAD = { email: 'loketleider@liec.example.org', name: 'Ahmed Bouzid (hoofd loket)' };
export const DEMO_SUBMITTER_ORGANISATION = 'RIEC-MN';

/** The three cases on page 3 of the annual report 2022. */
export const ANNUAL_REPORT_2022_CASES: ImportRecordInput[] = [
  {
    reference: 'BS-2022-0001',
    organisation: 'RIEC-ON',
    title: 'Gegevensuitwisseling met de Rijksdienst voor Ondernemend Nederland (RVO)',
    summary:
      'Gegevens van de Rijksdienst voor Ondernemend Nederland (RVO) over subsidies en vergunningen kunnen niet of nauwelijks worden gedeeld met de partners in de RIEC-samenwerking, ook niet waar zij nodig zijn om misbruik door criminele ondernemers te signaleren.',
    content:
      'Uit casuïstiek blijkt dat ondernemers die betrokken zijn bij ondermijnende criminaliteit gebruikmaken van regelingen die de RVO uitvoert. De RVO ziet zich door de wettelijke grondslagen beperkt in het verstrekken van informatie aan gemeenten, politie en de Belastingdienst binnen het RIEC-convenant. Daardoor blijven signalen onbenut.',
    recommendations: [
      'Creëer een wettelijke grondslag voor de RVO om gegevens te verstrekken aan de RIEC-partners voor de bestuurlijke aanpak van ondermijning.',
      'Laat de RVO aansluiten bij het RIEC-convenant.',
    ],
    submittedAt: '2022-04-25',
    sentAt: '2022-05-06',
    ministries: [
      { code: 'EZK', acknowledgedAt: '2022-05-12' },
      { code: 'LNV', acknowledgedAt: '2022-05-13' },
    ],
    replies: [
      {
        ministries: ['EZK', 'LNV'],
        receivedAt: '2023-03-14',
        text: 'Gezamenlijke reactie van de ministers van EZK en LNV (demo).',
      },
    ],
    closedAt: '2023-03-28',
  },
  {
    reference: 'BS-2022-0002',
    organisation: 'RIEC-DH',
    title: 'Misbruik van de Nederlandse visum- en asielprocedure door personen met de Iraanse nationaliteit',
    summary:
      'Personen met de Iraanse nationaliteit maken misbruik van de Nederlandse visum- en asielprocedure; de procedure biedt onvoldoende waarborgen om dat te signaleren en te voorkomen.',
    content:
      'In meerdere onderzoeken kwam naar voren dat visa werden aangevraagd met gebruik van valse of misleidende onderbouwing, waarna in Nederland asiel werd aangevraagd. Informatie uit de visumprocedure is in de asielprocedure niet altijd beschikbaar.',
    recommendations: [
      'Versterk de informatie-uitwisseling tussen de visumprocedure (BZ) en de asielprocedure (IND).',
      'Onderzoek of aanvullende controles bij visumaanvragen nodig zijn.',
    ],
    submittedAt: '2022-05-09',
    sentAt: '2022-05-17',
    ministries: [
      { code: 'BZ', acknowledgedAt: '2022-05-24' },
      { code: 'JenV', acknowledgedAt: '2022-05-23' },
    ],
    replies: [
      {
        ministries: ['BZ', 'JenV'],
        receivedAt: '2022-12-06',
        text: 'Gezamenlijke reactie van de minister van Buitenlandse Zaken en de staatssecretaris van Justitie en Veiligheid.',
      },
    ],
    closedAt: '2022-12-15',
  },
  {
    reference: 'BS-2021-0004',
    organisation: 'RIEC-L',
    title:
      'De behoefte aan een (landelijk) register voor (technische) voertuiggegevens zoals e-SIM en/of IMEI-gegevens',
    summary:
      'Opsporing en bestuur kunnen voertuigen niet koppelen aan de ingebouwde e-SIM- en IMEI-gegevens; een (landelijk) register voor technische voertuiggegevens ontbreekt.',
    content:
      'Criminelen gebruiken voertuigen waarvan de ingebouwde communicatiemodules (e-SIM, IMEI) niet te herleiden zijn. Een register van zulke technische voertuiggegevens zou helpen bij de bestuurlijke en strafrechtelijke aanpak.',
    recommendations: [
      'Richt een (landelijk) register in voor technische voertuiggegevens zoals e-SIM en IMEI, bijvoorbeeld bij de RDW.',
    ],
    submittedAt: '2021-11-29',
    sentAt: '2021-12-13',
    ministries: [{ code: 'IenW', acknowledgedAt: '2021-12-20', repliedAt: '2022-06-28' }],
    closedAt: '2022-07-05',
  },
];

/**
 * The demo's forwarded joint reply: the letter of the ministers of BZ and JenV on the visa case (BS-2022-0002),
 * forwarded by the loket two days after it came in. The letter is a demonstration text, made as a PDF by the seed
 * (letter-pdf.ts); the annual report does not quote it.
 */
export const FORWARDED_JOINT_REPLY = {
  reference: 'BS-2022-0002',
  forwardedAt: '2022-12-08',
  filename: 'Gezamenlijke reactie BZ en JenV.pdf',
  title: 'Gezamenlijke reactie op bestuurlijk signaal BS-2022-0002',
  lines: [
    'Ministerie van Buitenlandse Zaken',
    'Ministerie van Justitie en Veiligheid',
    '',
    'Den Haag, 6 december 2022',
    '',
    'Betreft: bestuurlijk signaal BS-2022-0002, misbruik van de visum- en asielprocedure',
    '',
    'Geachte heer, mevrouw,',
    '',
    'Wij danken het RIEC Den Haag en het LIEC voor het signaal. In deze gezamenlijke reactie',
    'gaan wij in op de aanbevelingen over de informatie-uitwisseling tussen de visum- en de',
    'asielprocedure en op aanvullende controles bij visumaanvragen.',
    '',
    '(Demonstratiebrief van signaalloket; de inhoud is verzonnen.)',
  ],
};

/** Days relative to "now", so the current signals always look current. */
export interface CurrentSignalTemplate {
  organisation: string;
  coSubmitters?: string[];
  title: string;
  summary: string;
  recommendations: string[];
  submittedDaysAgo: number;
  sentDaysAgo?: number;
  closedDaysAgo?: number;
  ministries?: { code: string; acknowledgedDaysAgo?: number; repliedDaysAgo?: number }[];
  /** Persons the signal concerns: invented names, so the demo shows the recorded page without anyone's data. */
  concernedPersons?: ImportRecordInput['concernedPersons'];
}

export const CURRENT_SIGNALS: CurrentSignalTemplate[] = [
  {
    organisation: 'RIEC-AA',
    title: 'Vastgoedtransacties via stichtingen zonder zicht op de uiteindelijk belanghebbende',
    summary:
      'Stichtingen kopen vastgoed aan zonder dat notaris of gemeente de uiteindelijk belanghebbende kan vaststellen.',
    recommendations: [
      'Breid de UBO-registratie uit naar stichtingen die vastgoed verwerven.',
      'Geef gemeenten inzage bij Bibob-toetsing.',
    ],
    submittedDaysAgo: 3,
    concernedPersons: [
      {
        name: 'Jan Voorbeeld',
        birthDate: '1968-03-14',
        role: 'bestuurder van de stichting die het vastgoed kocht',
      },
      { name: 'Ria Proefpersoon', role: 'feitelijk leidinggevende volgens het onderzoek' },
    ],
  },
  {
    organisation: 'RIEC-RR',
    title: 'Misbruik van tijdelijke evenementenvergunningen voor het witwassen van contant geld',
    summary: 'Eendaagse evenementen met hoge contante omzet worden gebruikt om crimineel geld wit te wassen.',
    recommendations: ['Maak Bibob-toetsing mogelijk bij tijdelijke evenementenvergunningen.'],
    submittedDaysAgo: 24,
  },
  {
    organisation: 'RIEC-NH',
    coSubmitters: ['GEM-HAA'],
    title: 'Huisvesting van arbeidsmigranten via malafide uitzendbureaus',
    summary:
      'Malafide uitzendbureaus koppelen huisvesting aan werk en gebruiken dat als drukmiddel en dekmantel.',
    recommendations: [
      'Ontkoppel huur- en arbeidscontract wettelijk.',
      'Versterk de certificering van uitzendbureaus.',
    ],
    submittedDaysAgo: 30,
    sentDaysAgo: 9,
    ministries: [{ code: 'SZW' }, { code: 'BZK' }],
  },
  {
    organisation: 'RIEC-ZWB',
    title: 'Drugssmokkel via de haven: onvoldoende controle op lege containers',
    summary:
      'Lege containers worden nauwelijks gecontroleerd en worden gebruikt voor uithalen van verdovende middelen.',
    recommendations: ['Stel een meldplicht in voor het verplaatsen van lege containers op haventerreinen.'],
    submittedDaysAgo: 110,
    sentDaysAgo: 75,
    ministries: [{ code: 'Fin', acknowledgedDaysAgo: 71 }],
    concernedPersons: [
      { name: 'Kees Fictief', birthDate: '1985-11-02', role: 'eigenaar van het containerbedrijf' },
    ],
  },
  {
    organisation: 'RIEC-OB',
    title: 'Drugslabs in agrarische bedrijfspanden die leeg staan na bedrijfsbeëindiging',
    summary:
      'Na bedrijfsbeëindiging blijven agrarische panden leeg en worden verhuurd voor de productie van synthetische drugs.',
    recommendations: ['Verplicht melding bij verhuur van vrijgekomen agrarische bedrijfsgebouwen.'],
    submittedDaysAgo: 60,
    sentDaysAgo: 40,
    ministries: [
      { code: 'LNV', acknowledgedDaysAgo: 37, repliedDaysAgo: 11 },
      { code: 'JenV', acknowledgedDaysAgo: 36 },
    ],
  },
  {
    organisation: 'RIEC-NN',
    title: 'Fraude met subsidies voor verduurzaming van woningen',
    summary:
      'Malafide installateurs vragen verduurzamingssubsidies aan voor installaties die nooit zijn geplaatst.',
    recommendations: ['Koppel uitbetaling aan een controleerbare opleverrapportage.'],
    submittedDaysAgo: 14,
    sentDaysAgo: 2,
    ministries: [{ code: 'BZK' }],
  },
  {
    organisation: 'RIEC-MN',
    title: 'Gebruik van flexwerkplekken als fictief vestigingsadres in het Handelsregister',
    summary: 'Ondernemingen schrijven zich in op flexwerkplekken waar zij niet feitelijk gevestigd zijn.',
    recommendations: ['Laat de KVK het vestigingsadres toetsen bij inschrijving.'],
    submittedDaysAgo: 240,
    sentDaysAgo: 225,
    closedDaysAgo: 150,
    ministries: [{ code: 'EZK', acknowledgedDaysAgo: 221, repliedDaysAgo: 160 }],
  },
];
