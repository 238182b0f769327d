import {
  WORK_ORDER_ACCEPTED_V1,
  WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1,
  WORK_ORDER_ASSIGNED_V1,
  WORK_ORDER_AWAITING_CUSTOMER_V1,
  WORK_ORDER_AWAITING_PARTS_V1,
  WORK_ORDER_CANCELLED_V1,
  WORK_ORDER_CARRIED_IN_V1,
  WORK_ORDER_CLOSED_V1,
  WORK_ORDER_COMPLETED_V1,
  WORK_ORDER_COMPLETION_OVERDUE_V1,
  WORK_ORDER_CREATED_V1,
  WORK_ORDER_DECLINED_V1,
  WORK_ORDER_EN_ROUTE_V1,
  WORK_ORDER_ESCALATED_V1,
  WORK_ORDER_ESCALATED_V2,
  WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1,
  WORK_ORDER_MISUSE_FLAGGED_V1,
  WORK_ORDER_ON_SITE_V1,
  WORK_ORDER_REPAIR_CARD_UPDATED_V1,
  WORK_ORDER_REPAIRED_V1,
  WORK_ORDER_REPEAT_REPAIR_DETECTED_V1,
  WORK_ORDER_RESUMED_V1,
  WORK_ORDER_RETURNED_V1,
  WORK_ORDER_REWORK_REQUIRED_V1,
  WORK_ORDER_SCHEDULED_V1,
  WORK_ORDER_STARTED_V1,
  WORK_ORDER_UNASSIGNED_V1,
  WORK_ORDER_VERIFIED_V1,
  type WorkOrderEventBaseV1,
  type WorkOrderEventDataV1,
  type WorkOrderEventType,
  type WorkOrderPartReplacedV1,
  type WorkOrderServiceReportV1,
  type WorkOrderStatus as PublishedStatus,
  type WorkOrderSignatureV1,
} from '@aftercare/contracts';
import type { DomainEvent } from '@aftercare/ddd';
import { rejectionCounts } from './assignment/assignment-log';
import { returnedLate } from './carry-in';
import type { DeadlineBreach } from './deadlines';
import type { WorkOrderFact } from './work-order.facts';
import type { WorkOrderStatus } from './work-order.state-machine';
import type { CarryIn, CustomerSignature, Decline, PartReplaced, Priority, Product, ServiceReport, Site, WorkOrderType } from './work-order.types';

/**
 * The one place where the work order's facts become the events of its published contract
 * (`@aftercare/contracts`, `dispatch/work-order.events.ts`; JSON Schemas in libs/contracts/schemas).
 * Wire conventions: instants as ISO-8601 strings, absent values as `null`, every event carries
 * workOrderId, caseId and tenantId, and its CloudEvent's caseid is the order's case.
 */

/** What the mapper reads of the order: its state right after the fact (the WorkOrder satisfies it). */
export interface WorkOrderEventSource {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly type: WorkOrderType;
  readonly priority: Priority;
  readonly status: WorkOrderStatus;
  readonly site: Site;
  readonly product: Product;
  readonly serialNo: string;
  readonly requiredSkills: readonly string[];
  readonly arrivalDeadline: Date;
  readonly completionDeadline: Date | null;
  readonly technicianId: string | null;
  readonly arrivedAt: Date | null;
  readonly declines: readonly Decline[];
  readonly reworkCount: number;
}

type Payload<T extends WorkOrderEventType> = Omit<WorkOrderEventDataV1[T], keyof WorkOrderEventBaseV1>;

const iso = (d: Date): string => d.toISOString();

/**
 * The status as v1 events name it: an order waiting for the customer's later window has an agreed
 * appointment, so it reads `scheduled` (a new enum value would break v1; the wait itself is
 * published as `awaiting-customer`).
 */
