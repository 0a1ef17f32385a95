import { decideReview, eventually, submittedInReview, useApiHarness } from '../api/harness';
import { loggedIn, type DashboardUser } from './login';
import { postDecision as decide } from './decision-form';

/**
 * The follow-up's progress on the dashboard (docs/architecture.md#follow-up): once a ministry that replied took a
 * recommendation up, the signal page shows its follow-up with a form "Voortgang opvolging vastleggen" for a report
 * that came by post. It is the API's decision (`reportFollowUp` through api/workflow/decisions.ts): the row and the
 * timeline show the report with its actor; a second report is refused with the catalogue's Dutch above the row;
 * an admin sees the follow-up but no form, and is refused. Real PostgreSQL, Temporal dev server and worker.
 */
jest.setTimeout(120_000);

const h = useApiHarness({ worker: true });
let coordinator: DashboardUser;
let admin: DashboardUser;

beforeAll(async () => {
  coordinator = await loggedIn(h, 'coordinator@liec.example');
  admin = await loggedIn(h, 'admin@liec.example');
});

const formsOn = (html: string) =>
  [...html.matchAll(/class="liec-decision"\s+data-action="([a-z_]+)"/g)].map((m) => m[1]);

/** The follow-up row of one ministry on the signal page, up to the end of its list item. */
function followUpRow(html: string, code: string): string {
  const row = new RegExp(
    `<li\\s+class="[^"]*liec-follow-up"[^>]*data-follow-up-ministry="${code}"[\\s\\S]*?</li>`,
  ).exec(html);
  if (!row) throw new Error(`the page shows no follow-up of ${code}`);
  return row[0];
}

/** The id drawn when the form was rendered (a repeat of it is one decision). */
function requestIdIn(html: string, action: string): string {
  const form = new RegExp(`data-action="${action}"[\\s\\S]*?name="requestId" value="([0-9a-f-]{36})"`).exec(
    html,
  );
  if (!form) throw new Error(`no ${action} form`);
  return form[1]!;
}

/** A signal sent to BZ, replied by post, with its first recommendation adopted on the dashboard. */
async function signalWithFollowUp(): Promise<string> {
  const id = await submittedInReview(h);
  await decideReview(h, id, { decision: 'accept', ministryCodes: ['BZ'] });

  // Before the reply nothing is followed up: the workflow refuses, in Dutch, above the decisions.
  const early = await decide(coordinator, id, {
    action: 'report_follow_up',
    ministryCode: 'BZ',
    progress: 'implemented',
    note: 'Klaar.',
  });
  expect(early.status).toBe(422);
  expect(early.text).toContain('Dit besluit is niet uitgevoerd');
  expect(early.text).toContain(
    'De workflow weigerde dit besluit: er loopt geen opvolging voor BZ: het ministerie heeft (nog) geen aanbeveling overgenomen.',
  );
  expect(early.text).not.toContain('data-follow-up-ministry');

  const reply = await h
    .request()
    .post(`/api/v1/signals/${id}/ministries/BZ/reply`)
    .set(h.auth('coordinator'))
    .send({ text: 'De minister neemt de eerste aanbeveling over.' });
  expect(reply.status).toBe(201);
  const [first] = await h.db.prisma.recommendation.findMany({
    where: { signalId: id },
    orderBy: { position: 'asc' },
  });
  const adopted = await decide(coordinator, id, {
    action: 'record_outcome',
    recommendationId: first!.id,
    ministryCode: 'BZ',
    outcome: 'adopted',
  });
  expect([adopted.status, adopted.headers.location]).toEqual([303, `/signals/${id}?done=record_outcome`]);
  await eventually(
    async () =>
      (await h.db.prisma.ministryCase.findFirstOrThrow({ where: { signalId: id } })).followUpDueAt ??
      undefined,
    20_000,
    'the follow-up to be planned',
  );
  return id;
}

