import request from 'supertest';
import { addCalendarDays, amsterdamDate, amsterdamInstant } from '../../shared/working-days';
import { createRespondHarness, csrfFieldIn, type RespondHarness } from './harness';

/**
 * The ministry page counts days in Amsterdam. Half an hour after midnight there it is already tomorrow, while the
 * UTC date is still today: the earliest date a contact may ask for is the day after the Amsterdam date, and a
 * request for the Amsterdam "today" is refused on the page itself. The response router runs on a clock set to
 * 00:30 Amsterdam time; PostgreSQL, Temporal and the worker are real.
 */
jest.setTimeout(120_000);

const tomorrowInAmsterdam = addCalendarDays(amsterdamDate(new Date()), 1);
const halfPastMidnight = amsterdamInstant(tomorrowInAmsterdam, 0, 30);

let h: RespondHarness;
beforeAll(async () => {
  h = await createRespondHarness({ clock: () => halfPastMidnight });
});
afterAll(() => h?.close());

describe('days on the ministry page just after midnight in Amsterdam', () => {
  it('offers dates from the day after the Amsterdam date and refuses the Amsterdam today', async () => {
    const today = amsterdamDate(halfPastMidnight);
    expect(today).toBe(tomorrowInAmsterdam);
    expect(halfPastMidnight.toISOString().slice(0, 10)).toBe(addCalendarDays(today, -1));

    const signal = await h.sentSignal();
    const agent = request.agent(h.app);
    const page = await agent.get(signal.links.JenV).expect(200);
    expect(page.text).toContain(`min="${addCalendarDays(today, 1)}"`);

    const eventsBefore = await h.db.prisma.signalEvent.count({ where: { signalId: signal.id } });
    const refused = await agent
      .post(`${signal.links.JenV}/extension`)
      .type('form')
      .send({ csrf: csrfFieldIn(page.text), dueDate: today, reason: 'Afstemming met de NCTV loopt.' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Vul een geldige datum in, in de toekomst.');
    expect(await h.db.prisma.signalEvent.count({ where: { signalId: signal.id } })).toBe(eventsBefore);
  });
});
