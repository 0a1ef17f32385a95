import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { processingLogOf, type AppDeps } from '../deps';
import { computeAnnualReport } from '../../reports/annual-report';
import { annualReportParagraph } from '../../reports/paragraph';
import { signalsToCsv } from '../../reports/csv';
import { DASHBOARD_SCRIPT } from './client-script';
import { documentDownloads } from './document-downloads';
import { loadFailedDeliveries, resendDelivery } from './event-deliveries';
import { mayDo, type Permission } from '../auth/permissions';
import {
  DECISION_ACTIONS,
  DECISION_NOTICES,
  DecisionError,
  DecisionForbidden,
  takeDecision,
  type DecisionAction,
} from './decisions';
import { parseListFilters } from './filters';
import { sendNewLink } from './link-decision';
import { responseLinkServiceFor } from '../links/reissue';
import { createLoginRouter } from './login-routes';
import { firstSubmissionYear, loadExportRows, loadOverview, signalExists } from './overview-data';
import {
  clearSessionCookie,
  cookiePolicy,
  loadSession,
  sessionLifetime,
  type DashboardSession,
} from './sessions';
import { readCookie } from '../http/cookies';
import { detailVersion, loadSignalDetail, loadSignalHeading } from './signal-data';
import { EVENT_LABELS } from './views/format';
import { messagePage } from './views/login-page';
import { eventDeliveriesPage, RESEND_NOTICES } from './views/event-deliveries-page';
import { overviewPage } from './views/overview-page';
import { reportsPage } from './views/reports-page';
import { processingLogPage } from './views/processing-log-page';
import { listProcessingRecords } from '../processing-log/lookup';
import { lookupOf } from './processing-log-query';
import { readConcernedPersons } from '../concerned-persons/read';
import { concernedPersonsPage } from './views/concerned-persons-page';
import { LOKET_ORGANISATION } from '../../activities/processing-log/record';
import {
  renderMinistries,
  renderSignalHeader,
  signalPage,
  type DecisionError as DecisionErrorView,
} from './views/signal-page';
import { renderTimeline } from './views/timeline';
import { UUID_PATTERN as UUID } from '../../shared/ids';

/**
 * The coordinators' dashboard: server-rendered pages at the root of the app (/, /login, /signals/:id, /reports,
 * /export.csv). Each route checks the session itself, so mounting this router at the root never touches /api
 * or /respond.
 */
export interface DashboardDeps extends AppDeps {
  /** Base URL of the Temporal Web UI (e.g. http://localhost:8233); the embedded dev server's UI when omitted. */
  temporalUiBaseUrl?: string;
  /** Login attempts per client address per 15 minutes (default 50). */
  loginRateLimit?: number;
}

type AuthedRequest = Request & { dashboardSession?: DashboardSession };