describe('the follow-up on the dashboard', () => {
  it('records the progress a ministry reported by post, once, through the workflow, and shows it', async () => {
    const id = await signalWithFollowUp();
    const page = await coordinator.agent.get(`/signals/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('>Opvolging</h4>');
    const awaiting = followUpRow(page.text, 'BZ');
    expect(awaiting).toContain('data-follow-up-state="awaiting"');
    expect(awaiting).toContain('Het ministerie heeft de voortgang nog niet gemeld.');
    expect(awaiting).toContain('data-action="report_follow_up"');
    expect(awaiting).toContain('Voortgang opvolging vastleggen');
    expect(awaiting).toMatch(/<option value="in_progress">\s*In uitvoering\s*<\/option>/);
    expect(page.text).toContain('Opvolging van overgenomen aanbevelingen gepland (BZ)');

    // A report without its text is refused above that form, changing nothing.
    const empty = await decide(coordinator, id, {
      action: 'report_follow_up',
      ministryCode: 'BZ',
      progress: 'in_progress',
      note: '  ',
    });
    expect(empty.status).toBe(422);
    expect(followUpRow(empty.text, 'BZ')).toContain('Vul een korte toelichting op de voortgang in.');

    // The same form sent twice (a double click) is one report.
    const form = {
      action: 'report_follow_up',
      ministryCode: 'BZ',
      progress: 'in_progress',
      note: 'Wetsvoorstel in consultatie.',
      requestId: requestIdIn(page.text, 'report_follow_up'),
    };
    const [sent, again] = [await decide(coordinator, id, form), await decide(coordinator, id, form)];
    expect([sent.status, sent.headers.location]).toEqual([303, `/signals/${id}?done=report_follow_up`]);
    expect(again.status).toBe(303);
    const stored = await h.db.prisma.ministryCase.findFirstOrThrow({ where: { signalId: id } });
    expect([stored.followUpProgress, stored.followUpNote]).toEqual([
      'in_progress',
      'Wetsvoorstel in consultatie.',
    ]);
    expect(stored.followUpReportedAt).not.toBeNull();
    const events = await h.db.prisma.signalEvent.findMany({
      where: { signalId: id, type: 'follow_up_reported' },
    });
    expect(events.map((e) => [e.ministryCode, e.actorType, e.actorLabel])).toEqual([
      ['BZ', 'coordinator', 'Co Ordinator'],
    ]);

    const done = await coordinator.agent.get(sent.headers.location!);
    expect(done.text).toContain(
      'De voortgang van de opvolging is vastgelegd; de herinneringen en escalaties voor dit ministerie stoppen.',
    );
    const reported = followUpRow(done.text, 'BZ');
    expect(reported).toContain('data-follow-up-state="reported"');
    expect(reported).toContain('data-follow-up-progress="in_progress"');
    expect(reported).toMatch(/Gemeld: <strong>In uitvoering<\/strong>/);
    expect(reported).toContain('Co Ordinator');
    expect(reported).toContain('Wetsvoorstel in consultatie.');
    expect(formsOn(done.text)).not.toContain('report_follow_up');
    expect(done.text).toMatch(
      /Voortgang van de opvolging gemeld \(BZ\)[\s\S]*?in uitvoering · toelichting: Wetsvoorstel in consultatie\./,
    );

    // A second report (a page left open) is refused with the catalogue's Dutch above the row; nothing changes.
    const second = await decide(coordinator, id, {
      action: 'report_follow_up',
      ministryCode: 'BZ',
      progress: 'dropped',
      note: 'Toch niet.',
    });
    expect(second.status).toBe(422);
    expect(second.type).toBe('text/html');
    const refusedRow = followUpRow(second.text, 'BZ');
    expect(refusedRow).toContain('Dit besluit is niet uitgevoerd');
    expect(refusedRow).toContain('De workflow weigerde dit besluit: de voortgang is al gemeld');
    expect(second.text).not.toContain('already reported');
    expect(await h.db.prisma.signalEvent.count({ where: { signalId: id, type: 'follow_up_reported' } })).toBe(
      1,
    );
    expect(
      (await h.db.prisma.ministryCase.findFirstOrThrow({ where: { signalId: id } })).followUpProgress,
    ).toBe('in_progress');
  });

  it('takes the report after the signal closed: its workflow waits for the follow-up', async () => {
    const id = await signalWithFollowUp();
    const closed = await h
      .request()
      .post(`/api/v1/signals/${id}/close`)
      .set(h.auth('coordinator'))
      .send({ unforwardedReason: 'De indiener kreeg de reactie al per post.' });
    expect(closed.status).toBe(200);
    const page = await coordinator.agent.get(`/signals/${id}`);
    expect(formsOn(page.text)).toEqual(['report_follow_up']);
    expect(page.text).toMatch(
      /Dit signaal is afgesloten;\s+alleen de voortgang van de opvolging kan nog worden vastgelegd/,
    );
    const sent = await decide(coordinator, id, {
      action: 'report_follow_up',
      ministryCode: 'BZ',
      progress: 'implemented',
      note: 'De wet is aangepast.',
    });
    expect([sent.status, sent.headers.location]).toEqual([303, `/signals/${id}?done=report_follow_up`]);
    const done = await coordinator.agent.get(sent.headers.location!);
    expect(followUpRow(done.text, 'BZ')).toContain('data-follow-up-progress="implemented"');
    expect(formsOn(done.text)).toEqual([]);
    expect(done.text).toContain('Dit signaal is afgesloten;');
    expect(done.text).toContain('er zijn geen besluiten meer te nemen.');
  });

  it('shows an admin the follow-up without a form and refuses its report; a form without the session’s token is refused', async () => {
    const id = await signalWithFollowUp();
    const page = await admin.agent.get(`/signals/${id}`);
    expect(page.status).toBe(200);
    expect(followUpRow(page.text, 'BZ')).toContain('data-follow-up-state="awaiting"');
    expect(formsOn(page.text)).toEqual([]);
    const refused = await decide(admin, id, {
      action: 'report_follow_up',
      ministryCode: 'BZ',
      progress: 'implemented',
      note: 'Klaar.',
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(
      'Met de rol beheerder kunt u dit besluit niet nemen; dat doen coördinatoren en loketleiders.',
    );

    const forged = await coordinator.agent
      .post(`/signals/${id}/decisions`)
      .type('form')
      .send(
        new URLSearchParams({
          _csrf: 'not-the-token',
          action: 'report_follow_up',
          ministryCode: 'BZ',
          progress: 'implemented',
          note: 'Klaar.',
        }).toString(),
      );
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Formulier verlopen');
    const stored = await h.db.prisma.ministryCase.findFirstOrThrow({ where: { signalId: id } });
    expect([stored.followUpProgress, stored.followUpReportedAt]).toEqual([null, null]);
  });
});
