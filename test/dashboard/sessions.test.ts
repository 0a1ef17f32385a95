import { FIRST_LOGIN_DELAY_MS, MAX_LOGIN_DELAY_MS } from '../../api/dashboard/login-throttle';
import { createUser, resetPassword } from '../../scripts/admin/commands';
import { runAdminCli } from '../../scripts/admin/cli';
import { createApiHarness, type ApiHarness } from '../api/harness';
import { csrfTokenOf, loggedIn, postLogin } from './login';
import { TEST_PROCESSING_LOG } from '../support/processing-log';
import { TEST_RESPONSE_LINK_SECRET } from '../support/env';

/**
 * Dashboard sessions and logins against real PostgreSQL, on the app's clock (moved by the test): a password reset
 * or a disabled account ends the user's sessions; a session ends after 30 idle minutes or 8 hours; failed logins
 * slow guessing down with a growing delay per account, claimed in one conditional UPDATE, never a lock.
 */
let h: ApiHarness;
let current = new Date();
const advance = (ms: number) => {
  current = new Date(current.getTime() + ms);
};
const MINUTE = 60_000;

beforeAll(async () => {
  h = await createApiHarness({
    clock: () => new Date(current.getTime()),
    // The per-address limiter is not what these tests are about: the race below sends 20 logins at once.
    app: { dashboard: { loginRateLimit: 10_000 } },
  });
});
afterAll(async () => {
  await h?.close();
});

async function newCoordinator(email: string): Promise<string> {
  await createUser(
    h.db.prisma,
    { email, name: email.split('@')[0]!, role: 'coordinator' },
    TEST_PROCESSING_LOG,
  );
  return (await resetPassword(h.db.prisma, { email }, TEST_PROCESSING_LOG)).password;
}

async function admin(...args: string[]): Promise<string[]> {
  const out: string[] = [];
  const code = await runAdminCli(
    args,
    { out: (line) => out.push(line), err: () => {} },
    { DATABASE_URL: h.db.url, RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET },
  );
  expect(code).toBe(0);
  return out;
}

const userRow = (email: string) => h.db.prisma.user.findUniqueOrThrow({ where: { email } });
const sessionRows = (email: string) => h.db.prisma.session.findMany({ where: { user: { email } } });

describe('dashboard sessions', () => {
  it('ends every session of a user whose password the admin CLI resets, or whose account it disables', async () => {
    const email = 'k.klaas@liec.example';
    await newCoordinator(email);
    const first = await loggedIn(h, email);
    const second = h.request();
    expect((await postLogin(second, email, first.password)).status).toBe(303);
    expect((await second.get('/')).status).toBe(200);

    const reset = await admin('user', 'password', '--email', email);
    expect(reset[0]).toMatch(/^new dashboard password for k\.klaas@liec\.example \(shown once\): \S{20}$/);
    expect(reset[1]).toBe(
      '2 dashboard sessions of k.klaas@liec.example ended; the old password no longer works',
    );
    const newPassword = reset[0]!.split(': ')[1]!;
    for (const agent of [first.agent, second]) {
      const refused = await agent.get('/reports');
      expect(refused.status).toBe(303);
      expect(refused.headers.location).toBe('/login?next=%2Freports&ended=1');
    }
    const loginPage = await first.agent.get('/login?next=%2Freports&ended=1');
    expect(loginPage.text).toContain('Uw sessie is beëindigd: na 30 minuten zonder activiteit, 8 uur na het');
    expect(await sessionRows(email)).toEqual([]);
    expect((await postLogin(h.request(), email, first.password)).status).toBe(401);

    const third = h.request();
    expect((await postLogin(third, email, newPassword)).status).toBe(303);
    expect((await admin('user', 'disable', '--email', email))[0]).toBe(
      'k.klaas@liec.example disabled; 1 dashboard session ended and its API keys no longer work',
    );
    expect((await third.get('/')).status).toBe(303);
    expect(await sessionRows(email)).toEqual([]);
  });

  it('ends a session after 30 minutes without a page view, and writes its last use at most once a minute', async () => {
    const email = 'lead@liec.example';
    const user = await loggedIn(h, email);
    const [session] = await sessionRows(email);
    const loginAt = session!.lastUsedAt.getTime();
    expect(loginAt).toBe(current.getTime());

    advance(30_000);
    expect((await user.agent.get('/')).status).toBe(200);
    expect((await sessionRows(email))[0]!.lastUsedAt.getTime()).toBe(loginAt); // no write within the minute

    advance(29 * MINUTE);
    expect((await user.agent.get('/')).status).toBe(200);
    const lastUse = current.getTime();
    expect((await sessionRows(email))[0]!.lastUsedAt.getTime()).toBe(lastUse);

    // The live view polls on its own while a tab stays open: that is no activity.
    advance(29 * MINUTE);
    const poll = await user.agent.get('/signals/00000000-0000-4000-8000-000000000000/live');
    expect(poll.status).toBe(404);
    expect((await sessionRows(email))[0]!.lastUsedAt.getTime()).toBe(lastUse);

    advance(MINUTE);
    const ended = await user.agent.get('/');
    expect(ended.status).toBe(303);
    expect(ended.headers.location).toBe('/login?next=%2F&ended=1');
    expect(String(ended.headers['set-cookie'])).toMatch(/signaalloket-session=;/);
    expect(await sessionRows(email)).toEqual([]);
  });

  it('ends even a busy session 8 hours after the login', async () => {
    const user = await loggedIn(h, 'coordinator@liec.example');
    const statuses: number[] = [];
    for (let step = 1; step <= 24; step += 1) {
      advance(20 * MINUTE);
      statuses.push((await user.agent.get('/')).status);
    }
    expect(statuses).toEqual([...Array<number>(23).fill(200), 303]);
  });
});

