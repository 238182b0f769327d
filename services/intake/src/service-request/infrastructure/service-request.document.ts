/**
 * The stored form of a service case and the way back. The repository writes the snapshot's
 * state (plus bookkeeping: `_id`, version, outbox, handled messages, the external-request key)
 * and restores the aggregate from it. This is the one place that knows the stored layout: if a
 * stored shape ever changes, older documents are upgraded here, never in the aggregate.
 */
import type { AggregateDocument } from '@aftercare/persistence';
import type { ServiceRequestSnapshot } from '../domain';

export type ServiceRequestDocument = AggregateDocument &
  Omit<ServiceRequestSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'> & {
    /** `<tenant>|<channel>|<externalRef>`, only when the case came with an external id. */
    externalKey?: string;
  };

/** One case per external request: the key of the unique index. */
export const externalKeyOf = (tenantId: string, channel: string, externalRef: string): string => `${tenantId}|${channel}|${externalRef}`;

/** The case's own fields as stored (the repository adds `_id`, tenant, version and outbox). */
export function documentStateOf(snapshot: ServiceRequestSnapshot): Record<string, unknown> {
  const { id: _id, tenantId, version: _version, handledMessageIds: _handled, ...state } = snapshot;
  return {
    ...state,
    ...(state.externalRef ? { externalKey: externalKeyOf(tenantId, state.channel, state.externalRef) } : {}),
  };
}

/** The snapshot a stored document holds; bookkeeping fields are dropped. */
export function snapshotFromDocument(document: ServiceRequestDocument): ServiceRequestSnapshot {
  const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, externalKey: _key, ...state } = document;
  return { ...DEFAULTS_OF_LATER_FIELDS, ...(state as unknown as ServiceRequestSnapshot), id: _id, handledMessageIds: _handled ?? [] };
}

/** Fields cases stored before the service agreement, the quality-problem flag, internal work and agent work existed lack. */
const DEFAULTS_OF_LATER_FIELDS: Pick<ServiceRequestSnapshot, 'serviceAgreement' | 'qualityProblem' | 'internalWork' | 'answer' | 'review'> = {
  serviceAgreement: null,
  qualityProblem: false,
  internalWork: false,
  answer: null,
  review: null,
};
