import crypto from 'node:crypto';
import { DECISION_ACTIONS, type DecisionAction } from '../../api/dashboard/decisions';
import { eventually, submittedInReview, useApiHarness, validSignal } from '../api/harness';
import { loggedIn, type DashboardUser } from './login';
import { postDecision as decide } from './decision-form';

/**
 * Who may take which decision is one rule on both ways in (api/auth/permissions.ts): the dashboard refuses what the
 * API refuses (an admin reads everything and decides nothing), with a Dutch page, and renders no form for it; the
 * loket lead decides like a coordinator, as in the API. Real PostgreSQL, Temporal dev server and worker.
 */
jest.setTimeout(90_000);

type Staff = 'coordinator' | 'lead' | 'admin';
const STAFF: readonly Staff[] = ['coordinator', 'lead', 'admin'];

const h = useApiHarness({ worker: true });
const users = {} as Record<Staff, DashboardUser>;

beforeAll(async () => {
  for (const role of STAFF) users[role] = await loggedIn(h, `${role}@liec.example`);
});

const formsOn = (html: string) =>
  [...html.matchAll(/class="liec-decision"\s+data-action="([a-z_]+)"/g)].map((m) => m[1]);

describe('roles on the dashboard', () => {
  it('shows an admin a signal without any decision form and refuses its decisions with a Dutch 403 page, changing nothing', async () => {
    const id = await submittedInReview(h);
    const page = await users.admin.agent.get(`/signals/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(validSignal().title);
    expect(formsOn(page.text)).toEqual([]);
    expect(page.text).toContain(
      'U kunt dit signaal inzien; besluiten nemen de coördinatoren en de loketleider.',
    );
    // The coordinator sees the same signal with its forms (the page differs by role, not by accident).
    expect(formsOn((await users.coordinator.agent.get(`/signals/${id}`)).text)).toEqual(
      expect.arrayContaining(['accept', 'request_changes', 'reject', 'withdraw']),
    );

    const events = await h.db.prisma.signalEvent.count({ where: { signalId: id } });
    const refused = await decide(users.admin, id, { action: 'accept', ministries: ['BZ'] });
    expect(refused.status).toBe(403);
    expect(refused.type).toBe('text/html');
    expect(refused.text).toContain('Niet toegestaan');
    expect(refused.text).toContain(
      'Met de rol beheerder kunt u dit besluit niet nemen; dat doen coördinatoren en loketleiders.',
    );
    const signal = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
    expect(signal.status).toBe('in_review');
    expect(await h.db.prisma.signalEvent.count({ where: { signalId: id } })).toBe(events);
    expect(await h.db.prisma.ministryCase.count({ where: { signalId: id } })).toBe(0);
  });

  it('lets the loket lead decide like a coordinator, through the workflow', async () => {
    const id = await submittedInReview(h);
    expect(formsOn((await users.lead.agent.get(`/signals/${id}`)).text)).toEqual(
      expect.arrayContaining(['accept', 'request_changes', 'reject', 'withdraw']),
    );
    const accepted = await decide(users.lead, id, { action: 'accept', ministries: ['BZ'] });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe(`/signals/${id}?done=accept`);
    await eventually(async () =>
      (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status === 'sent' ? true : undefined,
    );

    // A sent signal: the lead has the reply, deadline and link forms; the admin none, nor the links' history.
    const lead = await users.lead.agent.get(`/signals/${id}`);
    expect(formsOn(lead.text)).toEqual(
      expect.arrayContaining(['record_reply', 'extend_deadline', 'reissue_link', 'withdraw']),
    );
    expect(lead.text).toContain('data-links="BZ"');
    const admin = await users.admin.agent.get(`/signals/${id}`);
    expect(formsOn(admin.text)).toEqual([]);
    expect(admin.text).not.toContain('data-links=');
  });

  it('refuses on the dashboard exactly what the API refuses, decision by decision and role by role', async () => {
    // A withdrawn signal refuses every decision in the workflow, so an allowed role changes nothing either.
    const id = await submittedInReview(h);
    expect(
      (await h.request().post(`/api/v1/signals/${id}/withdraw`).set(h.auth('riecA')).send({})).status,
    ).toBe(200);
    const contactId = crypto.randomUUID();
    const api: Record<DecisionAction, { path: string; body: object }> = {
      accept: { path: 'review', body: { decision: 'accept', ministryCodes: ['BZ'] } },
      request_changes: { path: 'review', body: { decision: 'request_changes', reason: 'Graag aanvullen.' } },
      reject: { path: 'review', body: { decision: 'reject', reason: 'Geen signaal.' } },
      withdraw: { path: 'withdraw', body: {} },
      decide_extension: { path: 'ministries/BZ/deadline', body: { decision: 'approve' } },
      extend_deadline: { path: 'ministries/BZ/deadline', body: { extraWorkingDays: 5, reason: 'Drukte.' } },
      record_reply: { path: 'ministries/BZ/reply', body: { text: 'Antwoord per post.' } },
      close: { path: 'close', body: {} },
      forward_replies: { path: 'forwardings', body: { replyIds: [contactId] } },
      reissue_link: { path: 'ministries/BZ/links', body: { contactId } },
      suspend_clock: { path: 'ministries/BZ/clocks/reply/suspend', body: { reason: 'Wacht op advies.' } },
      resume_clock: { path: 'clocks/review/resume', body: {} },
      decide_suspension: { path: 'ministries/BZ/suspension-request', body: { decision: 'grant' } },
      record_outcome: { path: `recommendations/${contactId}/outcomes/BZ`, body: { outcome: 'adopted' } },
      report_follow_up: {
        path: 'ministries/BZ/follow-up',
        body: { progress: 'implemented', note: 'Klaar.' },
      },
    };
    const dashboardForm: Record<DecisionAction, Record<string, string | string[]>> = {
      accept: { ministries: ['BZ'] },
      request_changes: { reason: 'Graag aanvullen.' },
      reject: { reason: 'Geen signaal.' },
      withdraw: {},
      decide_extension: { ministryCode: 'BZ', decision: 'approve' },
      extend_deadline: { ministryCode: 'BZ', dueDate: '2099-01-05', reason: 'Drukte.' },
      record_reply: { ministries: ['BZ'], receivedDate: '2026-01-05', text: 'Antwoord per post.' },
      close: {},
      forward_replies: { replies: [contactId] },
      reissue_link: { ministryCode: 'BZ', contactId, requestId: crypto.randomUUID() },
      suspend_clock: { clock: 'reply', ministryCode: 'BZ', reason: 'Wacht op advies.' },
      resume_clock: { clock: 'review' },
      decide_suspension: { ministryCode: 'BZ', decision: 'grant' },
      record_outcome: { recommendationId: contactId, ministryCode: 'BZ', outcome: 'adopted' },
      report_follow_up: { ministryCode: 'BZ', progress: 'implemented', note: 'Klaar.' },
    };
    const table: string[] = [];
    for (const role of STAFF) {
      for (const action of DECISION_ACTIONS) {
        const viaApi = await h
          .request()
          .post(`/api/v1/signals/${id}/${api[action].path}`)
          .set(h.auth(role))
          .send(api[action].body);
        const viaDashboard = await decide(users[role], id, { action, ...dashboardForm[action] });
        table.push(
          `${role} ${action}: API ${viaApi.status === 403 ? 'refuses' : 'allows'}, dashboard ${viaDashboard.status === 403 ? 'refuses' : 'allows'}`,
        );
      }
    }
    const expected = STAFF.flatMap((role) =>
      DECISION_ACTIONS.map((action) => {
        const verdict = role === 'admin' ? 'refuses' : 'allows';
        return `${role} ${action}: API ${verdict}, dashboard ${verdict}`;
      }),
    );
    expect(table).toEqual(expected);
    expect((await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status).toBe('withdrawn');
  });
});
