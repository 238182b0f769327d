import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  SERVICE_REQUEST_CANCELLED_V1,
  SERVICE_REQUEST_CLOSED_V1,
  SERVICE_REQUEST_CONFIRMED_V1,
  SERVICE_REQUEST_REGISTERED_V1,
  SERVICE_REQUEST_REJECTED_V1,
  SERVICE_REQUEST_RESOLVED_V1,
  SERVICE_REQUEST_RESOLVED_V2,
  SERVICE_REQUEST_UPDATED_V1,
  TOPICS,
  type ServiceRequestCancelledV1,
  type ServiceRequestClosedV1,
  type ServiceRequestConfirmedV1,
  type ServiceRequestRegisteredV1,
  type ServiceRequestRejectedV1,
  type ServiceRequestResolvedV1,
  type ServiceRequestResolvedV2,
  type ServiceRequestUpdatedV1,
} from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { ReplyClocks } from '../application/reply-clocks';
import { REPLIED_STATUSES } from '../domain/reply-clock';

/** Changes of these groups can change which reply policy applies (case type, priority, zone). */
const RESOLUTION_FIELDS: readonly string[] = ['classification', 'requestedType', 'customer'];

/** Events after which the case needs no reply any more: the clock stops (on time or late). */
const STOPPING_EVENTS: Record<string, string> = {
  [SERVICE_REQUEST_RESOLVED_V1]: 'case resolved',
  [SERVICE_REQUEST_RESOLVED_V2]: 'case resolved',
  [SERVICE_REQUEST_CONFIRMED_V1]: 'case confirmed',
  [SERVICE_REQUEST_CLOSED_V1]: 'case closed',
  [SERVICE_REQUEST_CANCELLED_V1]: 'case cancelled',
  [SERVICE_REQUEST_REJECTED_V1]: 'case rejected',
};

type CaseFinished = ServiceRequestResolvedV1 | ServiceRequestResolvedV2 | ServiceRequestConfirmedV1 | ServiceRequestClosedV1 | ServiceRequestCancelledV1 | ServiceRequestRejectedV1;

/**
 * intake listens to its own public case topic to run the reply clock beside the case, so the
 * case aggregate stays unaware of it. Every reaction is idempotent (see ReplyClocks).
 */
@Controller()
export class ReplyClockHandler {
  constructor(private readonly replyClocks: ReplyClocks) {}

  @EventPattern(onTopic(TOPICS.intakeServiceRequestEvents, { types: [SERVICE_REQUEST_REGISTERED_V1] }))
  async onRegistered(@Payload() data: ServiceRequestRegisteredV1): Promise<void> {
    await this.replyClocks.start({
      tenantId: data.tenantId,
      caseId: data.caseId,
      receivedAt: new Date(data.receivedAt),
      requestedType: data.requestedType,
      priority: data.classification.priority,
      zone: data.customer.zone,
      // Absent from events of an intake before the agreement reached the case: no agreement policy.
      agreementLevel: data.serviceAgreement?.level ?? null,
    });
  }

  @EventPattern(onTopic(TOPICS.intakeServiceRequestEvents, { types: [SERVICE_REQUEST_UPDATED_V1] }))
  async onUpdated(@Payload() data: ServiceRequestUpdatedV1): Promise<void> {
    const { tenantId, caseId, status, changedFields } = data;
    const at = new Date(data.updatedAt);
    // Work has started on the case (a work order or claim was opened, or an agent took it on):
    // the customer has had the substantive reply the clock measures.
    if (REPLIED_STATUSES.includes(status)) {
      await this.replyClocks.stop(tenantId, caseId, at, `case ${status}`);
      return;
    }
    if (changedFields.some((f) => RESOLUTION_FIELDS.includes(f))) await this.replyClocks.reresolve(tenantId, caseId, at);
    await this.replyClocks.followState(tenantId, caseId, status, at);
  }

  @EventPattern(onTopic(TOPICS.intakeServiceRequestEvents, { types: Object.keys(STOPPING_EVENTS) }))
  async onFinished(@Payload() data: CaseFinished, @Ctx() ctx: EventContext<CaseFinished>): Promise<void> {
    const { time, type } = ctx.envelope;
    await this.replyClocks.stop(data.tenantId, data.caseId, new Date(time), STOPPING_EVENTS[type]);
  }
}
