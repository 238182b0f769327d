import { Injectable, Logger } from '@nestjs/common';
import { SERVICE_REQUEST_ROUTED_V1, TOPICS, type EventEnvelope, type ServiceRequestRoutedV1 } from '@aftercare/contracts';
import { EventHandler, PermanentMessageError, type DeliveryInfo } from '@aftercare/messaging';
import { CreateWorkOrderFromCase } from '../application/create-from-case';

/**
 * `intake.public.service-request.events.v1`, type `routed` → one work order per case and routing
 * round, for cases routed to dispatch (other targets are skipped). Idempotent: the order id is
 * derived from tenant, case and routing instant, so a redelivery (same or new `ce_id`), or two
 * instances racing, find or collide with the order created first and change nothing.
 * A message whose tenant header and data disagree, or a non-field type routed to dispatch, can never
 * succeed: it is dead-lettered at once with the reason.
 */
@Injectable()
export class RoutedCaseHandler {
  private readonly logger = new Logger(RoutedCaseHandler.name);

  constructor(private readonly createFromCase: CreateWorkOrderFromCase) {}

  @EventHandler(TOPICS.intakeServiceRequestEvents.name, { types: [SERVICE_REQUEST_ROUTED_V1] })
  async onRouted(envelope: EventEnvelope<ServiceRequestRoutedV1>, delivery: DeliveryInfo): Promise<void> {
    if (envelope.tenantId !== envelope.data.tenantId)
      throw new PermanentMessageError('TENANT_MISMATCH', `ce_tenantid ${envelope.tenantId} differs from data.tenantId ${envelope.data.tenantId}`);
    const result = await this.createFromCase.execute(envelope.data);
    const where = `${delivery.topic}/${delivery.partition}@${delivery.offset}`;
    const ref = `case ${envelope.data.caseId} (tenant ${envelope.tenantId}) from ${where}`;
    if (result.outcome === 'ignored') this.logger.debug(`${ref}: ${result.reason}; not for dispatch`);
    else if (result.outcome === 'duplicate') this.logger.log(`${ref}: work order ${result.order.id} exists already; nothing to do`);
    else this.logger.log(`${ref}: work order ${result.order.id} created, ${result.order.technicianId ? `assigned to ${result.order.technicianId}` : 'unassigned'}`);
  }
}