export function publishedStatus(status: WorkOrderStatus): PublishedStatus {
  return status === 'awaiting_customer' ? 'scheduled' : status;
}
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toWorkOrderEvent(fact: WorkOrderFact, order: WorkOrderEventSource): DomainEvent {
  const at = fact.at;
  const event = <T extends WorkOrderEventType>(type: T, payload: Payload<T>): DomainEvent<WorkOrderEventDataV1[T]> => ({
    type,
    data: { workOrderId: order.id, caseId: order.caseId, tenantId: order.tenantId, ...payload } as WorkOrderEventDataV1[T],
    caseId: order.caseId,
    occurredAt: at,
  });
  // Past `assigned` every state holds a technician (the transition table guarantees it).
  const assignee = order.technicianId as string;

  switch (fact.kind) {
    case 'created':
      return event(WORK_ORDER_CREATED_V1, {
        type: order.type,
        priority: order.priority,
        site: { ...order.site },
        product: { ...order.product },
        serialNo: order.serialNo,
        requiredSkills: [...order.requiredSkills],
        arrivalDeadline: iso(order.arrivalDeadline),
        completionDeadline: iso(order.completionDeadline as Date),
        createdAt: iso(at),
      });
    case 'technicianAssigned': {
      const { decision, winner } = fact;
      return event(WORK_ORDER_ASSIGNED_V1, {
        technicianId: winner.technicianId,
        override: decision.override,
        decidedBy: decision.decidedBy,
        reason: decision.reason,
        attempt: decision.attempt,
        score: winner.score,
        etaMinutes: winner.etaMinutes,
        canMeetDeadline: winner.canMeetDeadline,
        evaluatedCandidates: decision.candidates.length,
        eligibleCandidates: decision.candidates.filter((c) => c.eligible).length,
        arrivalDeadline: iso(order.arrivalDeadline),
        assignedAt: iso(at),
        previousTechnicianId: decision.previousTechnicianId ?? null,
      });
    }
    case 'noTechnicianFound':
      return event(WORK_ORDER_UNASSIGNED_V1, {
        attempt: fact.decision.attempt,
        evaluatedCandidates: fact.decision.candidates.length,
        rejections: rejectionCounts(fact.decision.candidates),
        decidedAt: iso(at),
      });
    case 'accepted':
      return event(WORK_ORDER_ACCEPTED_V1, { technicianId: fact.technicianId, acceptedAt: iso(at) });
    case 'declined':
      return event(WORK_ORDER_DECLINED_V1, {
        technicianId: fact.decline.technicianId,
        reason: fact.decline.reason,
        declineCount: order.declines.length,
        declinedAt: iso(at),
      });
    case 'visitScheduled':
      return event(WORK_ORDER_SCHEDULED_V1, {
        technicianId: assignee,
        windowStart: iso(fact.appointment.windowStart),
        windowEnd: iso(fact.appointment.windowEnd),
        agreedWith: fact.appointment.agreedWith,
        rescheduled: fact.rescheduled,
        beyondArrivalDeadline: fact.appointment.windowStart > order.arrivalDeadline,
        scheduledAt: iso(at),
      });
    case 'customerWaitStarted':
      return event(WORK_ORDER_AWAITING_CUSTOMER_V1, {
        technicianId: assignee,
        windowStart: iso(fact.appointment.windowStart),
        windowEnd: iso(fact.appointment.windowEnd),
        agreedWith: fact.appointment.agreedWith,
        arrivalDeadline: iso(order.arrivalDeadline),
        requestedAt: iso(at),
      });
    case 'departedForSite':
      return event(WORK_ORDER_EN_ROUTE_V1, { technicianId: assignee, estimatedArrivalAt: isoOrNull(fact.estimatedArrivalAt), departedAt: iso(at) });
    case 'arrivedOnSite':
      return event(WORK_ORDER_ON_SITE_V1, {
        technicianId: assignee,
        arrivalDeadline: iso(order.arrivalDeadline),
        onTime: at <= order.arrivalDeadline,
        arrivedAt: iso(at),
      });
    case 'workStarted':
      return event(WORK_ORDER_STARTED_V1, { technicianId: assignee, mode: fact.where, startedAt: iso(at) });
    case 'partsRequested':
      return event(WORK_ORDER_AWAITING_PARTS_V1, {
        technicianId: assignee,
        parts: fact.wait.parts.map((p) => ({ ...p })),
        neededBy: isoOrNull(fact.wait.neededBy),
        shipTo: { ...order.site },
        productModel: order.product.model,
        serialNo: order.serialNo,
        requestedAt: iso(at),
      });
    case 'workResumed':
      return event(WORK_ORDER_RESUMED_V1, {
        technicianId: assignee,
        waitedMinutes: Math.max(0, Math.round((at.getTime() - fact.wait.requestedAt.getTime()) / 60_000)),
        resumedAt: iso(at),
      });
    case 'completed':
      return event(WORK_ORDER_COMPLETED_V1, {
        technicianId: assignee,
        type: order.type,
        productModel: order.product.model,
        productLine: order.product.line,
        serialNo: order.serialNo,
        report: reportPayload(fact.report),
        carriedIn: fact.carriedIn,
        reworkCount: order.reworkCount,
        onTimeArrival: !!order.arrivedAt && order.arrivedAt <= order.arrivalDeadline,
        completedAt: iso(at),
      });
    case 'carriedIn':
      return event(WORK_ORDER_CARRIED_IN_V1, {
        technicianId: fact.carryIn.technicianId,
        receiptNo: fact.carryIn.receiptNo,
        serialNo: order.serialNo,
        promisedReturnDate: iso(fact.carryIn.promisedReturnDate),
        takenAt: iso(at),
      });
    case 'repairCardUpdated': {
      const card = repairCardOf(fact.carryIn);
      return event(WORK_ORDER_REPAIR_CARD_UPDATED_V1, {
        technicianId: fact.carryIn.technicianId,
        receiptNo: fact.carryIn.receiptNo,
        actualHours: card.actualHours,
        parts: partsPayload(card.parts),
        notes: card.notes,
        updatedAt: iso(at),
      });
    }
    case 'repairInspected': {
      const card = repairCardOf(fact.carryIn);
      const inspection = fact.carryIn.inspection as NonNullable<CarryIn['inspection']>;
      return event(WORK_ORDER_REPAIRED_V1, {
        technicianId: fact.carryIn.technicianId,
        receiptNo: fact.carryIn.receiptNo,
        actualHours: card.actualHours,
        parts: partsPayload(card.parts),
        inspectedBy: inspection.inspectedBy,
        remarks: inspection.remarks,
        inspectedAt: iso(at),
      });
    }
    case 'returnedToCustomer':
      return event(WORK_ORDER_RETURNED_V1, {
        technicianId: fact.carryIn.technicianId,
        receiptNo: fact.carryIn.receiptNo,
        promisedReturnDate: iso(fact.carryIn.promisedReturnDate),
        late: returnedLate(fact.carryIn),
        signature: signaturePayload(fact.carryIn.returnSignature as CustomerSignature),
        returnedAt: iso(at),
      });
    case 'verified':
      return event(WORK_ORDER_VERIFIED_V1, {
        technicianId: assignee,
        verifiedBy: fact.verification.verifiedBy,
        remarks: fact.verification.remarks,
        reworkCount: order.reworkCount,
        verifiedAt: iso(at),
      });
    case 'reworkRequired':
      return event(WORK_ORDER_REWORK_REQUIRED_V1, {
        technicianId: assignee,
        inspectedBy: fact.rework.inspectedBy,
        reason: fact.rework.reason,
        reworkCount: order.reworkCount,
        requiredAt: iso(at),
      });
    case 'closed':
      return event(WORK_ORDER_CLOSED_V1, { technicianId: assignee, closedBy: fact.closedBy, closedAt: iso(at) });
    case 'cancelled':
      return event(WORK_ORDER_CANCELLED_V1, {
        technicianId: order.technicianId,
        reason: fact.cancellation.reason,
        cancelledBy: fact.cancellation.cancelledBy,
        previousStatus: publishedStatus(fact.cancellation.previousStatus),
        cancelledAt: iso(at),
        reasonCode: fact.cancellation.reasonCode,
      });
    case 'escalated': {
      const { reason } = fact.escalation;
      // v1's reason enum cannot name it (a new enum value breaks v1): this reason alone is published as v2.
      if (reason === 'technician_not_arranged')
        return event(WORK_ORDER_ESCALATED_V2, {
          reason,
          level: fact.escalation.level ?? 'dispatcher',
          step: fact.escalation.step ?? 1,
          status: order.status,
          technicianId: order.technicianId,
          note: fact.escalation.note,
          raisedBy: fact.escalation.raisedBy,
          escalatedAt: iso(at),
        });
      return event(WORK_ORDER_ESCALATED_V1, {
        reason,
        escalatedTo: 'dispatcher',
        status: publishedStatus(order.status),
        technicianId: order.technicianId,
        note: fact.escalation.note,
        raisedBy: fact.escalation.raisedBy,
        escalatedAt: iso(at),
        // Absent means the dispatcher at step 1, as before the chain was climbed (v1 payloads unchanged).
        ...(fact.escalation.level === undefined ? {} : { level: fact.escalation.level }),
        ...(fact.escalation.step === undefined ? {} : { step: fact.escalation.step }),
      });
    }
    case 'misuseFlagged':
      return event(WORK_ORDER_MISUSE_FLAGGED_V1, {
        technicianId: assignee,
        note: fact.misuse.note,
        flaggedBy: fact.misuse.flaggedBy,
        previousFeeClass: fact.misuse.previousFeeClass,
        feeClass: 'A',
        flaggedAt: iso(at),
      });
    case 'arrivalDeadlineBreached':
      return event(WORK_ORDER_ARRIVAL_DEADLINE_BREACHED_V1, {
        technicianId: order.technicianId,
        arrivalDeadline: iso(fact.breach.deadline),
        arrivedAt: isoOrNull(fact.breach.actualAt),
        ...breachTail(fact.breach, order, at),
      });
    case 'completionOverdue':
      return event(WORK_ORDER_COMPLETION_OVERDUE_V1, {
        technicianId: order.technicianId,
        completionDeadline: iso(fact.breach.deadline),
        completedAt: isoOrNull(fact.breach.actualAt),
        ...breachTail(fact.breach, order, at),
      });
    case 'technicianArrangementOverdue':
      return event(WORK_ORDER_TECHNICIAN_ARRANGEMENT_OVERDUE_V1, {
        technicianId: order.technicianId,
        technicianArrangedDeadline: iso(fact.breach.deadline),
        acceptedAt: isoOrNull(fact.breach.actualAt),
        minutesLate: fact.breach.minutesLate,
        status: order.status,
        detectedAt: iso(at),
      });
    case 'repeatRepairDetected': {
      const f = fact.finding;
      return event(WORK_ORDER_REPEAT_REPAIR_DETECTED_V1, {
        serialNo: f.serialNo,
        productModel: order.product.model,
        faultCategory: f.faultCategory,
        technicianId: f.technicianId,
        completedAt: iso(f.completedAt),
        previousWorkOrderId: f.previousWorkOrderId,
        previousCaseId: f.previousCaseId,
        previousTechnicianId: f.previousTechnicianId,
        previousCompletedAt: iso(f.previousCompletedAt),
        daysBetween: f.daysBetween,
        windowDays: f.windowDays,
      });
    }
    default:
      return unknownFact(fact);
  }
}

