import { Injectable, Logger } from '@nestjs/common';
import {
  CRM_SERVICE_REQUEST_RAISED_V1,
  TOPICS,
  type CrmServiceRequestRaisedV1,
  type EventEnvelope,
} from '@aftercare/contracts';
import { EventHandler, type DeliveryInfo } from '@aftercare/messaging';
import { RegisterCase, type RegisterCaseInput } from '../service-request/application/register-case';

/**
 * `crm.public.service-requests.v1` → one case per CRM request.
 *
 * The data arrives schema-validated. The CRM request id becomes the case's `externalRef`, and
 * `RegisterCase` is idempotent on (tenant, channel, externalRef): a redelivery — same `ce_id` or a
 * re-send with a new one — finds the case registered the first time and changes nothing.
 *
 * A case the domain refuses (e.g. `SERVICE_REQUEST_INCOMPLETE`: a repair without a site address)
 * is a `DomainError`; it is deliberately not caught here. No retry can complete the message, so
 * the messaging library dead-letters it at once with the domain's error code in
 * `aftercare_error_code`: CRM's data must be fixed and the message replayed from the DLT. Nothing
 * is stored for it and the partition moves on to the next message.
 */
@Injectable()
export class CrmServiceRequestHandler {
  private readonly logger = new Logger(CrmServiceRequestHandler.name);

  constructor(private readonly registerCase: RegisterCase) {}

  @EventHandler(TOPICS.crmServiceRequests.name, { types: [CRM_SERVICE_REQUEST_RAISED_V1] })
  async onServiceRequestRaised(envelope: EventEnvelope<CrmServiceRequestRaisedV1>, delivery: DeliveryInfo): Promise<void> {
    const result = await this.registerCase.execute(toRegisterCaseInput(envelope.tenantId, envelope.data));
    const where = `${delivery.topic}/${delivery.partition}@${delivery.offset}`;
    const crmRef = `CRM request ${envelope.data.requestId} (tenant ${envelope.tenantId})`;
    if (!result.created) this.logger.log(`${crmRef} from ${where} was registered before as case ${result.serviceRequest.id}; nothing to do`);
    else if (result.duplicateOf) this.logger.log(`${crmRef} from ${where} linked as a duplicate of open case ${result.duplicateOf}`);
    else this.logger.log(`${crmRef} from ${where} registered as case ${result.serviceRequest.id}`);
  }
}

/** The CRM message as a registration; exported for unit tests. */
export function toRegisterCaseInput(tenantId: string, data: CrmServiceRequestRaisedV1, now = new Date()): RegisterCaseInput {
  const raisedAt = new Date(data.raisedAt);
  return {
    tenantId,
    channel: data.channel,
    externalRef: data.requestId,
    // A CRM clock running ahead must not put the case (its SLA clocks, its entitlement date) in the future.
    receivedAt: raisedAt.getTime() > now.getTime() ? now : raisedAt,
    customer: { ...data.customer },
    product: { ...data.product },
    problemDescription: data.problemDescription,
    attachments: data.attachments.map((a) => ({ ...a })),
    requestedType: data.requestedType,
    preferredTime: data.preferredTime
      ? { from: new Date(data.preferredTime.from), to: data.preferredTime.to ? new Date(data.preferredTime.to) : null }
      : null,
    severity: data.severity,
    urgency: data.urgency,
  };
}
