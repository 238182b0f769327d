import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, WORK_ORDER_REPEAT_REPAIR_DETECTED_V1, type WorkOrderRepeatRepairDetectedV1 } from '@aftercare/contracts';
import { onTopic } from '@aftercare/messaging';
import { OpenQualityClaim } from '../application/open-quality-claim';

/**
 * Dispatch's repeat repair → one quality claim, linked to both work orders and both cases
 * (source 001 §3: the same problem must not be repaired twice). Idempotent: the claim id is derived
 * from the later work order, so a redelivery finds the claim and changes nothing.
 */
@Controller()
export class RepeatRepairHandler {
  private readonly logger = new Logger(RepeatRepairHandler.name);

  constructor(private readonly open: OpenQualityClaim) {}

  @EventPattern(onTopic(TOPICS.dispatchWorkOrderEvents, { types: [WORK_ORDER_REPEAT_REPAIR_DETECTED_V1] }))
  async onRepeatRepair(@Payload() repeat: WorkOrderRepeatRepairDetectedV1): Promise<void> {
    const { outcome, claim } = await this.open.fromRepeatRepair(repeat);
    this.logger.log(`repeat repair ${repeat.workOrderId} (after ${repeat.previousWorkOrderId}): claim ${claim.id} ${outcome}`);
  }
}