describe('dashboard login throttling', () => {
  const wrong = 'niet-het-wachtwoord';

  it('checks only the allowed attempts of 20 parallel wrong passwords, and lets the owner in after the delay', async () => {
    const email = 'r.ace@liec.example';
    const password = await newCoordinator(email);
    // Twenty browsers, each with its own login form, post at the same moment.
    const forms = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const agent = h.request();
        return { agent, token: csrfTokenOf((await agent.get('/login')).text) };
      }),
    );
    const answers = await Promise.all(
      forms.map(({ agent, token }) =>
        agent.post('/login').type('form').send({ email, password: wrong, _csrf: token }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array<number>(20).fill(401));
    expect(answers[0]!.text).toContain('Het account wordt niet geblokkeerd');
    const throttled = await userRow(email);
    expect(throttled.failedLogins).toBe(5);
    expect(throttled.loginDelayedUntil).toEqual(new Date(current.getTime() + FIRST_LOGIN_DELAY_MS));

    // Inside the delay even the right password is refused unchecked, and the attempt does not count.
    expect((await postLogin(h.request(), email, password)).status).toBe(401);
    expect((await userRow(email)).failedLogins).toBe(5);

    advance(FIRST_LOGIN_DELAY_MS);
    const owner = h.request();
    const login = await postLogin(owner, email, password);
    expect(login.status).toBe(303);
    expect((await owner.get('/')).status).toBe(200);
    expect(await userRow(email)).toMatchObject({ failedLogins: 0, loginDelayedUntil: null });
  });

  it('doubles the delay with every further failure up to 5 minutes, so the owner waits at most that long', async () => {
    const email = 'g.raag@liec.example';
    const password = await newCoordinator(email);
    for (let i = 0; i < 4; i += 1) expect((await postLogin(h.request(), email, wrong)).status).toBe(401);
    expect((await userRow(email)).loginDelayedUntil).toBeNull();

    const delays: number[] = [];
    for (let failure = 5; failure <= 16; failure += 1) {
      expect((await postLogin(h.request(), email, wrong)).status).toBe(401);
      const delayedUntil = (await userRow(email)).loginDelayedUntil!;
      delays.push(delayedUntil.getTime() - current.getTime());
      current = delayedUntil;
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300].map((s) => s * 1000));
    expect(Math.max(...delays)).toBe(MAX_LOGIN_DELAY_MS);
    expect((await postLogin(h.request(), email, password)).status).toBe(303);
  });

  it('refuses a login form posted from elsewhere before the password is looked at', async () => {
    const email = 'e.lders@liec.example';
    const password = await newCoordinator(email);
    const agent = h.request();
    await agent.get('/login');
    const forged = await agent.post('/login').type('form').send({ email, password, _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(String(forged.headers['set-cookie'])).not.toMatch(/(^|,)signaalloket-session=/);
    expect((await userRow(email)).failedLogins).toBe(0);
  });
});
