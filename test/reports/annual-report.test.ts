import { computeAnnualReport, yearBounds } from '../../reports/annual-report';
import { annualReportParagraph, partOfMonth, partOfYear, subjectOf } from '../../reports/paragraph';
import { signalsToCsv } from '../../reports/csv';
import { useFixtureDatabase, type FixtureSignal } from './fixture';

/**
 * A fixture year (2024, a leap year) with hand-computed answers: replies in the year on signals from the year
 * before, a joint reply, a partial reply, a withdrawal after sending, a reply only after the year's end, and a
 * signal closed entirely in the year before (which must not count).
 */
const FIXTURE: FixtureSignal[] = [
  {
    reference: 'BS-2023-0101',
    organisation: 'RIEC-NN',
    title: 'Zicht op huurcontracten van bedrijfspanden',
    status: 'closed',
    submitted: '2023-12-10',
    sent: '2023-12-20',
    closed: '2024-03-05',
    cases: [
      { code: 'BZ', status: 'replied', ack: '2023-12-22', reply: '2024-03-01', forwarded: '2024-03-04' },
    ],
  },
  {
    reference: 'BS-2024-0001',
    organisation: 'RIEC-ON',
    title: 'Misbruik van de visumprocedure',
    status: 'closed',
    submitted: '2024-01-15',
    sent: '2024-02-01',
    closed: '2024-06-10',
    cases: [
      {
        code: 'JenV',
        status: 'replied',
        ack: '2024-02-05',
        reply: '2024-06-01',
        replyKey: 'joint',
        forwarded: '2024-06-03',
      },
      { code: 'BZ', status: 'replied', ack: '2024-02-07', reply: '2024-06-01', replyKey: 'joint' },
    ],
  },
  {
    reference: 'BS-2024-0002',
    organisation: 'RIEC-ON',
    title: 'Registratie van voertuiggegevens',
    status: 'partially_replied',
    submitted: '2024-03-01',
    sent: '2024-03-20',
    cases: [
      { code: 'EZK', status: 'replied', ack: '2024-03-25', reply: '2024-11-30' },
      { code: 'IenW', status: 'awaiting_ack' },
    ],
  },
  {
    reference: 'BS-2024-0003',
    organisation: 'RIEC-L',
    title: 'Fraude met energiesubsidies',
    status: 'replied',
    submitted: '2024-05-01',
    sent: '2024-05-15',
    cases: [
      { code: 'Fin', status: 'replied', ack: '2024-05-20', reply: '2025-01-10', forwarded: '2025-01-13' },
    ],
  },
  {
    reference: 'BS-2024-0004',
    organisation: 'RIEC-L',
    status: 'withdrawn',
    submitted: '2024-06-01',
    withdrawn: '2024-06-20',
  },
  { reference: 'BS-2024-0005', organisation: 'RIEC-NN', status: 'in_review', submitted: '2024-12-30' },
  {
    reference: 'BS-2024-0006',
    organisation: 'RIEC-NN',
    title: 'Arbeidsuitbuiting in de schoonmaak',
    status: 'withdrawn',
    submitted: '2024-07-01',
    sent: '2024-07-10',
    withdrawn: '2024-08-01',
    cases: [{ code: 'SZW', status: 'cancelled' }],
  },
  {
    reference: 'BS-2023-0001',
    organisation: 'RIEC-NN',
    status: 'closed',
    submitted: '2023-01-01',
    sent: '2023-01-10',
    closed: '2023-05-10',
    cases: [
      { code: 'VWS', status: 'replied', ack: '2023-01-12', reply: '2023-05-01', forwarded: '2023-05-02' },
    ],
  },
];

