import crypto from 'node:crypto';
import { Browser, formField, jsonRequest, type HttpResponse } from './http';
import { contactEmail, type ProductAccess } from './seeded-config';

/**
 * Walks one signal through its whole lifecycle as its people would: the RIEC submits through the API, the
 * coordinator accepts it for one or two ministries, each ministry contact opens the link in the mail it got,
 * acknowledges and replies, and the coordinator forwards the replies and closes the signal. Every step is retried the way a person or a
 * client library would retry (same Idempotency-Key; the newest mail's link) while a drill breaks things.
 */
export interface DrivenSignal {
  id: string;
  reference: string;
  ministries: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class StepError extends Error {}

/**
 * Told of every failed attempt a client made and then retried: the step (submit, accept, forward, close, ministry
 * page) and what went wrong (an HTTP status, or a network error's code), for a drill's figures.
 */
export type RetryListener = (step: string, outcome: string) => void;

/** An answer a client does not accept: it retries. */
class RefusedAnswer extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** What went wrong with one attempt, as a client sees it: `HTTP 503`, `ECONNRESET`, `timeout`, ... */
export function outcomeOf(failure: unknown): string {
  if (failure instanceof RefusedAnswer) return failure.message;
  if (typeof failure === 'object' && failure !== null && 'status' in failure) {
    return `HTTP ${(failure as HttpResponse).status}`;
  }
  const code = (failure as NodeJS.ErrnoException | undefined)?.code;
  if (code) return code;
  const message = failure instanceof Error ? failure.message : String(failure);
  return /timed out/.test(message) ? 'timeout' : message.slice(0, 80);
}

/** Retries `attempt` while it throws or answers a status the caller calls transient, up to `timeoutMs`. */
async function persist(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<HttpResponse>,
  accept: (res: HttpResponse) => boolean,
  onRetry?: RetryListener,
): Promise<HttpResponse> {
  const deadline = Date.now() + timeoutMs;
  const step = what.split(' ')[0]!;
  let last = '';
  for (let delay = 200; ; delay = Math.min(delay * 2, 3_000)) {
    try {
      const res = await attempt();
      if (accept(res)) return res;
      last = `${res.status} ${res.text.slice(0, 300)}`;
      if (res.status >= 400 && res.status < 500 && ![408, 409, 410, 423, 425, 429].includes(res.status)) {
        throw new StepError(`${what}: ${last}`);
      }
      onRetry?.(step, outcomeOf(res));
    } catch (error) {
      if (error instanceof StepError) throw error;
      last = String(error);
      onRetry?.(step, outcomeOf(error));
    }
    if (Date.now() > deadline) throw new StepError(`${what}: gave up after ${timeoutMs} ms; last: ${last}`);
    await sleep(delay);
  }
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // the database may be down in a drill: keep looking
    }
    if (Date.now() > deadline) throw new StepError(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

export interface DriveOptions {
  /** How long one step may take while services fail and recover. */
  stepTimeoutMs: number;
  /** Called between steps so a drill can interleave its faults. */
  onStep?: (signal: DrivenSignal, step: string) => Promise<void>;
  onRetry?: RetryListener;
  /**
   * The local address each ministry contact's browser connects from (default: the machine's own). Behind a load
   * balancer every client would otherwise share one address, and with it the response pages' budget per address.
   */
  contactAddress?: (signalIndex: number, ministryCode: string) => string;
}

export async function submitSignal(
  product: ProductAccess,
  index: number,
  timeoutMs: number,
  onRetry?: RetryListener,
): Promise<{ id: string; reference: string }> {
  const key = crypto.randomUUID();
  const body = {
    title: `Drill-signaal ${index}`,
    summary: 'Een structurele zwakte in een regeling die criminelen misbruiken.',
    content: `Volledige tekst van signaal ${index}.`,
    recommendations: ['Pas de regeling aan.'],
    contactEmail: 'signalen@riec-nh.example',
  };
  const res = await persist(
    `submit ${index}`,
    timeoutMs,
    () =>
      jsonRequest('POST', `${product.apiUrl}/api/v1/signals`, body, {
        authorization: `Bearer ${product.keys.submitter}`,
        'idempotency-key': key,
      }),
    (r) => r.status === 201,
    onRetry,
  );
  return res.json<{ id: string; reference: string }>();
}

export async function driveSignal(
  product: ProductAccess,
  index: number,
  options: DriveOptions,
  submitted?: { id: string; reference: string },
): Promise<DrivenSignal> {
  const t = options.stepTimeoutMs;
  const { id, reference } = submitted ?? (await submitSignal(product, index, t, options.onRetry));
  const signal: DrivenSignal = { id, reference, ministries: index % 3 === 0 ? ['JenV', 'BZ'] : ['JenV'] };
  const step = async (name: string): Promise<void> => options.onStep?.(signal, name);
  const coordinator = { authorization: `Bearer ${product.keys.coordinator}` };
  await step('submitted');

  await waitFor(`${reference} in review`, t, async () => {
    const row = await product.prisma.signal.findUnique({ where: { id }, select: { status: true } });
    return row?.status === 'in_review' ? true : undefined;
  });
  const reviewKey = crypto.randomUUID();
  await persist(
    `accept ${reference}`,
    t,
    () =>
      jsonRequest(
        'POST',
        `${product.apiUrl}/api/v1/signals/${id}/review`,
        { decision: 'accept', ministryCodes: signal.ministries },
        {
          ...coordinator,
          'idempotency-key': reviewKey,
        },
      ),
    (r) => r.status === 200 || (r.status === 409 && /cannot review/.test(r.text)),
    options.onRetry,
  );
  await step('accepted');

  for (const code of signal.ministries) {
    await actAsMinistry(product, signal, code, t, {
      ...(options.contactAddress ? { localAddress: options.contactAddress(index, code) } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    });
    await step(`replied ${code}`);
  }

  await waitFor(`${reference} replied`, t, async () => {
    const row = await product.prisma.signal.findUnique({ where: { id }, select: { status: true } });
    return row?.status === 'replied' ? true : undefined;
  });
  // The loket forwards the replies to the submitter before it closes (a replied signal closes only then).
  const replies = await product.prisma.reply.findMany({ where: { signalId: id }, select: { id: true } });
  const forwardKey = crypto.randomUUID();
  await persist(
    `forward ${reference}`,
    t,
    () =>
      jsonRequest(
        'POST',
        `${product.apiUrl}/api/v1/signals/${id}/forwardings`,
        { replyIds: replies.map((r) => r.id) },
        { ...coordinator, 'idempotency-key': forwardKey },
      ),
    // A retry of a forwarding whose answer was lost (its API replica killed after the workflow took it) finds the
    // replies forwarded: done, as a person retrying would see it.
    (r) => r.status === 201 || (r.status === 409 && /already forwarded/.test(r.text)),
    options.onRetry,
  );
  await step('forwarded');
  const closeKey = crypto.randomUUID();
  await persist(
    `close ${reference}`,
    t,
    () =>
      jsonRequest(
        'POST',
        `${product.apiUrl}/api/v1/signals/${id}/close`,
        { note: 'Reactie doorgestuurd.' },
        { ...coordinator, 'idempotency-key': closeKey },
      ),
    // Likewise a retried close that finds the signal closed.
    (r) => r.status === 200 || (r.status === 409 && /cannot close[^"]*: the signal is closed/.test(r.text)),
    options.onRetry,
  );
  await waitFor(`${reference} closed in the read model`, t, async () => {
    const row = await product.prisma.signal.findUnique({ where: { id }, select: { status: true } });
    return row?.status === 'closed' ? true : undefined;
  });
  await step('closed');
  return signal;
}

const REQUEST_SUBJECT = 'Verzoek om reactie';

/** The newest link in a "request for a response" mail to this ministry's contact (a re-sent mail has a new link). */
function latestLink(product: ProductAccess, reference: string, code: string): string | undefined {
  const to = contactEmail(code);
  for (let i = product.smtp.mails.length - 1; i >= 0; i--) {
    const mail = product.smtp.mails[i]!;
    if (mail.to.includes(to) && mail.subject.includes(reference) && mail.subject.includes(REQUEST_SUBJECT)) {
      const path = /\/respond\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
      if (path) return `${product.apiUrl}${path}`;
    }
  }
  return undefined;
}

/** The contact reads the mail, opens the link, acknowledges, and sends the reply. */
async function actAsMinistry(
  product: ProductAccess,
  signal: DrivenSignal,
  code: string,
  timeoutMs: number,
  client: { localAddress?: string; onRetry?: RetryListener } = {},
): Promise<void> {
  const browser = new Browser(client.localAddress);
  const deadline = Date.now() + timeoutMs;
  let acknowledged = false;
  let submissionId: string | undefined; // kept across retries, as a browser re-sends the same form
  for (let delay = 250; ; delay = Math.min(delay * 2, 3_000)) {
    if (Date.now() > deadline)
      throw new StepError(`${signal.reference} ${code}: the contact could not act within ${timeoutMs} ms`);
    const link = latestLink(product, signal.reference, code);
    if (!link) {
      await product.smtp.nextMail(1_000);
      continue;
    }
    try {
      const page = await browser.get(link);
      if (page.status === 410 && /reactie van uw ministerie is ontvangen/i.test(page.text)) return; // replied before
      if (page.status !== 200) throw new RefusedAnswer(page.status);
      const csrf = formField(page.text, 'csrf');
      if (!csrf) throw new Error('no form on the page');
      if (!acknowledged) {
        const ack = await browser.postForm(`${link}/acknowledge`, { csrf });
        if (ack.status !== 200) throw new RefusedAnswer(ack.status);
        acknowledged = true;
        continue; // a fresh page for the reply form
      }
      const reply = await browser.postMultipart(`${link}/reply`, {
        csrf,
        submissionId: (submissionId ??= formField(page.text, 'submissionId') ?? crypto.randomUUID()),
        text: `Reactie van ${code} op ${signal.reference}.`,
      });
      if (reply.status === 200) return;
      throw new RefusedAnswer(reply.status);
    } catch (failure) {
      client.onRetry?.('ministry page', outcomeOf(failure));
      await sleep(delay);
    }
  }
}
