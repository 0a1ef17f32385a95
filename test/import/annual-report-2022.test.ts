import fs from 'node:fs';
import path from 'node:path';
import { computeAnnualReport } from '../../reports/annual-report';
import { annualReportParagraph } from '../../reports/paragraph';
import { importRecordSchema, importSignals, parseImportFile } from '../../scripts/import';
import { ANNUAL_REPORT_2022_CASES } from '../../scripts/seed/data';
import { seedReferenceData } from '../../scripts/seed/demo';
import { signalWorkflowId } from '../../shared/ids';
import { createProductHarness, type ProductHarness } from '../dashboard/harness';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

/**
 * The three cases on page 3 of the RIEC-LIEC annual report 2022, imported with their historic dates through the
 * real workflows: the 2022 report they yield must say what that page says.
 */
const PAGE = fs
  .readFileSync(path.resolve(__dirname, 'fixtures', 'jaarverslag-2022-p3.txt'), 'utf8')
  .replace(/\s+/g, ' ');

describe('import of the annual report 2022 cases', () => {
  let h: ProductHarness;

  beforeAll(async () => {
    h = await createProductHarness();
    await seedReferenceData(h.db.prisma);
  });
  afterAll(() => h.close());

  it('imports them and lets their workflows record the end state', async () => {
    const result = await importSignals(
      { prisma: h.db.prisma, temporal: h.temporal.client, taskQueue: h.temporal.taskQueue },
      ANNUAL_REPORT_2022_CASES,
    );
    expect(result).toMatchObject({ imported: 3, skipped: 0, invalid: 0 });
    for (const outcome of result.outcomes) {
      if (outcome.status !== 'imported') throw new Error('not imported');
      // Closed history: the workflow writes the read model once and ends.
      await h.temporal.client.workflow.getHandle(signalWorkflowId(outcome.signalId)).result();
      const signal = await h.db.prisma.signal.findUniqueOrThrow({
        where: { id: outcome.signalId },
        include: { cases: true, events: { orderBy: { at: 'asc' } } },
      });
      expect(signal).toMatchObject({ status: 'closed', imported: true });
      expect(signal.stateVersion).toBeGreaterThan(0);
      expect(signal.cases.every((c) => c.status === 'replied' && c.repliedAt && c.replyId)).toBe(true);
      expect(signal.events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['submitted', 'sent', 'acknowledged', 'reply_received', 'closed', 'imported']),
      );
    }
    // History sends no mail: nobody is told about a signal that closed years ago.
    expect(await h.db.prisma.mailOutbox.count()).toBe(0);
  });

  it('yields the figures of the 2022 report', async () => {
    const figures = await computeAnnualReport(h.db.prisma, 2022);
    expect(figures).toMatchObject({
      submitted: 2,
      sent: 2,
      replied: 2,
      repliesReceived: 2,
      awaitingAtYearEnd: 1,
    });
    expect(figures.sentSignals.map((s) => s.reference)).toEqual(['BS-2022-0001', 'BS-2022-0002']);
    expect(figures.earlierSignalsReplied.map((s) => s.reference)).toEqual(['BS-2021-0004']);
    // The joint reply of BZ and JenV counts once; 17 May to 6 December is 203 days, 13 December to 28 June 197.
    expect(figures.medianReplyDays).toBe(200);
    expect(figures.longestReplyDays).toBe(203);
  });

  it('counts the recommendations of the two cases sent in 2022, per ministry and in total, all still open', async () => {
    const figures = await computeAnnualReport(h.db.prisma, 2022);
    const open = { open: 2, under_consideration: 0, adopted: 0, partly_adopted: 0, not_adopted: 0 };
    const none = { total: 0, implemented: 0, in_progress: 0, dropped: 0 };
    // Two recommendations each (from their subjects, scripts/seed/data.ts), each open for both ministries.
    expect(figures.recommendations).toEqual({
      made: 4,
      outcomes: { ...open, open: 8 },
      followUpsReported: none,
    });
    expect(
      Object.fromEntries(figures.perMinistry.map((m) => [m.code, m.recommendations.outcomes.open])),
    ).toEqual({ BZ: 2, EZK: 2, JenV: 2, LNV: 2, IenW: 0 });
    expect(figures.perMinistry.find((m) => m.code === 'BZ')!.recommendations).toEqual({
      made: 2,
      outcomes: open,
      followUpsReported: none,
    });
    expect(annualReportParagraph(figures)).toContain(
      'De in 2022 ingediende signalen bevatten vier aanbevelingen. Daarvan zijn er aan het eind van het jaar (per betrokken ministerie geteld) acht nog zonder uitkomst.',
    );
  });

  it('tells 2022 the way page 3 of the annual report does', async () => {
    const paragraph = annualReportParagraph(await computeAnnualReport(h.db.prisma, 2022));
    // The report's own sentences, as extracted from its PDF:
    expect(PAGE).toContain('zijn via het LIEC twee bestuurlijke signalen bij de verantwoordelijke');
    expect(paragraph).toContain(
      'In 2022 zijn via het LIEC twee bestuurlijke signalen bij de verantwoordelijke ministeries ingediend.',
    );
    expect(paragraph).toContain(
      'Het eerste is begin mei ingediend en gaat over gegevensuitwisseling met de Rijksdienst voor Ondernemend Nederland (RVO).',
    );
    expect(paragraph).toContain(
      'De indieners zijn nog in afwachting van de reactie van de betrokken ministers.',
    );
    expect(paragraph).toContain(
      'Het tweede is medio mei ingediend en gaat over misbruik van de Nederlandse visum- en asielprocedure door personen met de Iraanse nationaliteit.',
    );
    expect(paragraph).toContain(
      'Begin december is hierop de gezamenlijke reactie van de ministers van Buitenlandse Zaken en van Justitie en Veiligheid ontvangen.',
    );
    expect(paragraph).toContain(
      'Daarnaast is eind juni de reactie ontvangen op een eind 2021 ingediend bestuurlijk signaal over de behoefte aan een (landelijk) register voor (technische) voertuiggegevens zoals e-SIM en/of IMEI-gegevens.',
    );
  });

  it('imports nothing twice', async () => {
    const again = await importSignals(
      { prisma: h.db.prisma, temporal: h.temporal.client, taskQueue: h.temporal.taskQueue },
      ANNUAL_REPORT_2022_CASES,
    );
    expect(again).toMatchObject({ imported: 0, skipped: 3, invalid: 0 });
    expect(await h.db.prisma.signal.count()).toBe(3);
  });

  it('refuses a file with an invalid record as a whole, saying what is wrong', async () => {
    const result = await importSignals({ prisma: h.db.prisma, temporal: h.temporal.client }, [
      { organisation: 'RIEC-NN', title: 'Goed signaal', submittedAt: '2023-02-01' },
      { organisation: 'RIEC-XX', title: 'Onbekende indiener', submittedAt: '2023-02-01' },
      {
        organisation: 'RIEC-NN',
        title: 'Antwoord vóór verzending',
        submittedAt: '2023-02-01',
        sentAt: '2023-03-01',
        ministries: [{ code: 'BZ', repliedAt: '2023-02-15' }],
      },
      {
        organisation: 'RIEC-NN',
        title: 'Gesloten zonder datum',
        submittedAt: '2023-02-01',
        sentAt: '2023-03-01',
        stage: 'closed',
        ministries: [{ code: 'BZ' }],
      },
    ]);
    expect(result.imported).toBe(0);
    expect(result.invalid).toBe(3);
    const errors = Object.fromEntries(
      result.outcomes.filter((o) => o.status === 'invalid').map((o) => [o.index, o.errors.join(' | ')]),
    );
    expect(errors[1]).toContain('no organisation with code RIEC-XX');
    expect(errors[2]).toContain('repliedAt lies before sentAt');
    expect(errors[3]).toContain('a closed signal needs closedAt');
    expect(await h.db.prisma.signal.count()).toBe(3);
  });

  it('starts an open signal at its stage, with its real (overdue) deadline', async () => {
    const result = await importSignals(
      { prisma: h.db.prisma, temporal: h.temporal.client, taskQueue: h.temporal.taskQueue },
      [
        {
          organisation: 'RIEC-MN',
          title: 'Ondermijning via zorgfraude',
          submittedAt: '2025-01-06',
          sentAt: '2025-01-20',
          ministries: [
            { code: 'VWS', acknowledgedAt: '2025-01-22', replyDueAt: '2025-03-17' },
            { code: 'JenV', acknowledgedAt: '2025-01-23', repliedAt: '2025-03-01' },
          ],
        },
      ],
    );
    const outcome = result.outcomes[0]!;
    if (outcome.status !== 'imported') throw new Error(JSON.stringify(outcome));
    expect(outcome.reference).toMatch(/^BS-2025-\d{4}$/);
    const snapshot = await h.eventually(async () => {
      const s = await h.snapshot(outcome.signalId).catch(() => null);
      return s && s.version > 0 ? s : null;
    });
    expect(snapshot.status).toBe('partially_replied');
    const vws = snapshot.ministries.find((m) => m.ministryCode === 'VWS')!;
    expect(vws).toMatchObject({ status: 'acknowledged', overdue: true });
    expect(vws.replyDueAt).toBe('2025-03-17T23:00:00.000Z'); // the end of the agreed day, in Amsterdam
    const row = await h.eventually(() =>
      h.db.prisma.signal.findFirst({
        where: { id: outcome.signalId, stateVersion: { gt: 0 } },
        include: { cases: { include: { ministry: true } } },
      }),
    );
    expect(row.status).toBe('partially_replied');
    expect(row.nextDeadlineKind).toBe('reply:VWS');
    expect(row.cases.find((c) => c.ministry.code === 'JenV')!.status).toBe('replied');
  });

  it('counts a co-submitted 2022 signal under each of its submitters, and once in the totals', async () => {
    const refused = await importSignals({ prisma: h.db.prisma }, [
      {
        organisation: 'RIEC-NH',
        coSubmitters: ['GEM-XX'],
        title: 'Onbekende mede-indiener',
        submittedAt: '2022-09-01',
      },
    ]);
    expect(refused.outcomes[0]).toMatchObject({
      status: 'invalid',
      errors: ['coSubmitters: no organisation with code GEM-XX'],
    });
    const result = await importSignals(
      { prisma: h.db.prisma, temporal: h.temporal.client, taskQueue: h.temporal.taskQueue },
      [
        {
          reference: 'BS-2022-0003',
          organisation: 'RIEC-NH',
          coSubmitters: ['GEM-HAA', 'riec-dh'],
          title: 'Huisvesting van arbeidsmigranten via malafide uitzendbureaus',
          submittedAt: '2022-09-01',
          sentAt: '2022-09-15',
          ministries: [{ code: 'SZW', acknowledgedAt: '2022-09-20' }],
        },
      ],
    );
    expect(result).toMatchObject({ imported: 1, invalid: 0 });
    const coSubmitters = await h.db.prisma.signalCoSubmitter.findMany({
      where: { signal: { reference: 'BS-2022-0003' } },
      include: { organisation: true },
    });
    expect(coSubmitters.map((c) => c.organisation.code).sort()).toEqual(['GEM-HAA', 'RIEC-DH']);

    const figures = await computeAnnualReport(h.db.prisma, 2022);
    // Totals: each signal once (two from page 3 and this one).
    expect(figures).toMatchObject({ submitted: 3, sent: 3, replied: 2, awaitingAtYearEnd: 2 });
    const perOrganisation = Object.fromEntries(
      figures.perOrganisation.map(({ code, name: _name, ...rest }) => [code, rest]),
    );
    expect(perOrganisation).toEqual({
      'RIEC-ON': { submitted: 1, sent: 1, replied: 0, awaitingAtYearEnd: 1 },
      'RIEC-L': { submitted: 0, sent: 0, replied: 1, awaitingAtYearEnd: 0 },
      // The visa signal of page 3, plus this one as co-submitter.
      'RIEC-DH': { submitted: 2, sent: 2, replied: 1, awaitingAtYearEnd: 1 },
      'RIEC-NH': { submitted: 1, sent: 1, replied: 0, awaitingAtYearEnd: 1 },
      'GEM-HAA': { submitted: 1, sent: 1, replied: 0, awaitingAtYearEnd: 1 },
    });
    expect(figures.countsCoSubmitters).toBe(true);
    expect(annualReportParagraph(figures)).toContain(
      'Een signaal dat meerdere organisaties samen hebben ingediend, telt in de cijfers per organisatie mee bij elk van de indieners; in de totalen telt het één keer.',
    );
    // A year without co-submitted signals says nothing about it.
    const earlier = await computeAnnualReport(h.db.prisma, 2021);
    expect(earlier.countsCoSubmitters).toBe(false);
    expect(annualReportParagraph(earlier)).not.toContain('mede bij elk van de indieners');
  });

  it('imports the persons a signal concerns, each with a processing-log record on behalf of its organisation', async () => {
    const deps = { prisma: h.db.prisma, temporal: h.temporal.client, taskQueue: h.temporal.taskQueue };
    const persons = [
      { name: 'Jan Voorbeeld', birthDate: '1968-03-14', role: 'bestuurder van de stichting' },
      { name: 'Ria Proefpersoon' },
    ];
    const record = {
      organisation: 'riec-aa',
      title: 'Vastgoedtransacties via stichtingen',
      submittedAt: '2024-03-04',
      concernedPersons: persons,
    };
    const signals = await h.db.prisma.signal.count();
    // Without the processing log's writer nothing is imported: the persons would be stored unrecorded.
    await expect(importSignals(deps, [record])).rejects.toThrow(
      'importSignals needs the processing log to record the persons the signals concern',
    );
    // What the API refuses in `concernedPersons`, the import refuses too, and says where.
    const refused = await importSignals({ ...deps, processingLog: TEST_PROCESSING_LOG }, [
      { ...record, concernedPersons: [{ name: 'Piet Puk', birthDate: '1899-12-31', bsn: '123456782' }] },
    ]);
    expect(refused).toMatchObject({ imported: 0, invalid: 1 });
    expect(refused.outcomes[0]).toMatchObject({
      status: 'invalid',
      errors: [
        'concernedPersons.0.birthDate: is before 1900-01-01',
        'concernedPersons.0: Unrecognized key: "bsn"',
      ],
    });
    expect(await h.db.prisma.signal.count()).toBe(signals);
    expect(await h.db.prisma.concernedPerson.count()).toBe(0);

    const result = await importSignals({ ...deps, processingLog: TEST_PROCESSING_LOG }, [record]);
    const outcome = result.outcomes[0]!;
    if (outcome.status !== 'imported') throw new Error(JSON.stringify(outcome));
    const rows = await h.db.prisma.concernedPerson.findMany({
      where: { signalId: outcome.signalId },
      orderBy: { position: 'asc' },
    });
    expect(
      rows.map((row) => ({
        position: row.position,
        name: row.name,
        birthDate: row.birthDate?.toISOString().slice(0, 10) ?? null,
        role: row.role,
      })),
    ).toEqual([
      { position: 1, ...persons[0] },
      { position: 2, name: 'Ria Proefpersoon', birthDate: null, role: null },
    ]);
    const register = h.config.processingRegister;
    for (const row of rows) {
      const records = await h.db.prisma.processingLogRecord.findMany({
        where: { dataSubjectId: register.pseudonymOf({ kind: 'person', id: row.id }) },
      });
      expect(records).toEqual([
        expect.objectContaining({
          name: 'record concerned person of an imported signal',
          processingActivityId: register.uriOf('concerned-person-registration'),
          actorOrganisation: 'RIEC-AA',
          status: 'OK',
        }),
      ]);
    }
    // The log names the persons by pseudonym only.
    const log = JSON.stringify(await h.db.prisma.processingLogRecord.findMany());
    for (const secret of ['Voorbeeld', 'Proefpersoon', ...rows.map((row) => row.id)])
      expect(log).not.toContain(secret);
    // Imported again: skipped, so no second marking and no second record.
    const again = await importSignals({ ...deps, processingLog: TEST_PROCESSING_LOG }, [
      { ...record, reference: outcome.reference },
    ]);
    expect(again).toMatchObject({ imported: 0, skipped: 1 });
    expect(await h.db.prisma.concernedPerson.count()).toBe(2);
    expect(await h.db.prisma.processingLogRecord.count({ where: { actorOrganisation: 'RIEC-AA' } })).toBe(2);
  });
});

