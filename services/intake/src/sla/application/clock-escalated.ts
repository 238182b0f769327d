import { SERVICE_REQUEST_CLOCK_ESCALATED_V1, TOPICS, type ServiceRequestClockEscalatedV1 } from '@aftercare/contracts';
import type { AccompanyingMessage } from '@aftercare/persistence';
import type { ServiceRequest } from '../../service-request/domain';
import type { ClockEscalationStep } from './reply-escalation-notices';

/**
 * The event naming the level a clock's escalation step reached, published in the case write that
 * records the step: `escalated.v1` carries the level's number only, and the chain's names are the
 * tenant's and may change, so the name is told when it is known. Intake lists it per level
 * (`escalations`): a step is recorded on the case once, so this is published once per step, and
 * the list keeps one entry per event id however often Kafka delivers it.
 */
export function clockEscalatedMessage(serviceRequest: ServiceRequest, escalation: ClockEscalationStep): AccompanyingMessage {
  const data: ServiceRequestClockEscalatedV1 = {
    caseId: serviceRequest.id,
    tenantId: serviceRequest.tenantId,
    clock: escalation.clock,
    step: escalation.step,
    level: escalation.level,
    escalatedAt: escalation.at.toISOString(),
    status: serviceRequest.status,
    priority: serviceRequest.priority,
  };
  return { topic: TOPICS.intakeServiceRequestEvents.name, type: SERVICE_REQUEST_CLOCK_ESCALATED_V1, data, caseId: serviceRequest.id };
}