/** The fields both breach events end with. */
function breachTail(breach: DeadlineBreach, order: WorkOrderEventSource, at: Date): { minutesLate: number; status: PublishedStatus; detectedAt: string } {
  return { minutesLate: breach.minutesLate, status: publishedStatus(order.status), detectedAt: iso(at) };
}

function repairCardOf(carryIn: CarryIn): NonNullable<CarryIn['repairCard']> {
  return carryIn.repairCard as NonNullable<CarryIn['repairCard']>;
}

function partsPayload(parts: readonly PartReplaced[]): WorkOrderPartReplacedV1[] {
  return parts.map((p) => ({ ...p }));
}

function signaturePayload(s: CustomerSignature): WorkOrderSignatureV1 {
  return { name: s.name, signedAt: iso(s.signedAt), signatureRef: s.signatureRef };
}

function reportPayload(r: ServiceReport): WorkOrderServiceReportV1 {
  return {
    faultCause: r.faultCause,
    faultCategory: r.faultCategory,
    resolution: r.resolution,
    partsReplaced: partsPayload(r.partsReplaced),
    labourHours: r.labourHours,
    travelHours: r.travelHours,
    personTimes: r.personTimes,
    customerAcceptance: signaturePayload(r.customerAcceptance),
  };
}

/** Compile-time exhaustiveness: a new fact kind without a mapping does not type-check. */
function unknownFact(fact: never): never {
  throw new Error(`work order fact without a published event: ${JSON.stringify(fact)}`);
}
