/**
 * CloudEvents 1.0 in Kafka binary mode: attributes travel as `ce_*` headers, the value is the
 * event data as JSON. One envelope type for everything Aftercare produces and consumes.
 */
export interface EventEnvelope<TData = unknown> {
  /** Unique per event; also the de-duplication key of every consumer. */
  id: string;
  /** `aftercare.<svc>.<aggregate>.<event>.v<N>` (or the external owner's type on inbound topics). */
  type: string;
  /** `/aftercare/<svc>` */
  source: string;
  time: string;
  /** The aggregate id; also the Kafka key. */
  subject: string;
  tenantId: string;
  /** The service case the message belongs to; absent only for messages outside any case. */
  caseId?: string;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  tracestate?: string;
  data: TData;
}

export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  subject: 'ce_subject',
  tenantId: 'ce_tenantid',
  caseId: 'ce_caseid',
  correlationId: 'ce_correlationid',
  causationId: 'ce_causationid',
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export const CE_SPECVERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';

export type KafkaHeaders = Record<string, string>;

export function toKafkaHeaders(envelope: EventEnvelope): KafkaHeaders {
  const headers: KafkaHeaders = {
    [CE_HEADERS.specversion]: CE_SPECVERSION,
    [CE_HEADERS.id]: envelope.id,
    [CE_HEADERS.type]: envelope.type,
    [CE_HEADERS.source]: envelope.source,
    [CE_HEADERS.time]: envelope.time,
    [CE_HEADERS.subject]: envelope.subject,
    [CE_HEADERS.tenantId]: envelope.tenantId,
    [CE_HEADERS.contentType]: JSON_CONTENT_TYPE,
  };
  const optional: Array<[string, string | undefined]> = [
    [CE_HEADERS.caseId, envelope.caseId],
    [CE_HEADERS.correlationId, envelope.correlationId],
    [CE_HEADERS.causationId, envelope.causationId],
    [CE_HEADERS.traceparent, envelope.traceparent],
    [CE_HEADERS.tracestate, envelope.tracestate],
  ];
  for (const [name, value] of optional) if (value) headers[name] = value;
  return headers;
}

/** Why an incoming message is not a usable envelope; goes into the dead-letter headers. */
export class EnvelopeError extends Error {
  constructor(
    readonly code: 'MESSAGE_UNPARSEABLE' | 'ENVELOPE_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

const REQUIRED: Array<keyof typeof CE_HEADERS> = ['id', 'type', 'source', 'time', 'subject', 'tenantId'];

/** Reads an envelope from Kafka headers and value; never trusts the sender. */
export function fromKafkaMessage(headers: KafkaHeaders, value: Buffer | string | null): EventEnvelope {
  if (headers[CE_HEADERS.specversion] !== CE_SPECVERSION) {
    throw new EnvelopeError('ENVELOPE_INVALID', `header ${CE_HEADERS.specversion} must be "${CE_SPECVERSION}"`);
  }
  const missing = REQUIRED.filter((k) => !headers[CE_HEADERS[k]]).map((k) => CE_HEADERS[k]);
  if (missing.length) throw new EnvelopeError('ENVELOPE_INVALID', `missing header(s): ${missing.join(', ')}`);
  if (Number.isNaN(Date.parse(headers[CE_HEADERS.time]))) {
    throw new EnvelopeError('ENVELOPE_INVALID', `header ${CE_HEADERS.time} is not a timestamp`);
  }
  const contentType = headers[CE_HEADERS.contentType];
  if (contentType && !contentType.startsWith(JSON_CONTENT_TYPE)) {
    throw new EnvelopeError('ENVELOPE_INVALID', `content-type must be ${JSON_CONTENT_TYPE}, got ${contentType}`);
  }
  if (value === null || value.length === 0) throw new EnvelopeError('MESSAGE_UNPARSEABLE', 'message has no value');
  let data: unknown;
  try {
    data = JSON.parse(value.toString());
  } catch (error) {
    throw new EnvelopeError('MESSAGE_UNPARSEABLE', `value is not JSON: ${(error as Error).message}`);
  }
  return {
    id: headers[CE_HEADERS.id],
    type: headers[CE_HEADERS.type],
    source: headers[CE_HEADERS.source],
    time: headers[CE_HEADERS.time],
    subject: headers[CE_HEADERS.subject],
    tenantId: headers[CE_HEADERS.tenantId],
    caseId: headers[CE_HEADERS.caseId] || undefined,
    correlationId: headers[CE_HEADERS.correlationId] || undefined,
    causationId: headers[CE_HEADERS.causationId] || undefined,
    traceparent: headers[CE_HEADERS.traceparent] || undefined,
    tracestate: headers[CE_HEADERS.tracestate] || undefined,
    data,
  };
}
