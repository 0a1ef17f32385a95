// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { createApiHarness, decideReview, submittedInReview, type ApiHarness } from '../api/harness';
import { postDecision as decide } from './decision-form';
import { loggedIn, type DashboardUser } from './login';

/**
 * The "Doorsturen" form of the dashboard's signal page (issue 17 item 2): the loket forwards replies to the
 * submitters there as through the API; closing without it needs a reason, refused in Dutch otherwise; the
 * overview filters on "doorgestuurd". Real PostgreSQL, Temporal dev server, worker and HTTP.
 */
jest.setTimeout(120_000);

let h: ApiHarness;
let coordinator: DashboardUser;
let admin: DashboardUser;

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
  coordinator = await loggedIn(h, 'coordinator@liec.example');
  admin = await loggedIn(h, 'admin@liec.example');
});
afterAll(() => h?.close());

/** A signal of riecA sent to JenV and BZ, each of which replied by post (two replies). */
async function answered(): Promise<{ id: string; replyIds: string[] }> {
  const id = await submittedInReview(h);
  await decideReview(h, id, { decision: 'accept', ministryCodes: ['JenV', 'BZ'] });
  const replyIds: string[] = [];
  for (const code of ['JenV', 'BZ']) {
    const res = await h
      .request()
      .post(`/api/v1/signals/${id}/ministries/${code}/reply`)
      .set(h.auth('coordinator'))
      .send({ text: `Reactie van ${code}` });
    expect(res.status).toBe(201);
    replyIds.push(res.body.replyId as string);
  }
  return { id, replyIds };
}

const overview = async (query: string) => (await coordinator.agent.get(`/${query}`)).text;

describe('forwarding on the dashboard', () => {
  it('forwards the chosen replies from the signal page, and then lets the signal close', async () => {
    const { id, replyIds } = await answered();
    const page = await coordinator.agent.get(`/signals/${id}`);
    expect(page.text).toContain('Reactie doorsturen aan de indieners');
    for (const replyId of replyIds)
      expect(page.text).toMatch(new RegExp(`name="replies"\\s+value="${replyId}"`));
    // The admin reads everything and decides nothing: no form, and a posted one is refused.
    expect((await admin.agent.get(`/signals/${id}`)).text).not.toContain('data-action="forward_replies"');
    expect((await decide(admin, id, { action: 'forward_replies', replies: replyIds })).status).toBe(403);
    expect(await overview('?forwarded=false')).toContain(`/signals/${id}`);

    const none = await decide(coordinator, id, { action: 'forward_replies' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Kies de reactie (of reacties) om door te sturen.');

    const refused = await decide(coordinator, id, { action: 'close' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(
      'De workflow weigerde dit besluit: 2 reacties zijn nog niet aan de indieners doorgestuurd; stuur ze eerst door, of geef een reden op waarom niet.',
    );

    const first = await decide(coordinator, id, {
      action: 'forward_replies',
      replies: [replyIds[0]!],
      note: 'De reactie van JenV alvast.',
    });
    expect([first.status, first.headers.location]).toEqual([303, `/signals/${id}?done=forward_replies`]);
    const after = await coordinator.agent.get(first.headers.location!);
    expect(after.text).toContain('De reactie is doorgestuurd aan de indieners');
    expect(after.text).toContain('Doorgestuurd aan de indieners op');
    expect(after.text).toContain('Reactie doorgestuurd aan de indieners');
    expect(after.text).toContain('toelichting: De reactie van JenV alvast.');
    // Only the reply still waiting is offered.
    expect(after.text).not.toContain(`value="${replyIds[0]}"`);
    expect(after.text).toContain(`value="${replyIds[1]}"`);

    const again = await decide(coordinator, id, { action: 'forward_replies', replies: [replyIds[0]!] });
    expect(again.status).toBe(422);
    expect(again.text).toContain('De workflow weigerde dit besluit: deze reactie is al doorgestuurd');

    await decide(coordinator, id, { action: 'forward_replies', replies: [replyIds[1]!] });
    expect(await overview('?forwarded=true')).toContain(`/signals/${id}`);
    expect(await overview('?forwarded=false')).not.toContain(`/signals/${id}`);
    const riec = await h.request().get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    expect(riec.body.replyForwarding).toBe('forwarded');

    const closed = await decide(coordinator, id, { action: 'close' });
    expect([closed.status, closed.headers.location]).toEqual([303, `/signals/${id}?done=close`]);
  });

  it('closes without forwarding when the coordinator says why, and shows the reason in the timeline', async () => {
    const { id } = await answered();
    const page = await coordinator.agent.get(`/signals/${id}`);
    expect(page.text).toContain('Waarom gaat de reactie niet naar de indieners?');
    const closed = await decide(coordinator, id, {
      action: 'close',
      unforwardedReason: 'Met de indiener telefonisch besproken.',
    });
    expect(closed.status).toBe(303);
    const after = await coordinator.agent.get(`/signals/${id}`);
    expect(after.text).toContain('niet doorgestuurd: Met de indiener telefonisch besproken.');
    expect(after.text).toContain('Nog niet doorgestuurd aan de indieners');
  });
});
