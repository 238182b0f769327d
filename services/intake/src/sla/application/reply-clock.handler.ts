import { Injectable } from '@nestjs/common';
import {
  SERVICE_REQUEST_CANCELLED_V1,
  SERVICE_REQUEST_CLOSED_V1,
  SERVICE_REQUEST_CONFIRMED_V1,
  SERVICE_REQUEST_REGISTERED_V1,
  SERVICE_REQUEST_REJECTED_V1,
  SERVICE_REQUEST_RESOLVED_V1,
  SERVICE_REQUEST_UPDATED_V1,
  TOPICS,
  type EventEnvelope,
  type ServiceRequestRegisteredV1,
  type ServiceRequestUpdatedV1,
} from '@aftercare/contracts';
import { EventHandler } from '@aftercare/messaging';
import { REPLIED_STATUSES } from '../domain/reply-clock';
import { ReplyClocks } from './reply-clocks';

/** Changes of these groups can change which reply policy applies (case type, priority, zone). */
const RESOLUTION_FIELDS: readonly string[] = ['classification', 'requestedType', 'customer'];

/** Events after which the case needs no reply any more: the clock stops (on time or late). */
const STOPPING_EVENTS: Record<string, string> = {
  [SERVICE_REQUEST_RESOLVED_V1]: 'case resolved',
  [SERVICE_REQUEST_CONFIRMED_V1]: 'case confirmed',
  [SERVICE_REQUEST_CLOSED_V1]: 'case closed',
  [SERVICE_REQUEST_CANCELLED_V1]: 'case cancelled',
  [SERVICE_REQUEST_REJECTED_V1]: 'case rejected',
};

/**
 * intake listens to its own public case topic to run the reply clock beside the case, so the
 * case aggregate stays unaware of it. Every reaction is idempotent (see ReplyClocks).
 */
@Injectable()
export class ReplyClockHandler {
  constructor(private readonly replyClocks: ReplyClocks) {}

  @EventHandler(TOPICS.intakeServiceRequestEvents.name, { types: [SERVICE_REQUEST_REGISTERED_V1] })
  async onRegistered(envelope: EventEnvelope<ServiceRequestRegisteredV1>): Promise<void> {
    const data = envelope.data;
    await this.replyClocks.start({
      tenantId: data.tenantId,
      caseId: data.caseId,
      receivedAt: new Date(data.receivedAt),
      requestedType: data.requestedType,
      priority: data.classification.priority,
      zone: data.customer.zone,
    });
  }

  @EventHandler(TOPICS.intakeServiceRequestEvents.name, { types: [SERVICE_REQUEST_UPDATED_V1] })
  async onUpdated(envelope: EventEnvelope<ServiceRequestUpdatedV1>): Promise<void> {
    const { tenantId, caseId, status, changedFields } = envelope.data;
    const at = new Date(envelope.data.updatedAt);
    // Work has started on the case (a work order or claim was opened, or an agent took it on):
    // the customer has had the substantive reply the clock measures.
    if (REPLIED_STATUSES.includes(status)) {
      await this.replyClocks.stop(tenantId, caseId, at, `case ${status}`);
      return;
    }
    if (changedFields.some((f) => RESOLUTION_FIELDS.includes(f))) await this.replyClocks.reresolve(tenantId, caseId, at);
    await this.replyClocks.followState(tenantId, caseId, status, at);
  }

  @EventHandler(TOPICS.intakeServiceRequestEvents.name, { types: Object.keys(STOPPING_EVENTS) })
  async onFinished(envelope: EventEnvelope<{ tenantId: string; caseId: string }>): Promise<void> {
    await this.replyClocks.stop(envelope.data.tenantId, envelope.data.caseId, new Date(envelope.time), STOPPING_EVENTS[envelope.type]);
  }
}
