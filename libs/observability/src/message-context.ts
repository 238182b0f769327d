import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who and what the current unit of work is about: set by the HTTP middleware for a request and
 * by the Kafka consumer for a message. Logs read it; the outbox copies correlation and causation
 * into every event the work produces.
 */
export interface MessageContext {
  correlationId?: string;
  /** The id of the message (or request) that caused the current work. */
  causationId?: string;
  tenantId?: string;
  caseId?: string;
}

const storage = new AsyncLocalStorage<MessageContext>();

export function runInMessageContext<T>(context: MessageContext, work: () => T): T {
  return storage.run({ ...context }, work);
}

export function currentMessageContext(): MessageContext {
  return storage.getStore() ?? {};
}

/** Fills in what the work learns on the way (e.g. the tenant after authentication). */
export function enrichMessageContext(values: Partial<MessageContext>): void {
  const store = storage.getStore();
  if (store) Object.assign(store, values);
}
