import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { lookupResponseToken, type ResponseTokenRow } from '../../activities/response-links/token-store';
import { formatDateTime, formatDay } from '../../shared/response-links/format';
import { UUID_PATTERN as UUID } from '../../shared/ids';
import { amsterdamDate } from '../../shared/working-days';
import {
  acknowledgeUpdate,
  recordReplyUpdate,
  requestExtensionUpdate,
  requestSuspensionUpdate,
  type Actor,
} from '../../shared/lifecycle';
import { refusalText } from '../../shared/refusal-catalogue';
import { processingLogOf, type AppDeps } from '../deps';
import { rateLimitStoresOf, respondRateLimits } from '../http/rate-limit';
import { awaitsFollowUp, isFinished, loadCaseView, mayProposeOutcomes, type CaseView } from './case-view';
import { FOLLOW_UP_PROGRESS, reportFollowUpUpdate } from '../../shared/follow-up';
import { DECIDED_OUTCOMES, proposeOutcomeUpdate } from '../../shared/recommendation-outcomes';
import { casePage, messagePage } from './pages';
import { issueCsrfField, respondHeaders, verifyCsrf } from './security';
import { sizeLabel, TEXTS, languageOf, type Language } from './texts';
import { withStoredDocuments } from '../documents/stored-bytes';
import { checkDocuments, DEFAULT_UPLOAD_POLICY, replyUpload, type UploadPolicy } from './uploads';
import { discardUnrecordedReply } from '../replies/unrecorded';
import {
  decideOnSignal,
  decisionActor,
  type DecisionMaker,
  type DecisionOutcome,
  type DecisionRequest,
} from '../workflow/decisions';

export interface RespondOptions {
  /** Requests per client address (default 120) and per link (default 60) and window (default 15 minutes). */
  rateLimit?: { windowMs?: number; limit?: number; tokenLimit?: number };
  uploads?: Partial<UploadPolicy>;
  /** How long an action waits for the workflow before saying "try again later" (default 30 s). */
  updateTimeoutMs?: number;
}

interface Located {
  token: ResponseTokenRow;
  language: Language;
  pagePath: string;
}

