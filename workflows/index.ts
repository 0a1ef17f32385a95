// The workflow types the worker registers (bundled from this file).
export { signalLifecycle } from './signal-lifecycle';
export { ministryCase } from './ministry-case';
export { deliverCloudEvent } from './event-delivery';
