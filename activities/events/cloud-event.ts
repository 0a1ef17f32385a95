import { CloudEvent, HTTP, type Message } from 'cloudevents';
import { cloudEventType, type SubscribableEvent } from '../../shared/events/event-types';

/** An outbox row as the delivery reads it. */
export interface OutboxEvent {
  id: string;
  eventName: string;
  signalId: string;
  time: Date;
  data: unknown;
}

/** Where the signal's resource is: the API's own address for it (the subscriber reads it with its own key). */
export const signalUrl = (publicBaseUrl: string, signalId: string) =>
  `${publicBaseUrl}/api/v1/signals/${signalId}`;

/**
 * The event as the NL GOV profile for CloudEvents asks: specversion 1.0, the outbox row's id (the same in every
 * attempt and re-send, so receivers de-duplicate by it), `source` the LIEC's OIN URN, a reverse-DNS `type` with
 * its version, `time`, `datacontenttype` application/json, `subject` the signal's id and `dataref` the signal's
 * address. The data holds references and links only. Serialised by the SDK in structured mode
 * (`application/cloudevents+json`), so the whole event is one JSON document a receiver can keep as it came.
 */
export function toCloudEventMessage(event: OutboxEvent, source: string, publicBaseUrl: string): Message {
  const link = signalUrl(publicBaseUrl, event.signalId);
  const data = {
    ...(event.data && typeof event.data === 'object' ? (event.data as Record<string, unknown>) : {}),
    links: { signal: link },
  };
  const cloudEvent = new CloudEvent({
    specversion: '1.0',
    id: event.id,
    source,
    type: cloudEventType(event.eventName as SubscribableEvent),
    time: event.time.toISOString(),
    subject: event.signalId,
    datacontenttype: 'application/json',
    dataref: link,
    data,
  });
  return HTTP.structured(cloudEvent);
}
