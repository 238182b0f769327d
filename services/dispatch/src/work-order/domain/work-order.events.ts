/**
 * The facts a work order records, as published (`data` of the CloudEvent): plain JSON, instants as
 * ISO-8601 strings, absent values as `null`. Every event carries workOrderId, caseId and tenantId.
 * The JSON Schemas in libs/contracts/schemas are the published contract of these shapes.
 */
import type { Zone } from '../../technician/domain';
import type { WorkOrderStatus } from './work-order.state-machine';
import type { EscalationReason, Priority, WorkOrderType } from './work-order.types';

const prefix = 'aftercare.dispatch.work-order.';

export const WorkOrderEventTypes = {
  created: `${prefix}created.v1`,
  assigned: `${prefix}assigned.v1`,
  unassigned: `${prefix}unassigned.v1`,
  accepted: `${prefix}accepted.v1`,
  declined: `${prefix}declined.v1`,
  scheduled: `${prefix}scheduled.v1`,
  enRoute: `${prefix}en-route.v1`,
  onSite: `${prefix}on-site.v1`,
  started: `${prefix}started.v1`,
  awaitingParts: `${prefix}awaiting-parts.v1`,
  resumed: `${prefix}resumed.v1`,
  completed: `${prefix}completed.v1`,
  carriedIn: `${prefix}carried-in.v1`,
  repairCardUpdated: `${prefix}repair-card-updated.v1`,
  repaired: `${prefix}repaired.v1`,
  returned: `${prefix}returned.v1`,
  verified: `${prefix}verified.v1`,
  reworkRequired: `${prefix}rework-required.v1`,
  closed: `${prefix}closed.v1`,
  cancelled: `${prefix}cancelled.v1`,
  escalated: `${prefix}escalated.v1`,
  arrivalDeadlineBreached: `${prefix}arrival-deadline-breached.v1`,
  completionOverdue: `${prefix}completion-overdue.v1`,
  repeatRepairDetected: `${prefix}repeat-repair-detected.v1`,
} as const;

export type WorkOrderEventName = keyof typeof WorkOrderEventTypes;
export type WorkOrderEventType = (typeof WorkOrderEventTypes)[WorkOrderEventName];

export interface WorkOrderEventBase {
  workOrderId: string;
  caseId: string;
  tenantId: string;
}

export interface SiteData {
  address: string;
  lat: number;
  lng: number;
  zone: Zone;
}

export interface PartNeededData {
  partNo: string;
  quantity: number;
  description?: string;
}

export interface PartReplacedData {
  partNo: string;
  quantity: number;
  serialOut?: string;
  serialIn?: string;
}

export interface SignatureData {
  name: string;
  signedAt: string;
  signatureRef: string;
}

export interface ServiceReportData {
  faultCause: string;
  faultCategory: string;
  resolution: string;
  partsReplaced: PartReplacedData[];
  labourHours: number;
  travelHours: number;
  personTimes: number;
  customerAcceptance: SignatureData;
}

/** Why candidates were rejected by the hard filters, counted over one decision. */
export interface RejectionCounts {
  skill: number;
  product_line: number;
  zone: number;
  off_shift: number;
  capacity: number;
  inactive: number;
  declined: number;
}

export interface WorkOrderCreatedData extends WorkOrderEventBase {
  type: WorkOrderType;
  priority: Priority;
  site: SiteData;
  product: { model: string; line: string };
  serialNo: string;
  requiredSkills: string[];
  arrivalDeadline: string;
  completionDeadline: string;
  createdAt: string;
}

export interface WorkOrderAssignedData extends WorkOrderEventBase {
  technicianId: string;
  /** True when a dispatcher named the technician instead of the automatic ranking. */
  override: boolean;
  /** The dispatcher who overrode; null for an automatic decision. */
  decidedBy: string | null;
  reason: string | null;
  /** 1 for the first assignment decision of the order, 2 after a decline, ... */
  attempt: number;
  score: number;
  etaMinutes: number;
  canMeetDeadline: boolean;
  evaluatedCandidates: number;
  eligibleCandidates: number;
  arrivalDeadline: string;
  assignedAt: string;
  /**
   * A dispatcher's reassignment: the technician the order was taken from (their slot is freed).
   * Null when the order had no technician (first assignment, after a decline). Added to v1: absent
   * in events published before.
   */
  previousTechnicianId?: string | null;
}

export interface WorkOrderUnassignedData extends WorkOrderEventBase {
  attempt: number;
  evaluatedCandidates: number;
  rejections: RejectionCounts;
  decidedAt: string;
}

export interface WorkOrderAcceptedData extends WorkOrderEventBase {
  technicianId: string;
  acceptedAt: string;
}

export interface WorkOrderDeclinedData extends WorkOrderEventBase {
  technicianId: string;
  reason: string;
  declineCount: number;
  declinedAt: string;
}

export interface WorkOrderScheduledData extends WorkOrderEventBase {
  technicianId: string;
  windowStart: string;
  windowEnd: string;
  agreedWith: string | null;
  /** True when an earlier appointment was replaced. */
  rescheduled: boolean;
  /** True when the window starts after the arrival deadline (the customer chose a later time). */
  beyondArrivalDeadline: boolean;
  scheduledAt: string;
}

export interface WorkOrderEnRouteData extends WorkOrderEventBase {
  technicianId: string;
  estimatedArrivalAt: string | null;
  departedAt: string;
}

