import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP, type CloudEventV1 } from 'cloudevents';

/** What the receiver answers to one request: a status and headers (e.g. Retry-After). */
export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
}

export interface ReceivedRequest {
  at: number;
  authorization: string | undefined;
  /** The W3C trace context the sender passed on, if any. */
  traceparent: string | undefined;
  contentType: string | undefined;
  /** The body as it came (to check that no content or personal data travelled). */
  raw: string;
  /** Parsed by the cloudevents SDK; undefined when the SDK refused the message. */
  event?: CloudEventV1<Record<string, unknown>>;
  status: number;
}

/**
 * Decides the answer to an event; `seen` is how many requests with this event's id came before (0 the first time).
 * Default: 202 Accepted.
 */
export type ReceiverBehaviour = (
  event: CloudEventV1<Record<string, unknown>>,
  seen: number,
) => ReceiverAnswer;

export interface CloudEventsReceiver {
  url: string;
  /** Every request, in order of arrival. */
  requests: ReceivedRequest[];
  /** What a subscriber keeps: each accepted event once, by its id (at-least-once delivery de-duplicated). */
  accepted: Map<string, CloudEventV1<Record<string, unknown>>>;
  behave(behaviour: ReceiverBehaviour): void;
  /** The accepted events about one signal (its `subject`). */
  eventsAbout(signalId: string): CloudEventV1<Record<string, unknown>>[];
  /** The requests whose event has this id. */
  requestsFor(eventId: string): ReceivedRequest[];
  /** An outage: the listener closes (connections are refused) until resume(), on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const ACCEPT: ReceiverBehaviour = () => ({ status: 202 });

/**
 * A subscriber's endpoint for the tests, built on the cloudevents SDK's HTTP binding as a real receiver would be:
 * each request becomes a CloudEvent through `HTTP.toEvent` (which validates it against the specification), the
 * Authorization header is kept, and accepted events are de-duplicated by id. Listens on 127.0.0.1.
 */
export async function startCloudEventsReceiver(): Promise<CloudEventsReceiver> {
  const requests: ReceivedRequest[] = [];
  const accepted = new Map<string, CloudEventV1<Record<string, unknown>>>();
  const seenById = new Map<string, number>();
  let behaviour: ReceiverBehaviour = ACCEPT;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const record: ReceivedRequest = {
        at: Date.now(),
        authorization: req.headers.authorization,
        traceparent: typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined,
        contentType: req.headers['content-type'],
        raw,
        status: 400,
      };
      let answer: ReceiverAnswer = { status: 400 };
      try {
        const event = HTTP.toEvent({ headers: req.headers, body: raw }) as CloudEventV1<
          Record<string, unknown>
        >;
        record.event = event;
        const seen = seenById.get(event.id) ?? 0;
        seenById.set(event.id, seen + 1);
        answer = behaviour(event, seen);
        if (answer.status >= 200 && answer.status < 300 && !accepted.has(event.id))
          accepted.set(event.id, event);
      } catch {
        answer = { status: 400 };
      }
      record.status = answer.status;
      requests.push(record);
      res.writeHead(answer.status, answer.headers ?? {}).end();
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  let open = true;

  return {
    url: `http://127.0.0.1:${port}/events`,
    requests,
    accepted,
    behave(next) {
      behaviour = next;
    },
    eventsAbout: (signalId) => [...accepted.values()].filter((event) => event.subject === signalId),
    requestsFor: (eventId) => requests.filter((request) => request.event?.id === eventId),
    async pause() {
      if (!open) return;
      open = false;
      await close();
    },
    async resume() {
      if (open) return;
      await listen(port);
      open = true;
    },
    async stop() {
      if (!open) return;
      open = false;
      await close();
    },
  };
}
