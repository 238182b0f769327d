import { Injectable, Logger } from '@nestjs/common';
import type { ServiceRequestCancelledV1 } from '@aftercare/contracts';
import type { CaseWithdrawalOutcome } from '../domain';
import { WorkOrderRepository } from '../infrastructure/work-order.repository';
import { Assignment } from './assignment';
import { workOrderIdFor } from './create-from-case';

export interface WithdrawnOrder {
  workOrderId: string;
  outcome: CaseWithdrawalOutcome;
}

/**
 * The work orders a cancelled case names: those in its open work, and the order of its current
 * routing round to dispatch — derived from the routing instant as at creation, so an order no
 * technician has taken yet (which the case cannot know) is found by `_id` too.
 */
export function workOrderIdsOfCancelledCase(cancelled: ServiceRequestCancelledV1): string[] {
  const ids = cancelled.openWork.filter((w) => w.kind === 'work_order').map((w) => w.reference);
  const routing = cancelled.routing;
  if (routing?.target === 'dispatch') ids.push(workOrderIdFor(cancelled.tenantId, cancelled.caseId, routing.routedAt));
  return [...new Set(ids)];
}

/**
 * A case withdrawn in intake: each of its open work orders follows it (`WorkOrder.followCaseWithdrawal`:
 * cancelled with `case_cancelled`, or left to run to its end in the workshop or once filed), and
 * the technician's slot is freed after the save — as for a dispatcher's cancellation. Idempotent:
 * an order already cancelled changes nothing, so a redelivery saves nothing.
 */
@Injectable()
export class FollowWithdrawnCase {
  private readonly logger = new Logger('dispatch.withdrawn-case');

  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly assignment: Assignment,
  ) {}

  async execute(cancelled: ServiceRequestCancelledV1, now: Date = new Date()): Promise<WithdrawnOrder[]> {
    const results: WithdrawnOrder[] = [];
    for (const id of workOrderIdsOfCancelledCase(cancelled)) {
      const order = await this.orders.findById(cancelled.tenantId, id);
      // Not ours (another case's id in a malformed event) or never created (routed elsewhere): nothing to stop.
      if (!order || order.caseId !== cancelled.caseId) continue;
      const technicianId = order.technicianId;
      const outcome = order.followCaseWithdrawal({ caseReason: cancelled.reason, withdrawnBy: cancelled.cancelledBy, at: now });
      if (outcome === 'cancelled') {
        await this.orders.save(order);
        await this.assignment.release(order.tenantId, technicianId, order.id);
      } else if (outcome === 'runs_to_end') {
        this.logger.log(`case ${cancelled.caseId} withdrawn; work order ${id} is ${order.status} and runs to its end`);
      }
      results.push({ workOrderId: id, outcome });
    }
    return results;
  }
}
