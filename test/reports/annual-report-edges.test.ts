import { computeAnnualReport } from '../../reports/annual-report';
import { useFixtureDatabase, type FixtureSignal } from './fixture';

/**
 * The edges of a report year (2025), where the counting moved into SQL: Amsterdam midnight on either side of the
 * year (2025 runs from 2024-12-31T23:00Z to 2025-12-31T23:00Z), withdrawal and closure before or after the year's
 * end, a joint reply (once per signal, once per ministry), and a signal closed before the year began.
 */
const EDGES: FixtureSignal[] = [
  {
    reference: 'EDGE-A', // 00:30 on 1 January in Amsterdam, still 2024 in UTC
    organisation: 'RIEC-NN',
    status: 'partially_replied',
    submitted: '2024-12-31T23:30:00Z',
    sent: '2025-01-02T10:00:00Z',
    cases: [
      { code: 'BZ', status: 'replied', reply: '2025-12-31T22:59:00Z' }, // 23:59 on 31 December: 2025
      { code: 'JenV', status: 'replied', reply: '2025-12-31T23:00:00Z' }, // midnight: 2026
    ],
  },
  {
    reference: 'EDGE-B', // 23:30 on 31 December 2024 in Amsterdam, answered jointly in 2025
    organisation: 'RIEC-ON',
    status: 'replied',
    submitted: '2024-12-31T22:30:00Z',
    sent: '2024-12-31T22:45:00Z',
    cases: [
      { code: 'BZ', status: 'replied', reply: '2025-03-03', replyKey: 'joint' },
      { code: 'JenV', status: 'replied', reply: '2025-03-03', replyKey: 'joint' },
    ],
  },
  {
    reference: 'EDGE-C', // withdrawn before the year's end: nobody awaits a reply
    organisation: 'RIEC-ON',
    status: 'withdrawn',
    submitted: '2025-02-01',
    sent: '2025-02-10',
    withdrawn: '2025-06-01',
    cases: [{ code: 'EZK', status: 'cancelled' }],
  },
  {
    reference: 'EDGE-D', // withdrawn only after the year's end: awaited at its end
    organisation: 'RIEC-L',
    status: 'withdrawn',
    submitted: '2025-03-01',
    sent: '2025-03-10',
    withdrawn: '2026-01-15',
    cases: [{ code: 'Fin', status: 'cancelled' }],
  },
  {
    reference: 'EDGE-E', // closed before the year's end with one ministry silent
    organisation: 'RIEC-L',
    status: 'closed',
    submitted: '2025-04-01',
    sent: '2025-04-10',
    closed: '2025-09-01',
    cases: [
      { code: 'IenW', status: 'replied', reply: '2025-05-01' },
      { code: 'SZW', status: 'cancelled' },
    ],
  },
  {
    reference: 'EDGE-F', // closed only after the year's end: awaited at its end
    organisation: 'RIEC-NN',
    status: 'closed',
    submitted: '2025-05-01',
    sent: '2025-05-10',
    closed: '2026-02-01',
    cases: [{ code: 'LNV', status: 'cancelled' }],
  },
  {
    reference: 'EDGE-H', // closed before the year began: not in its population at all
    organisation: 'RIEC-NN',
    status: 'closed',
    submitted: '2024-01-01',
    sent: '2024-01-10',
    closed: '2024-11-01',
    cases: [{ code: 'VWS', status: 'cancelled' }],
  },
];

describe('annual report at the edges of a year', () => {
  const db = useFixtureDatabase(EDGES);

  it('counts by Amsterdam dates, stops awaiting at withdrawal or closure, and a joint reply once', async () => {
    const f = await computeAnnualReport(db.prisma, 2025);
    expect({
      submitted: f.submitted,
      sent: f.sent,
      replied: f.replied,
      repliesReceived: f.repliesReceived,
      awaitingAtYearEnd: f.awaitingAtYearEnd,
    }).toEqual({ submitted: 5, sent: 5, replied: 3, repliesReceived: 3, awaitingAtYearEnd: 3 });
    const nonZero = (key: 'submitted' | 'sent' | 'replies') =>
      Object.fromEntries(f.monthly.filter((m) => m[key] > 0).map((m) => [m.month, m[key]]));
    expect(nonZero('submitted')).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 });
    expect(nonZero('replies')).toEqual({ 3: 1, 5: 1, 12: 1 });
    expect(f.sentSignals.map((s) => s.reference)).toEqual(['EDGE-A', 'EDGE-C', 'EDGE-D', 'EDGE-E', 'EDGE-F']);
    expect(f.sentSignals.map((s) => s.awaitingAtYearEnd)).toEqual([true, false, true, false, true]);
    expect(f.sentSignals[0]!.replies).toEqual([
      {
        receivedAt: '2025-12-31T22:59:00.000Z',
        ministries: [{ code: 'BZ', name: 'Ministerie van Buitenlandse Zaken' }],
        days: 363,
      },
    ]);
    expect(f.earlierSignalsReplied).toHaveLength(1);
    expect(f.earlierSignalsReplied[0]!.replies.map((r) => r.ministries.map((m) => m.code))).toEqual([
      ['BZ', 'JenV'],
    ]);
  });

  it('splits them per ministry and organisation', async () => {
    const f = await computeAnnualReport(db.prisma, 2025);
    expect(
      Object.fromEntries(
        f.perMinistry.map((m) => [m.code, [m.sent, m.acknowledged, m.replied, m.awaitingAtYearEnd]]),
      ),
    ).toEqual({
      BZ: [1, 0, 2, 0], // EDGE-A's own reply and the joint one on EDGE-B
      JenV: [1, 0, 1, 1], // the joint reply; EDGE-A's answer came at midnight, in 2026
      EZK: [1, 0, 0, 0],
      Fin: [1, 0, 0, 1],
      IenW: [1, 0, 1, 0],
      SZW: [1, 0, 0, 0],
      LNV: [1, 0, 0, 1],
    });
    expect(
      Object.fromEntries(
        f.perOrganisation.map((o) => [o.code, [o.submitted, o.sent, o.replied, o.awaitingAtYearEnd]]),
      ),
    ).toEqual({
      'RIEC-L': [2, 2, 1, 1],
      'RIEC-NN': [2, 2, 1, 2],
      'RIEC-ON': [1, 1, 1, 0],
    });
  });

  it('counts the reply that came at midnight in the next year', async () => {
    const f = await computeAnnualReport(db.prisma, 2026);
    expect(f.monthly[0]!.replies).toBe(1);
    expect(f.earlierSignalsReplied.map((s) => s.reference)).toEqual(['EDGE-A']);
    expect(f.perMinistry.find((m) => m.code === 'JenV')).toMatchObject({ replied: 1, awaitingAtYearEnd: 0 });
    // EDGE-D was withdrawn in January and EDGE-F closed in February: nothing is awaited at the end of 2026.
    expect(f.awaitingAtYearEnd).toBe(0);
  });
});
