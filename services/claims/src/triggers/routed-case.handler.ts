import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SERVICE_REQUEST_ROUTED_V1, TOPICS, type ServiceRequestRoutedV1 } from '@aftercare/contracts';
import { PermanentMessageError, onTopic } from '@aftercare/messaging';
import { OpenQualityClaim } from '../quality-claim/application/open-quality-claim';
import { ReturnAuthorizationCommands } from '../return-authorization/application/return-authorization-commands';
import { OpenServiceComplaint } from '../service-complaint/application/open-service-complaint';

/**
 * Intake's case routed to claims → a quality claim (quality complaint), a service complaint or a
 * return (RMA, `return_exchange`), one per case and routing round. Other targets are not ours and are skipped; a case type claims
 * does not handle can never succeed and is dead-lettered with the reason.
 */
@Controller()
export class RoutedCaseHandler {
  private readonly logger = new Logger(RoutedCaseHandler.name);

  constructor(
    private readonly qualityClaims: OpenQualityClaim,
    private readonly complaints: OpenServiceComplaint,
    private readonly returns: ReturnAuthorizationCommands,
  ) {}

  @EventPattern(onTopic(TOPICS.intakeServiceRequestEvents, { types: [SERVICE_REQUEST_ROUTED_V1] }))
  async onRouted(@Payload() routed: ServiceRequestRoutedV1): Promise<void> {
    if (routed.target !== 'claims') return;
    switch (routed.requestedType) {
      case 'quality_complaint': {
        const { outcome, claim } = await this.qualityClaims.fromRoutedCase(routed);
        this.logger.log(`case ${routed.caseId}: quality claim ${claim.id} ${outcome}`);
        return;
      }
      case 'service_complaint': {
        const { outcome, complaint } = await this.complaints.fromRoutedCase(routed);
        this.logger.log(`case ${routed.caseId}: service complaint ${complaint.id} ${outcome}`);
        return;
      }
      case 'return_exchange': {
        const { outcome, rma } = await this.returns.fromRoutedCase(routed);
        this.logger.log(`case ${routed.caseId}: return ${rma.id} ${outcome}`);
        return;
      }
      default:
        throw new PermanentMessageError('CLAIM_TYPE_UNSUPPORTED', `a ${routed.requestedType} case routed to claims is not handled here (quality_complaint, service_complaint, return_exchange)`);
    }
  }
}