describe('annual report figures', () => {
  const db = useFixtureDatabase(FIXTURE);

  it('counts a year as the hand-computed answers say', async () => {
    const f = await computeAnnualReport(db.prisma, 2024);
    expect({
      submitted: f.submitted,
      sent: f.sent,
      acknowledged: f.acknowledged,
      replied: f.replied,
      repliesReceived: f.repliesReceived,
      repliesForwarded: f.repliesForwarded,
      awaitingAtYearEnd: f.awaitingAtYearEnd,
      medianReplyDays: f.medianReplyDays,
      longestReplyDays: f.longestReplyDays,
    }).toEqual({
      submitted: 6,
      sent: 4,
      acknowledged: 4,
      replied: 3,
      repliesReceived: 3, // 72 days (over 29 February), 121 (joint, counted once), 255
      repliesForwarded: 2, // the BZ reply and the joint one; the EZK reply is not, Fin's is in 2025, VWS's in 2023
      awaitingAtYearEnd: 2, // the partial reply, and the reply that came in January 2025
      medianReplyDays: 121,
      longestReplyDays: 255,
    });
  });

  it('splits the figures per ministry and per RIEC', async () => {
    const f = await computeAnnualReport(db.prisma, 2024);
    const ministries = Object.fromEntries(
      f.perMinistry.map(({ code, name: _name, recommendations: _recommendations, ...rest }) => [code, rest]),
    );
    expect(ministries).toEqual({
      BZ: {
        sent: 1,
        acknowledged: 1,
        replied: 2,
        awaitingAtYearEnd: 0,
        medianReplyDays: 97 /* 72 and 121: 96.5, in whole days */,
        longestReplyDays: 121,
      },
      EZK: {
        sent: 1,
        acknowledged: 1,
        replied: 1,
        awaitingAtYearEnd: 0,
        medianReplyDays: 255,
        longestReplyDays: 255,
      },
      Fin: {
        sent: 1,
        acknowledged: 1,
        replied: 0,
        awaitingAtYearEnd: 1,
        medianReplyDays: null,
        longestReplyDays: null,
      },
      IenW: {
        sent: 1,
        acknowledged: 0,
        replied: 0,
        awaitingAtYearEnd: 1,
        medianReplyDays: null,
        longestReplyDays: null,
      },
      JenV: {
        sent: 1,
        acknowledged: 1,
        replied: 1,
        awaitingAtYearEnd: 0,
        medianReplyDays: 121,
        longestReplyDays: 121,
      },
      SZW: {
        sent: 1,
        acknowledged: 0,
        replied: 0,
        awaitingAtYearEnd: 0,
        medianReplyDays: null,
        longestReplyDays: null,
      },
    });
    const organisations = Object.fromEntries(
      f.perOrganisation.map(({ code, name: _name, ...rest }) => [code, rest]),
    );
    expect(organisations).toEqual({
      'RIEC-L': { submitted: 2, sent: 1, replied: 0, awaitingAtYearEnd: 1 },
      'RIEC-NN': { submitted: 2, sent: 1, replied: 1, awaitingAtYearEnd: 0 },
      'RIEC-ON': { submitted: 2, sent: 2, replied: 2, awaitingAtYearEnd: 1 },
    });
  });

  it('counts per month for the chart', async () => {
    const f = await computeAnnualReport(db.prisma, 2024);
    const nonZero = (key: 'submitted' | 'sent' | 'replies') =>
      Object.fromEntries(f.monthly.filter((m) => m[key] > 0).map((m) => [m.month, m[key]]));
    expect(nonZero('submitted')).toEqual({ 1: 1, 3: 1, 5: 1, 6: 1, 7: 1, 12: 1 });
    expect(nonZero('sent')).toEqual({ 2: 1, 3: 1, 5: 1, 7: 1 });
    expect(nonZero('replies')).toEqual({ 3: 1, 6: 1, 11: 1 });
  });

  it('tells the year in a Dutch paragraph', async () => {
    const paragraph = annualReportParagraph(await computeAnnualReport(db.prisma, 2024));
    expect(paragraph).toContain(
      'In 2024 zijn via het LIEC vier bestuurlijke signalen bij de verantwoordelijke ministeries ingediend.',
    );
    expect(paragraph).toContain(
      'Het eerste is begin februari ingediend en gaat over misbruik van de visumprocedure.',
    );
    expect(paragraph).toContain(
      'Begin juni is hierop de gezamenlijke reactie van de ministers van Buitenlandse Zaken en van Justitie en Veiligheid ontvangen.',
    );
    expect(paragraph).toContain('Op de reactie van de overige betrokken ministers wordt nog gewacht.');
    expect(paragraph).toContain(
      'Daarnaast is begin maart de reactie ontvangen op een eind 2023 ingediend bestuurlijk signaal over zicht op huurcontracten van bedrijfspanden.',
    );
    expect(paragraph).toContain('Twee reacties zijn in 2024 door het LIEC aan de indieners doorgestuurd.');
    expect(paragraph).not.toContain('undefined');
  });

  it('has nothing to tell about an empty year', async () => {
    const f = await computeAnnualReport(db.prisma, 2019);
    expect(f).toMatchObject({
      submitted: 0,
      sent: 0,
      replied: 0,
      medianReplyDays: null,
      perMinistry: [],
      perOrganisation: [],
    });
    expect(annualReportParagraph(f)).toBe(
      'In 2019 zijn via het LIEC geen bestuurlijke signalen bij de verantwoordelijke ministeries ingediend.',
    );
  });

  it('refuses a year that is not one', async () => {
    await expect(computeAnnualReport(db.prisma, 20.5)).rejects.toThrow(RangeError);
  });
});