export interface WorkOrderOnSiteData extends WorkOrderEventBase {
  technicianId: string;
  arrivalDeadline: string;
  onTime: boolean;
  arrivedAt: string;
}

export interface WorkOrderStartedData extends WorkOrderEventBase {
  technicianId: string;
  /** `on_site` at the customer, `workshop` for a carried-in item. */
  mode: 'on_site' | 'workshop';
  startedAt: string;
}

export interface WorkOrderAwaitingPartsData extends WorkOrderEventBase {
  technicianId: string;
  parts: PartNeededData[];
  neededBy: string | null;
  shipTo: SiteData;
  productModel: string;
  serialNo: string;
  requestedAt: string;
}

export interface WorkOrderResumedData extends WorkOrderEventBase {
  technicianId: string;
  waitedMinutes: number;
  resumedAt: string;
}

export interface WorkOrderCompletedData extends WorkOrderEventBase {
  technicianId: string;
  type: WorkOrderType;
  productModel: string;
  productLine: string;
  serialNo: string;
  report: ServiceReportData;
  carriedIn: boolean;
  reworkCount: number;
  onTimeArrival: boolean;
  completedAt: string;
}

export interface WorkOrderCarriedInData extends WorkOrderEventBase {
  technicianId: string;
  receiptNo: string;
  serialNo: string;
  promisedReturnDate: string;
  takenAt: string;
}

export interface WorkOrderRepairCardUpdatedData extends WorkOrderEventBase {
  technicianId: string;
  receiptNo: string;
  actualHours: number;
  parts: PartReplacedData[];
  notes: string | null;
  updatedAt: string;
}

export interface WorkOrderRepairedData extends WorkOrderEventBase {
  technicianId: string;
  receiptNo: string;
  actualHours: number;
  parts: PartReplacedData[];
  inspectedBy: string;
  remarks: string | null;
  inspectedAt: string;
}

export interface WorkOrderReturnedData extends WorkOrderEventBase {
  technicianId: string;
  receiptNo: string;
  promisedReturnDate: string;
  late: boolean;
  signature: SignatureData;
  returnedAt: string;
}

export interface WorkOrderVerifiedData extends WorkOrderEventBase {
  technicianId: string;
  verifiedBy: string;
  remarks: string | null;
  reworkCount: number;
  verifiedAt: string;
}

export interface WorkOrderReworkRequiredData extends WorkOrderEventBase {
  technicianId: string;
  inspectedBy: string;
  reason: string;
  reworkCount: number;
  requiredAt: string;
}

export interface WorkOrderClosedData extends WorkOrderEventBase {
  technicianId: string;
  closedBy: string;
  closedAt: string;
}

export interface WorkOrderCancelledData extends WorkOrderEventBase {
  /** The technician who held the order (their capacity is freed), or null. */
  technicianId: string | null;
  reason: string;
  cancelledBy: string;
  previousStatus: WorkOrderStatus;
  cancelledAt: string;
}

export interface WorkOrderEscalatedData extends WorkOrderEventBase {
  reason: EscalationReason;
  escalatedTo: 'dispatcher';
  status: WorkOrderStatus;
  technicianId: string | null;
  note: string | null;
  raisedBy: string | null;
  escalatedAt: string;
}

export interface WorkOrderArrivalDeadlineBreachedData extends WorkOrderEventBase {
  technicianId: string | null;
  arrivalDeadline: string;
  /** When the technician arrived (late), or null when still not on site. */
  arrivedAt: string | null;
  minutesLate: number;
  status: WorkOrderStatus;
  detectedAt: string;
}

export interface WorkOrderCompletionOverdueData extends WorkOrderEventBase {
  technicianId: string | null;
  completionDeadline: string;
  /** When the order was completed (late), or null when still not completed. */
  completedAt: string | null;
  minutesLate: number;
  status: WorkOrderStatus;
  detectedAt: string;
}

export interface WorkOrderRepeatRepairDetectedData extends WorkOrderEventBase {
  serialNo: string;
  productModel: string;
  faultCategory: string;
  technicianId: string | null;
  completedAt: string;
  previousWorkOrderId: string;
  previousCaseId: string;
  previousTechnicianId: string | null;
  previousCompletedAt: string;
  daysBetween: number;
  windowDays: number;
}

export interface WorkOrderEventDataMap {
  created: WorkOrderCreatedData;
  assigned: WorkOrderAssignedData;
  unassigned: WorkOrderUnassignedData;
  accepted: WorkOrderAcceptedData;
  declined: WorkOrderDeclinedData;
  scheduled: WorkOrderScheduledData;
  enRoute: WorkOrderEnRouteData;
  onSite: WorkOrderOnSiteData;
  started: WorkOrderStartedData;
  awaitingParts: WorkOrderAwaitingPartsData;
  resumed: WorkOrderResumedData;
  completed: WorkOrderCompletedData;
  carriedIn: WorkOrderCarriedInData;
  repairCardUpdated: WorkOrderRepairCardUpdatedData;
  repaired: WorkOrderRepairedData;
  returned: WorkOrderReturnedData;
  verified: WorkOrderVerifiedData;
  reworkRequired: WorkOrderReworkRequiredData;
  closed: WorkOrderClosedData;
  cancelled: WorkOrderCancelledData;
  escalated: WorkOrderEscalatedData;
  arrivalDeadlineBreached: WorkOrderArrivalDeadlineBreachedData;
  completionOverdue: WorkOrderCompletionOverdueData;
  repeatRepairDetected: WorkOrderRepeatRepairDetectedData;
}