export function createDashboardRouter(deps: DashboardDeps): express.Router {
  const router = express.Router();
  const now = () => (deps.clock ? deps.clock() : new Date());
  const cookie = cookiePolicy(deps.config.publicBaseUrl, deps.config.env.NODE_ENV === 'production');
  const lifetime = sessionLifetime(deps.config.env);
  const form = express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 200 });
  const links = responseLinkServiceFor(deps);
  const temporalUi =
    deps.temporalUiBaseUrl ??
    (deps.config.env.TEMPORAL_ADDRESS ? undefined : `http://localhost:${deps.config.env.TEMPORAL_UI_PORT}`);

  const page =
    (handler: (req: AuthedRequest, res: Response) => Promise<void>): RequestHandler =>
    (req: Request, res: Response, next: NextFunction) => {
      handler(req as AuthedRequest, res).catch((error: unknown) => {
        deps.logger.error({ err: error, path: req.path }, 'dashboard page failed');
        if (res.headersSent) return next(error);
        res
          .status(500)
          .type('html')
          .send(
            messagePage(
              'Er ging iets mis',
              'De pagina kon niet worden getoond. Probeer het opnieuw; blijft het misgaan, meld het dan bij de beheerder.',
            ),
          );
      });
    };

  /**
   * Pages for logged-in staff; a missing or ended session goes to the login page and back. The live view's polling
   * ('json') does not count as activity for the idle timeout.
   */
  const requireSession =
    (kind: 'page' | 'json' = 'page'): RequestHandler =>
    (req, res, next) => {
      const cookieValue = readCookie(req, cookie.name);
      loadSession(deps.prisma, cookieValue, now(), lifetime, { use: kind === 'page' })
        .then((session) => {
          if (!session) {
            if (kind === 'json') return void res.status(401).json({ error: 'not logged in' });
            // A cookie without a live session: it ended, and the login page says why.
            if (cookieValue) clearSessionCookie(res, cookie);
            const ended = cookieValue ? '&ended=1' : '';
            return void res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}${ended}`);
          }
          (req as AuthedRequest).dashboardSession = session;
          res.set('Cache-Control', 'no-store');
          next();
        })
        .catch(next);
    };

  /** After requireSession(): a role without the permission gets a readable refusal (deny by default). */
  const requirePermission =
    (permission: Permission, refusal: string): RequestHandler =>
    (req, res, next) => {
      const session = (req as AuthedRequest).dashboardSession!;
      if (mayDo(session.user.role, permission)) return next();
      deps.logger.warn({ userId: session.user.id, permission }, 'dashboard page refused for the role');
      res
        .status(403)
        .type('html')
        .send(messagePage('Niet toegestaan', refusal, session.user, session.csrfToken));
    };

  /** Every state-changing form carries the session's CSRF token (SameSite=Strict is the second lock). */
  const requireCsrf: RequestHandler = (req, res, next) => {
    const session = (req as AuthedRequest).dashboardSession!;
    if (!session.acceptsForm((req.body as Record<string, unknown> | undefined)?._csrf)) {
      res
        .status(403)
        .type('html')
        .send(
          messagePage(
            'Formulier verlopen',
            'Het formulier is verlopen of niet vanuit het dashboard verstuurd. Laad de pagina opnieuw en probeer het nog eens.',
            session.user,
            session.csrfToken,
          ),
        );
      return;
    }
    next();
  };

  router.get('/dashboard-assets/dashboard.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(DASHBOARD_SCRIPT);
  });

  // -- signing in and out: password (with TOTP), the identity provider, logout ----------------------------------
  router.use(
    createLoginRouter({
      deps,
      cookie,
      lifetime,
      now,
      page,
      requireSession,
      requireCsrf,
    }),
  );

  // -- overview and CSV ----------------------------------------------------------------------------------------------
  router.get(
    '/',
    requireSession(),
    page(async (req, res) => {
      const session = req.dashboardSession!;
      const at = now();
      const filters = parseListFilters(req.query);
      const overview = await loadOverview(deps.prisma, filters, at);
      res.type('html').send(
        overviewPage({
          user: session.user,
          csrfToken: session.csrfToken,
          now: at,
          filters,
          ...overview,
        }),
      );
    }),
  );

  router.get(
    '/export.csv',
    requireSession(),
    page(async (req, res) => {
      const at = now();
      const filters = parseListFilters(req.query);
      const rows = await loadExportRows(deps.prisma, filters, at);
      const stamp = at.toISOString().slice(0, 10);
      res
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="signalen-${filters.year ?? stamp}.csv"`)
        .send(signalsToCsv(rows, at));
    }),
  );

  // -- one signal ------------------------------------------------------------------------------------------------------
  /** The readable 404 of every page about one signal (its id malformed or unknown). */
  const signalNotFound = (res: Response, session: DashboardSession): void => {
    res
      .status(404)
      .type('html')
      .send(
        messagePage(
          'Signaal niet gevonden',
          'Er is geen signaal met dit kenmerk.',
          session.user,
          session.csrfToken,
        ),
      );
  };

  const renderSignal = async (
    req: AuthedRequest,
    res: Response,
    status: number,
    extra: { notice?: string; error?: DecisionErrorView },
  ) => {
    const session = req.dashboardSession!;
    const id = String(req.params.id);
    const at = now();
    const detail = UUID.test(id) ? await loadSignalDetail(deps.prisma, id, at) : null;
    if (!detail) return signalNotFound(res, session);
    const temporalUrl = temporalUi
      ? `${temporalUi.replace(/\/$/, '')}/namespaces/${encodeURIComponent(deps.config.temporal.namespace)}/workflows/${encodeURIComponent(detail.signal.workflowId)}`
      : undefined;
    res
      .status(status)
      .type('html')
      .send(
        signalPage({
          detail,
          user: session.user,
          csrfToken: session.csrfToken,
          now: at,
          temporalUrl,
          ...extra,
        }),
      );
  };

  router.get(
    '/signals/:id',
    requireSession(),
    page(async (req, res) => {
      const done = (typeof req.query.done === 'string' ? req.query.done : '') as DecisionAction;
      await renderSignal(req, res, 200, {
        notice: DECISION_ACTIONS.includes(done) ? DECISION_NOTICES[done] : undefined,
      });
    }),
  );

  router.get(
    ['/signals/:id/documents/:documentId', '/signals/:id/replies/:replyId/documents/:documentId'],
    requireSession(),
    documentDownloads(deps, now),
  );

  router.get(
    '/signals/:id/live',
    requireSession('json'),
    page(async (req, res) => {
      const id = String(req.params.id);
      const at = now();
      const detail = UUID.test(id) ? await loadSignalDetail(deps.prisma, id, at) : null;
      if (!detail) return void res.status(404).json({ error: 'not found' });
      const last = detail.signal.events.at(-1);
      res.json({
        version: detailVersion(detail),
        status: detail.signal.status,
        header: renderSignalHeader(detail, at).value,
        ministries: renderMinistries(detail, at).value,
        timeline: renderTimeline(detail).value,
        announcement: last
          ? `Bijgewerkt: ${EVENT_LABELS[last.type] ?? last.type}${last.ministryCode ? ` (${last.ministryCode})` : ''}.`
          : '',
      });
    }),
  );

  router.post(
    '/signals/:id/decisions',
    requireSession(),
    form,
    requireCsrf,
    page(async (req, res) => {
      const id = String(req.params.id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const action = (typeof body.action === 'string' ? body.action : '') as DecisionAction;
      if (!UUID.test(id) || !DECISION_ACTIONS.includes(action)) {
        return renderSignal(req, res, 400, { error: { action, message: 'Onbekend besluit.' } });
      }
      if (!(await signalExists(deps.prisma, id))) return renderSignal(req, res, 404, {});
      try {
        if (action === 'reissue_link') {
          await sendNewLink({ prisma: deps.prisma, links, now }, id, req.dashboardSession!.user, body);
        } else {
          await takeDecision(
            { prisma: deps.prisma, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, now },
            id,
            req.dashboardSession!.user,
            action,
            body,
          );
        }
      } catch (error) {
        if (error instanceof DecisionForbidden) {
          const session = req.dashboardSession!;
          deps.logger.warn({ userId: session.user.id, action }, 'dashboard decision refused for the role');
          return void res
            .status(403)
            .type('html')
            .send(messagePage('Niet toegestaan', error.message, session.user, session.csrfToken));
        }
        if (!(error instanceof DecisionError)) throw error;
        if (error.underlying) {
          deps.logger.error(
            { err: error.underlying, signalId: id, action },
            'dashboard decision could not be sent',
          );
        }
        return renderSignal(req, res, 422, {
          error: { action, message: error.message, ministryCode: error.ministryCode },
        });
      }
      res.redirect(303, `/signals/${id}?done=${action}`);
    }),
  );

  // -- failed deliveries of events to subscribers ---------------------------------------------------------------------
  router.get(
    '/event-deliveries',
    requireSession(),
    page(async (req, res) => {
      const session = req.dashboardSession!;
      const done = typeof req.query.done === 'string' ? req.query.done : '';
      res.type('html').send(
        eventDeliveriesPage({
          user: session.user,
          csrfToken: session.csrfToken,
          deliveries: await loadFailedDeliveries(deps.prisma),
          mayResend: mayDo(session.user.role, 'resendEventDeliveries'),
          notice: done in RESEND_NOTICES ? RESEND_NOTICES[done as keyof typeof RESEND_NOTICES] : undefined,
        }),
      );
    }),
  );

  router.post(
    '/event-deliveries/:id/resend',
    requireSession(),
    requirePermission(
      'resendEventDeliveries',
      'Alleen coördinatoren en de loketleider versturen een gebeurtenis opnieuw. / Only coordinators and the head of the loket re-send an event.',
    ),
    form,
    requireCsrf,
    page(async (req, res) => {
      const session = req.dashboardSession!;
      const id = String(req.params.id);
      if (!UUID.test(id)) {
        return void res
          .status(404)
          .type('html')
          .send(
            messagePage(
              'Niet gevonden',
              'Er is geen aflevering met dit kenmerk.',
              session.user,
              session.csrfToken,
            ),
          );
      }
      const outcome = await resendDelivery(deps.prisma, id);
      deps.logger.info({ userId: session.user.id, deliveryId: id, outcome }, 'event delivery re-send');
      res.redirect(303, `/event-deliveries?done=${outcome}`);
    }),
  );

  // -- reports ---------------------------------------------------------------------------------------------------------
  router.get(
    '/reports',
    requireSession(),
    page(async (req, res) => {
      const session = req.dashboardSession!;
      const at = now();
      const currentYear = Number(at.toISOString().slice(0, 4));
      const firstYear = Math.min(currentYear, (await firstSubmissionYear(deps.prisma)) ?? currentYear);
      const years = Array.from({ length: currentYear - firstYear + 1 }, (_, i) => currentYear - i);
      const asked = Number(req.query.year);
      const year = Number.isInteger(asked) && asked >= 1990 && asked <= currentYear ? asked : currentYear;
      const figures = await computeAnnualReport(deps.prisma, year);
      res.type('html').send(
        reportsPage({
          user: session.user,
          csrfToken: session.csrfToken,
          figures,
          paragraph: annualReportParagraph(figures),
          years: years.includes(year) ? years : [year, ...years],
        }),
      );
    }),
  );

  // -- processing log (the loket lead only) --------------------------------------------------------------------------
  router.get(
    '/processing-log',
    requireSession(),
    requirePermission(
      'readProcessingLog',
      'Alleen het hoofd van het loket (rol lead) kan zien wat er met iemands gegevens is gedaan. / Only the head of the loket (role lead) may see what was done with a person’s data.',
    ),
    page(async (req, res) => {
      const session = req.dashboardSession!;
      const view = { user: session.user, csrfToken: session.csrfToken };
      const asked = lookupOf(req.query);
      if (!asked) return void res.type('html').send(processingLogPage(view));
      if ('error' in asked) {
        return void res
          .status(400)
          .type('html')
          .send(processingLogPage({ ...view, ...asked.shown, error: asked.error }));
      }
      const listing = await listProcessingRecords(
        deps.prisma,
        deps.config.processingRegister,
        processingLogOf(deps),
        asked.query,
        now(),
      );
      res.type('html').send(processingLogPage({ ...view, ...asked.shown, listing }));
    }),
  );

  // -- the persons a signal concerns (their own page: each view is a recorded processing) ----------------------------
  router.get(
    '/signals/:id/concerned-persons',
    requireSession(),
    requirePermission(
      'readConcernedPersons',
      'Alleen coördinatoren en het hoofd van het loket zien de betrokken personen van een signaal. / Only coordinators and the head of the loket see the persons a signal concerns.',
    ),
    page(async (req, res) => {
      const session = req.dashboardSession!;
      const id = String(req.params.id);
      const signal = UUID.test(id) ? await loadSignalHeading(deps.prisma, id) : null;
      if (!signal) return signalNotFound(res, session);
      const persons = await readConcernedPersons(
        deps.prisma,
        processingLogOf(deps),
        signal.id,
        { organisationCode: LOKET_ORGANISATION, channel: 'dashboard' },
        now(),
      );
      res
        .type('html')
        .send(concernedPersonsPage({ user: session.user, csrfToken: session.csrfToken, signal, persons }));
    }),
  );

  return router;
}