describe('import files', () => {
  it('reads the same records from CSV as from JSON', () => {
    const csv = [
      'reference;organisation;title;submittedAt;sentAt;closedAt;ministries;acknowledged;replies',
      'BS-2022-0002;RIEC-DH;"Misbruik van de visum- en asielprocedure; Iraanse nationaliteit";2022-05-09;2022-05-17;2022-12-15;BZ, JenV;BZ 2022-05-24, JenV 2022-05-23;BZ+JenV 2022-12-06',
    ].join('\r\n');
    const [record] = parseImportFile(csv, 'signalen.csv');
    expect(record).toMatchObject({
      reference: 'BS-2022-0002',
      organisation: 'RIEC-DH',
      title: 'Misbruik van de visum- en asielprocedure; Iraanse nationaliteit',
      submittedAt: '2022-05-09',
      sentAt: '2022-05-17',
      closedAt: '2022-12-15',
      ministries: [
        { code: 'BZ', acknowledgedAt: '2022-05-24' },
        { code: 'JenV', acknowledgedAt: '2022-05-23' },
      ],
      replies: [{ ministries: ['BZ', 'JenV'], receivedAt: '2022-12-06' }],
    });
    expect(parseImportFile(JSON.stringify({ signals: [record] }), 'x.json')).toEqual([record]);
  });

  it('takes co-submitters from a CSV column, and refuses the lead or a code twice', () => {
    const [record] = parseImportFile(
      'organisation;coSubmitters;title;submittedAt\r\nRIEC-NH;GEM-HAA, RIEC-DH;Gezamenlijk signaal;2022-09-01',
      'signalen.csv',
    );
    expect(record).toMatchObject({ organisation: 'RIEC-NH', coSubmitters: ['GEM-HAA', 'RIEC-DH'] });
    const refused = importRecordSchema.safeParse({
      ...record,
      coSubmitters: ['riec-nh', 'GEM-HAA', 'gem-haa'],
    });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'coSubmitters.0: riec-nh is the lead organisation itself, not a co-submitter',
      'coSubmitters.2: gem-haa is listed twice',
    ]);
  });
});
