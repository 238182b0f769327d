import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CRM_SERVICE_REQUEST_RAISED_V1, TOPICS, type CrmServiceRequestRaisedV1 } from '@aftercare/contracts';
import { EventContext, onTopic } from '@aftercare/messaging';
import { RegisterCase, type RegisterCaseInput } from '../../service-request/application/register-case';

/**
 * `crm.public.service-requests.v1` → one case per CRM request.
 *
 * The data arrives schema-validated. The CRM request id becomes the case's `externalRef`, and
 * `RegisterCase` is idempotent on (tenant, channel, externalRef): a redelivery — same `ce_id` or a
 * re-send with a new one — finds the case registered the first time and changes nothing. A re-send
 * that brings something new (a rewritten description, more attachments) adds it as information
 * to that case, or to the surviving case when it was merged as a duplicate.
 *
 * A case the domain refuses (e.g. `SERVICE_REQUEST_INCOMPLETE`: a repair without a site address)
 * is a `DomainError`; it is deliberately not caught here. No retry can complete the message, so
 * the messaging library dead-letters it at once with the domain's error code in
 * `aftercare_error_code`: CRM's data must be fixed and the message replayed from the DLT. Nothing
 * is stored for it and the partition moves on to the next message.
 */
@Controller()
export class CrmServiceRequestHandler {
  private readonly logger = new Logger(CrmServiceRequestHandler.name);

  constructor(private readonly registerCase: RegisterCase) {}

  @EventPattern(onTopic(TOPICS.crmServiceRequests, { types: [CRM_SERVICE_REQUEST_RAISED_V1] }))
  async onServiceRequestRaised(@Payload() request: CrmServiceRequestRaisedV1, @Ctx() ctx: EventContext): Promise<void> {
    const { tenantId } = ctx.envelope;
    const result = await this.registerCase.execute(toRegisterCaseInput(tenantId, request));
    const where = ctx.position;
    const crmRef = `CRM request ${request.requestId} (tenant ${tenantId})`;
    if (result.updated) this.logger.log(`${crmRef} from ${where} was registered before as case ${result.serviceRequest.id}; what it adds went to case ${result.updated}`);
    else if (!result.created) this.logger.log(`${crmRef} from ${where} was registered before as case ${result.serviceRequest.id}; nothing to do`);
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
    qualityProblem: data.qualityProblem ?? false,
  };
}
