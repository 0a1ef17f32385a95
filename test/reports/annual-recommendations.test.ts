import { computeAnnualReport } from '../../reports/annual-report';
import { annualReportParagraph } from '../../reports/paragraph';
import { useFixtureDatabase, type FixtureSignal } from './fixture';

/**
 * The annual report's recommendation figures on generated read-model rows with hand-computed answers: outcomes
 * recorded in the year, one recorded only after the year's end (open at the year's end), a signal sent the year
 * before (its recommendations are not the year's), and follow-ups reported in and after the year.
 */
const FIXTURE: FixtureSignal[] = [
  {
    reference: 'BS-2024-0011',
    organisation: 'RIEC-ON',
    status: 'closed',
    submitted: '2024-01-10',
    sent: '2024-01-20',
    closed: '2024-09-01',
    cases: [
      {
        code: 'BZ',
        status: 'replied',
        reply: '2024-05-01',
        followUp: { progress: 'in_progress', reported: '2024-11-04' },
      },
      { code: 'JenV', status: 'replied', reply: '2024-05-01' },
    ],
    recommendations: [
      {
        outcomes: {
          BZ: { outcome: 'adopted', decided: '2024-05-10' },
          JenV: { outcome: 'not_adopted', decided: '2024-05-10' },
        },
      },
      {
        outcomes: {
          BZ: { outcome: 'partly_adopted', decided: '2024-05-10' },
          JenV: { outcome: 'adopted', decided: '2025-01-15' },
        },
      },
      { outcomes: { BZ: { outcome: 'under_consideration', decided: '2024-06-01' } } },
    ],
  },
  {
    reference: 'BS-2024-0012',
    organisation: 'RIEC-L',
    status: 'sent',
    submitted: '2024-10-01',
    sent: '2024-10-15',
    cases: [{ code: 'EZK', status: 'acknowledged', ack: '2024-10-20' }],
    recommendations: [{}, {}],
  },
  {
    reference: 'BS-2023-0013',
    organisation: 'RIEC-ON',
    status: 'replied',
    submitted: '2023-11-01',
    sent: '2023-11-10',
    cases: [
      {
        code: 'EZK',
        status: 'replied',
        reply: '2024-02-01',
        followUp: { progress: 'implemented', reported: '2024-08-12' },
      },
    ],
    recommendations: [{ outcomes: { EZK: { outcome: 'adopted', decided: '2024-02-05' } } }],
  },
  {
    reference: 'BS-2024-0014',
    organisation: 'RIEC-L',
    status: 'replied',
    submitted: '2024-02-01',
    sent: '2024-02-10',
    cases: [
      {
        code: 'BZK',
        status: 'replied',
        reply: '2024-06-01',
        followUp: { progress: 'dropped', reported: '2025-01-10' },
      },
    ],
    recommendations: [{ outcomes: { BZK: { outcome: 'adopted', decided: '2024-06-05' } } }],
  },
];

describe('recommendations in the annual report', () => {
  const db = useFixtureDatabase(FIXTURE);

  it('counts recommendations made, their outcomes at the year’s end and follow-ups reported, per ministry and in total', async () => {
    const f = await computeAnnualReport(db.prisma, 2024);
    // Three + two + one recommendations of the signals sent in 2024; BS-2023-0013 was sent in 2023.
    expect(f.recommendations).toEqual({
      made: 6,
      // Pairs: 0011 × BZ, JenV (6), 0012 × EZK (2), 0014 × BZK (1). JenV's second was decided only in 2025: open.
      outcomes: { open: 4, under_consideration: 1, adopted: 2, partly_adopted: 1, not_adopted: 1 },
      // Reported in 2024: BZ (in progress) and EZK (implemented, on a 2023 signal); BZK's came in 2025.
      followUpsReported: { total: 2, implemented: 1, in_progress: 1, dropped: 0 },
    });
    const per = Object.fromEntries(f.perMinistry.map((m) => [m.code, m.recommendations]));
    expect(per.BZ).toEqual({
      made: 3,
      outcomes: { open: 0, under_consideration: 1, adopted: 1, partly_adopted: 1, not_adopted: 0 },
      followUpsReported: { total: 1, implemented: 0, in_progress: 1, dropped: 0 },
    });
    expect(per.JenV).toEqual({
      made: 3,
      outcomes: { open: 2, under_consideration: 0, adopted: 0, partly_adopted: 0, not_adopted: 1 },
      followUpsReported: { total: 0, implemented: 0, in_progress: 0, dropped: 0 },
    });
    expect(per.EZK).toEqual({
      made: 2,
      outcomes: { open: 2, under_consideration: 0, adopted: 0, partly_adopted: 0, not_adopted: 0 },
      followUpsReported: { total: 1, implemented: 1, in_progress: 0, dropped: 0 },
    });
    expect(per.BZK!.followUpsReported.total).toBe(0);
    const paragraph = annualReportParagraph(f);
    expect(paragraph).toContain(
      'De in 2024 ingediende signalen bevatten zes aanbevelingen. Daarvan zijn er aan het eind van het jaar (per betrokken ministerie geteld) twee overgenomen, één deels overgenomen, één niet overgenomen, één nog in behandeling en vier nog zonder uitkomst.',
    );
    expect(paragraph).toContain(
      'Bij de opvolging van overgenomen aanbevelingen hebben ministeries twee keer de voortgang gemeld: één uitgevoerd en één in uitvoering.',
    );
  });

  it('reports what 2025 knows: the late outcome and the follow-up reported then', async () => {
    const f = await computeAnnualReport(db.prisma, 2025);
    expect(f.recommendations.made).toBe(0);
    expect(f.recommendations.followUpsReported).toEqual({
      total: 1,
      implemented: 0,
      in_progress: 0,
      dropped: 1,
    });
  });
});