describe('report helpers', () => {
  it('bounds a year in Amsterdam time', () => {
    const { start, end } = yearBounds(2022);
    expect(start.toISOString()).toBe('2021-12-31T23:00:00.000Z');
    expect(end.toISOString()).toBe('2022-12-31T23:00:00.000Z');
  });

  it('dates things the way the annual report does', () => {
    expect(partOfMonth('2022-05-03T10:00:00Z')).toBe('begin mei');
    expect(partOfMonth('2022-05-17T10:00:00Z')).toBe('medio mei');
    expect(partOfMonth('2022-06-28T10:00:00Z')).toBe('eind juni');
    expect(partOfYear('2021-12-13T10:00:00Z')).toBe('eind 2021');
    expect(subjectOf('Gegevensuitwisseling met de RVO.')).toBe('gegevensuitwisseling met de RVO');
    expect(subjectOf('RVO-gegevens delen')).toBe('RVO-gegevens delen');
  });

  it('writes a CSV Excel opens in a Dutch locale, and defuses formulas', () => {
    const csv = signalsToCsv(
      [
        {
          reference: 'BS-2026-0001',
          title: '=HYPERLINK("x"); "quoted"',
          status: 'sent',
          submittedAt: new Date('2026-11-02T10:00:00Z'),
          sentAt: new Date('2026-11-10T10:00:00Z'),
          closedAt: null,
          nextDeadlineAt: new Date('2026-11-17T23:00:00Z'),
          nextDeadlineKind: 'ack:BZ',
          organisation: { code: 'RIEC-NN', name: 'RIEC Noord-Nederland' },
          cases: [
            {
              status: 'acknowledged',
              ministry: { code: 'BZ' },
              acknowledgedAt: new Date('2026-11-12T10:00:00Z'),
              repliedAt: null,
              replyDueAt: null,
            },
          ],
          recommendations: [
            { outcomes: [{ outcome: 'adopted', ministry: { code: 'BZ' } }] },
            { outcomes: [{ outcome: 'open', ministry: { code: 'BZ' } }] },
          ],
        },
      ],
      new Date('2026-11-29T12:00:00Z'),
    );
    const [header, row] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(header).toBe(
      'referentie;titel;status;organisatie;mede-indieners;ministeries;ingediend;verzonden;ontvangst bevestigd;beantwoord;volgende termijn;soort termijn;dagen over termijn;gesloten;aanbevelingen;uitkomsten',
    );
    // The deadline 2026-11-17T23:00Z is the end of Tuesday 17 November in Amsterdam: that day is its column.
    expect(row).toBe(
      `BS-2026-0001;"'=HYPERLINK(""x""); ""quoted""";sent;RIEC Noord-Nederland;;BZ;2026-11-02;2026-11-10;BZ 2026-11-12;;2026-11-17;ack:BZ;11;;2;BZ: 1 open, 1 overgenomen`,
    );
  });
});