const extensionForm = z.object({
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`))),
  reason: z.string().trim().min(1).max(1000),
});
const suspensionForm = z.object({ reason: z.string().trim().min(1).max(1000) });
const outcomeForm = z
  .object({
    recommendationId: z.string().regex(UUID),
    outcome: z.enum(DECIDED_OUTCOMES),
    reason: z.string().trim().max(1000).optional(),
  })
  .refine((form) => form.outcome !== 'not_adopted' || (form.reason ?? '') !== '', { path: ['reason'] });
const followUpForm = z.object({
  progress: z.enum(FOLLOW_UP_PROGRESS),
  note: z.string().trim().min(1).max(1000),
});
const MAX_REPLY_TEXT = 20_000;
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The ministry contact's pages (docs/architecture.md#the-contract): `GET /respond/{token}` shows, the four POSTs
 * act through the signal's workflow. The token is the only input that selects data: every read and every Update
 * uses the signal and ministry bound to the token row, never anything from the form. Mount at the app root (or at
 * '/respond').
 */
export function createRespondRouter(deps: AppDeps, options: RespondOptions = {}): Router {
  const { prisma, temporal, logger, config } = deps;
  const now = (): Date => (deps.clock ? deps.clock() : new Date());
  const uploads: UploadPolicy = { ...DEFAULT_UPLOAD_POLICY, ...options.uploads };
  const updateTimeoutMs = options.updateTimeoutMs ?? 30_000;
  const secureCookie = config.publicBaseUrl.startsWith('https:');
  const allowedOrigins = [new URL(config.publicBaseUrl).origin];
  const deskAddress = /<?([^<>\s]+@[^<>\s]+)>?\s*$/.exec(config.mailFrom)?.[1];
  const ask = deskAddress ? { deskAddress } : {};

  const respond = express.Router({ mergeParams: true });
  respond.use(respondHeaders());
  respond.use(
    respondRateLimits(options.rateLimit ?? {}, rateLimitStoresOf(deps), (req, res) => {
      const language = languageOf(req.query.lang);
      send(res, 429, language, undefined, {
        kind: 'error',
        title: TEXTS[language].rateTitle,
        lines: [TEXTS[language].rate],
      });
    }),
  );

  function send(
    res: Response,
    status: number,
    language: Language,
    pagePath: string | undefined,
    notice: Parameters<typeof messagePage>[1],
  ): void {
    res
      .status(status)
      .type('html')
      .send(messagePage({ language, ...(pagePath ? { pagePath } : {}) }, notice));
  }

  /** Always one hash and one indexed lookup, whatever the token looks like; the outcome picks 404 or 410. */
  async function locate(req: Request, res: Response): Promise<Located | null> {
    const language = languageOf(req.query.lang);
    const presented = String(req.params.token ?? '');
    const pagePath = `/respond/${encodeURIComponent(presented)}`;
    const lookup = await lookupResponseToken(prisma, presented, now());
    const t = TEXTS[language];
    if (lookup.kind === 'unknown') {
      send(res, 404, language, pagePath, {
        kind: 'error',
        title: t.unknownTitle,
        lines: [t.unknown],
        ...ask,
      });
      return null;
    }
    if (lookup.kind !== 'valid') {
      send(res, 410, language, pagePath, {
        kind: 'error',
        title: t.goneTitle,
        lines: [lookup.kind === 'expired' ? t.expired : t.revoked],
        ...ask,
      });
      return null;
    }
    return { token: lookup.token, language, pagePath };
  }

  /**
   * The case, or a finished/unknown page already sent. With `afterReply`, a replied case of a running signal stays
   * open: its contact still proposes outcomes of the recommendations there.
   */
  async function openCase(res: Response, at: Located, afterReply = false): Promise<CaseView | null> {
    const view = await loadCaseView(prisma, temporal, at.token);
    const t = TEXTS[at.language];
    if (!view) {
      send(res, 404, at.language, at.pagePath, { kind: 'error', title: t.unknownTitle, lines: [t.unknown] });
      return null;
    }
    const stillOpen =
      afterReply && ((mayProposeOutcomes(view) && view.recommendations.length > 0) || awaitsFollowUp(view));
    if (isFinished(view) && !stillOpen) {
      const lines =
        view.status === 'replied' && view.repliedAt
          ? [t.finishedReplied(formatDateTime(view.repliedAt, at.language))]
          : [t.signalStatus[view.signalStatus] ?? t.finished, t.finished];
      send(res, 410, at.language, at.pagePath, {
        kind: 'info',
        title: t.finishedTitle,
        lines,
        reference: view.reference,
      });
      return null;
    }
    return view;
  }

  function contactOf(at: Located): DecisionMaker {
    return { kind: 'contact', contactId: at.token.contactId, ministryCode: at.token.ministryCode };
  }

  /**
   * The contact's use of their link, written on the link's row with its processing-log record: opening the page and
   * acting through it process the contact's data (who they are, when they looked), on behalf of their ministry.
   */
  async function recordUse(
    at: Located,
    name: string,
    data: { lastUsedAt: Date } | { lastOpenedAt: Date; firstOpenedAt?: Date },
    startTime: Date,
  ): Promise<void> {
    await prisma.$transaction(async (tx) => {
      await tx.responseToken.update({ where: { id: at.token.id }, data });
      await processingLogOf(deps).record(tx, {
        name,
        activity: 'contact-response',
        subject: { kind: 'contact', id: at.token.contactId },
        actorOrganisation: at.token.ministryCode,
        startTime,
      });
    });
  }

  async function markUsed(at: Located): Promise<void> {
    const usedAt = now();
    await recordUse(at, 'contact acts through response link', { lastUsedAt: usedAt }, usedAt);
  }

  /** The contact's decision through the one decisions module, for the signal and ministry bound to the link. */
  async function decideFor<Ret, Arg extends { actor: Actor }>(
    at: Located,
    update: DecisionRequest<Ret, Arg>['update'],
    input: DecisionRequest<Ret, Arg>['input'],
  ): Promise<DecisionOutcome<Ret>> {
    return decideOnSignal(
      { prisma, temporal, taskQueue: config.temporal.taskQueue, now },
      at.token.signalId,
      { update, by: contactOf(at), input, timeoutMs: updateTimeoutMs },
    );
  }

  /** A refused or failed Update as a readable page; nothing was changed by us in that case. */
  function sendUpdateFailure(
    res: Response,
    at: Located,
    view: CaseView,
    failure: Exclude<DecisionOutcome<unknown>, { kind: 'ok' }>,
  ): void {
    const t = TEXTS[at.language];
    if (failure.kind === 'refused' || failure.kind === 'invalid') {
      send(res, 409, at.language, at.pagePath, {
        kind: 'error',
        title: t.refusedTitle,
        lines: [t.refused, capitalised(refusalText(failure.refusal, at.language))],
        reference: view.reference,
        backLink: true,
      });
    } else if (failure.kind === 'gone') {
      send(res, 410, at.language, at.pagePath, {
        kind: 'info',
        title: t.finishedTitle,
        lines: [t.finished],
        reference: view.reference,
      });
    } else {
      logger.error(
        { err: failure.error, reason: failure.reason, signalId: at.token.signalId },
        'response action could not reach the workflow',
      );
      send(res, 503, at.language, at.pagePath, {
        kind: 'error',
        title: t.unavailableTitle,
        lines: [t.unavailable],
        reference: view.reference,
        backLink: true,
      });
    }
  }

  function csrfOk(req: Request, res: Response, at: Located, view: CaseView): boolean {
    if (verifyCsrf(req, at.token.id, allowedOrigins)) return true;
    const t = TEXTS[at.language];
    send(res, 403, at.language, at.pagePath, {
      kind: 'error',
      title: t.csrfTitle,
      lines: [t.csrf],
      reference: view.reference,
      backLink: true,
    });
    return false;
  }

  /** What every form action needs first: a valid link, its open case and the form's CSRF field; null: answered. */
  async function actionOn(
    req: Request,
    res: Response,
    afterReply = false,
  ): Promise<{ at: Located; view: CaseView } | null> {
    const at = await locate(req, res);
    if (!at) return null;
    const view = await openCase(res, at, afterReply);
    if (!view || !csrfOk(req, res, at, view)) return null;
    return { at, view };
  }

  /** A page about an action on this case, with the way back to the case's page. */
  function sendAboutCase(
    res: Response,
    { at, view }: { at: Located; view: CaseView },
    status: number,
    notice: { kind: 'ok' | 'info' | 'error'; title: string; lines: string[] },
  ): void {
    send(res, status, at.language, at.pagePath, { ...notice, reference: view.reference, backLink: true });
  }

  // -------------------------------------------------------------------------------------------------------------
  respond.get('/:token', async (req, res) => {
    const at = await locate(req, res);
    if (!at) return;
    const view = await openCase(res, at, true);
    // Opening is recorded for the coordinator's overview; it never touches the signal or the workflow.
    const openedAt = now();
    await recordUse(
      at,
      'contact opens response page',
      { lastOpenedAt: openedAt, ...(at.token.firstOpenedAt ? {} : { firstOpenedAt: openedAt }) },
      openedAt,
    );
    if (!view) return;
    const form = {
      csrf: issueCsrfField(req, res, at.token.id, secureCookie),
      submissionId: crypto.randomUUID(),
    };
    res
      .status(200)
      .type('html')
      .send(
        casePage(
          { language: at.language, pagePath: at.pagePath, today: amsterdamDate(openedAt) },
          view,
          form,
          uploads,
        ),
      );
  });

  const urlencoded = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 10 });

  respond.post('/:token/acknowledge', urlencoded, async (req, res) => {
    const action = await actionOn(req, res);
    if (!action) return;
    const { at, view } = action;
    const t = TEXTS[at.language];
    const outcome = await decideFor(at, acknowledgeUpdate, { ministryCode: at.token.ministryCode });
    if (outcome.kind !== 'ok') return sendUpdateFailure(res, at, view, outcome);
    const result = outcome.value;
    await markUsed(at);
    const when = formatDateTime(result.acknowledgedAt, at.language);
    sendAboutCase(res, action, 200, {
      kind: result.alreadyAcknowledged ? 'info' : 'ok',
      title: result.alreadyAcknowledged ? t.ackAlreadyTitle : t.ackOkTitle,
      lines: [result.alreadyAcknowledged ? t.ackAlready(when) : t.ackOk(when)],
    });
  });

  respond.post('/:token/extension', urlencoded, async (req, res) => {
    const action = await actionOn(req, res);
    if (!action) return;
    const { at, view } = action;
    const t = TEXTS[at.language];
    const parsed = extensionForm.safeParse(req.body);
    // Dates are Amsterdam days: between midnight there and in UTC, the UTC date is still yesterday.
    const today = amsterdamDate(now());
    const invalid = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path[0]));
    const requested = (req.body as Record<string, unknown> | undefined)?.dueDate;
    if (typeof requested !== 'string' || requested <= today) invalid.add('dueDate');
    if (!parsed.success || invalid.size > 0) {
      const found = [
        ...(invalid.has('dueDate') ? [t.errors.dueDate] : []),
        ...(invalid.has('reason') ? [t.errors.reason] : []),
      ];
      const lines = found.length > 0 ? found : [t.errors.dueDate, t.errors.reason];
      sendAboutCase(res, action, 400, { kind: 'error', title: t.invalidTitle, lines });
      return;
    }
    const outcome = await decideFor(at, requestExtensionUpdate, {
      ministryCode: at.token.ministryCode,
      reason: parsed.data.reason,
      dueDate: parsed.data.dueDate,
    });
    if (outcome.kind !== 'ok') return sendUpdateFailure(res, at, view, outcome);
    await markUsed(at);
    sendAboutCase(res, action, 200, {
      kind: 'ok',
      title: t.extOkTitle,
      lines: [t.extOk(formatDay(outcome.value.requestedDueDate, at.language))],
    });
  });

  respond.post('/:token/suspension', urlencoded, async (req, res) => {
    const action = await actionOn(req, res);
    if (!action) return;
    const { at, view } = action;
    const t = TEXTS[at.language];
    const parsed = suspensionForm.safeParse(req.body);
    if (!parsed.success) {
      sendAboutCase(res, action, 400, { kind: 'error', title: t.invalidTitle, lines: [t.errors.reason] });
      return;
    }
    const outcome = await decideFor(at, requestSuspensionUpdate, {
      ministryCode: at.token.ministryCode,
      reason: parsed.data.reason,
    });
    if (outcome.kind !== 'ok') return sendUpdateFailure(res, at, view, outcome);
    await markUsed(at);
    sendAboutCase(res, action, 200, { kind: 'ok', title: t.suspOkTitle, lines: [t.suspOk] });
  });

  respond.post('/:token/outcomes', urlencoded, async (req, res) => {
    const action = await actionOn(req, res, true);
    if (!action) return;
    const { at, view } = action;
    const t = TEXTS[at.language];
    const parsed = outcomeForm.safeParse(req.body);
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((issue) => issue.path[0]));
      const lines = fields.has('outcome') || fields.has('recommendationId') ? [t.errors.outcome] : [];
      if (fields.has('reason')) lines.push(t.errors.outcomeReason);
      sendAboutCase(res, action, 400, { kind: 'error', title: t.invalidTitle, lines });
      return;
    }
    // Only the signal's own recommendations: the token names the signal, the form only picks one of them.
    if (!view.recommendations.some((r) => r.id === parsed.data.recommendationId)) {
      sendAboutCase(res, action, 404, { kind: 'error', title: t.recUnknownTitle, lines: [t.recUnknown] });
      return;
    }
    const outcome = await decideFor(at, proposeOutcomeUpdate, {
      recommendationId: parsed.data.recommendationId,
      ministryCode: at.token.ministryCode,
      outcome: parsed.data.outcome,
      ...(parsed.data.reason ? { reason: parsed.data.reason } : {}),
    });
    if (outcome.kind !== 'ok') return sendUpdateFailure(res, at, view, outcome);
    await markUsed(at);
    sendAboutCase(res, action, 200, { kind: 'ok', title: t.recOkTitle, lines: [t.recOk] });
  });

  respond.post('/:token/follow-up', urlencoded, async (req, res) => {
    const action = await actionOn(req, res, true);
    if (!action) return;
    const { at, view } = action;
    const t = TEXTS[at.language];
    const parsed = followUpForm.safeParse(req.body);
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((issue) => issue.path[0]));
      const lines = [
        ...(fields.has('progress') ? [t.errors.progress] : []),
        ...(fields.has('note') ? [t.errors.progressNote] : []),
      ];
      sendAboutCase(res, action, 400, { kind: 'error', title: t.invalidTitle, lines });
      return;
    }
    const outcome = await decideFor(at, reportFollowUpUpdate, {
      ministryCode: at.token.ministryCode,
      progress: parsed.data.progress,
      note: parsed.data.note,
    });
    if (outcome.kind !== 'ok') return sendUpdateFailure(res, at, view, outcome);
    await markUsed(at);
    sendAboutCase(res, action, 200, { kind: 'ok', title: t.followUpOkTitle, lines: [t.followUpOk] });
  });

  // The CSRF field precedes the files in the form: it is checked when the first file begins, before any of its
  // bytes are kept; a refusal answers at once (csrfOk sends the page) and the rest of the body is dropped.
  const upload = replyUpload(uploads, (req) => {
    const res = req.res!;
    return csrfOk(req, res, res.locals.at as Located, res.locals.view as CaseView);
  });
  respond.post(
    '/:token/reply',
    async (req, res, next) => {
      // The token and the case's state are checked before a single byte of an upload is read.
      const at = await locate(req, res);
      if (!at) return;
      const view = await openCase(res, at);
      if (!view) return;
      res.locals.at = at;
      res.locals.view = view;
      next();
    },
    (req: Request, res: Response, next: NextFunction) => {
      upload(req, res, (error: unknown) => {
        if (!error) return next();
        if (res.headersSent) return; // refused before the first file, and answered then
        const at = res.locals.at as Located;
        const t = TEXTS[at.language];
        if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
          send(res, 413, at.language, at.pagePath, {
            kind: 'error',
            title: t.tooLargeTitle,
            lines: [t.tooLarge(sizeLabel(uploads.maxFileBytes))],
            backLink: true,
          });
        } else if (
          error instanceof multer.MulterError &&
          (error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE')
        ) {
          send(res, 413, at.language, at.pagePath, {
            kind: 'error',
            title: t.tooManyTitle,
            lines: [t.tooMany(uploads.maxFiles)],
            backLink: true,
          });
        } else if (error instanceof multer.MulterError && error.code === 'LIMIT_FIELD_VALUE') {
          send(res, 413, at.language, at.pagePath, {
            kind: 'error',
            title: t.invalidTitle,
            lines: [t.errors.replyText],
            backLink: true,
          });
        } else {
          send(res, 400, at.language, at.pagePath, {
            kind: 'error',
            title: t.invalidTitle,
            lines: [t.errors.replyEmpty],
            backLink: true,
          });
        }
      });
    },
    async (req, res) => {
      const at = res.locals.at as Located;
      const view = res.locals.view as CaseView;
      // A reply without files met no file to check the CSRF field at.
      if (!csrfOk(req, res, at, view)) return;
      const t = TEXTS[at.language];
      const body = (req.body ?? {}) as Record<string, unknown>;
      const text = typeof body.text === 'string' ? body.text.trim() : '';
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      const checked = checkDocuments(files);
      if ('rejected' in checked) {
        send(res, 415, at.language, at.pagePath, {
          kind: 'error',
          title: t.wrongTypeTitle,
          lines: [t.wrongType(checked.rejected)],
          reference: view.reference,
          backLink: true,
        });
        return;
      }
      if (text.length > MAX_REPLY_TEXT || (text.length === 0 && checked.ok.length === 0)) {
        const line = text.length > MAX_REPLY_TEXT ? t.errors.replyText : t.errors.replyEmpty;
        send(res, 400, at.language, at.pagePath, {
          kind: 'error',
          title: t.invalidTitle,
          lines: [line],
          reference: view.reference,
          backLink: true,
        });
        return;
      }
      const submissionId =
        typeof body.submissionId === 'string' && UUID.test(body.submissionId)
          ? body.submissionId
          : crypto.randomUUID();
      const { replyId, created } = await storeReply(at, submissionId, text, checked.ok);
      const done = (): void =>
        send(res, 200, at.language, at.pagePath, {
          kind: 'ok',
          title: t.replyOkTitle,
          lines: [t.replyOk(checked.ok.length)],
          reference: view.reference,
        });
      if (view.replyId === replyId) return done(); // the same submission again (double click, reload)
      const outcome = await decideFor(at, recordReplyUpdate, {
        ministryCodes: [at.token.ministryCode],
        replyId,
        channel: 'link',
      });
      if (outcome.kind === 'ok') {
        await markUsed(at);
        return done();
      }
      // A reply this request stored is removed again when the workflow certainly did not take it (refused, gone,
      // or Temporal not reached at all); after a timeout it may still be taken, so it stays for a retry of this
      // form and the background sweep removes it if the workflow never refers to it.
      if (created && !(outcome.kind === 'unavailable' && outcome.maybeApplied)) {
        await discardUnrecordedReply(prisma, replyId);
      }
      sendUpdateFailure(res, at, view, outcome);
    },
  );

  /** Stores the reply and its documents once per form submission (business key = link + submission id). */
  async function storeReply(
    at: Located,
    submissionId: string,
    text: string,
    documents: Array<{ filename: string; contentType: string; data: Buffer }>,
  ): Promise<{ replyId: string; created: boolean }> {
    const businessKey = `respond:${at.token.id}:${submissionId}`;
    const existing = await prisma.reply.findUnique({ where: { businessKey }, select: { id: true } });
    if (existing) return { replyId: existing.id, created: false };
    const reply = await withStoredDocuments(prisma, documents, async (rows) => ({
      used: true,
      result: await prisma.reply.create({
        data: {
          signalId: at.token.signalId,
          businessKey,
          text,
          channel: 'link',
          receivedAt: now(),
          actorLabel: decisionActor(contactOf(at)).label,
          documents: { create: rows },
        },
        select: { id: true },
      }),
    }));
    return { replyId: reply.id, created: true };
  }

  // Anything unexpected ends on a page of its own, never in the API's JSON error pipeline.
  respond.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const language = languageOf(req.query.lang);
    const t = TEXTS[language];
    if (res.headersSent) return;
    const status = (error as { status?: number }).status;
    if (status === 400) {
      // A path that does not even decode (bad %-escape) cannot hold a token, which is base64url.
      send(res, 404, language, undefined, { kind: 'error', title: t.unknownTitle, lines: [t.unknown] });
    } else if (status === 413) {
      send(res, 413, language, undefined, { kind: 'error', title: t.invalidTitle, lines: [t.errors.reason] });
    } else {
      logger.error({ err: error }, 'response page failed');
      send(res, 503, language, undefined, {
        kind: 'error',
        title: t.unavailableTitle,
        lines: [t.unavailable],
      });
    }
  });

  // Serves /respond/... whether mounted at the app root or at '/respond'; nothing else passes through `respond`,
  // so its headers and rate limit never touch the rest of the app.
  const router = express.Router();
  router.use((req, res, next) => (req.baseUrl.endsWith('/respond') ? respond(req, res, next) : next()));
  router.use('/respond', respond);
  return router;
}
