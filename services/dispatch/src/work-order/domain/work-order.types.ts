import type { Zone } from '../../technician/domain';
import type { CancellationReasonCode } from './cancellation';
import type { WorkOrderStatus } from './work-order.state-machine';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The service-request types intake routes to dispatch (field service). */
export const WORK_ORDER_TYPES = ['repair', 'installation', 'commissioning', 'maintenance', 'training'] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];

/**
 * Fee classes (source 004 §5, R193): A paid against a quotation, B under a maintenance contract,
 * C free (warranty), D internal work (inspections, parts handling, tool upkeep, short training),
 * recorded with its hours and never invoiced.
 */
export const FEE_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type FeeClass = (typeof FEE_CLASSES)[number];

/** The technician collects payment on site only for class A work (the others are covered or internal). */
export function collectsPayment(feeClass: FeeClass | null): boolean {
  return feeClass === 'A';
}

/** The service agreement covering the asset when the customer called (its level selects policies). */
export interface ServiceAgreement {
  readonly id: string;
  readonly level: string;
  /** ISO dates; null when open-ended. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** What the customer's case says about the job beyond the job itself: when they called, under which terms. */
export interface CaseTerms {
  /** When the customer's request reached us: the arrival clock counts from here (R193 §19). */
  readonly receivedAt: Date;
  readonly serviceAgreement: ServiceAgreement | null;
  /** Flagged a quality problem: on site within 8 h (source 003 §3). */
  readonly qualityProblem: boolean;
  /** Null while the case's entitlement was undecided when it was routed. */
  readonly feeClass: FeeClass | null;
  /** Misuse the technician found on site, which made the job class A (absent: none found). */
  readonly misuse?: MisuseFinding | null;
}

/** Misuse found on site: charged (class A) even in warranty or under contract (source 002 §6, source 003 §6). */
export interface MisuseFinding {
  readonly note: string;
  readonly flaggedBy: string;
  readonly at: Date;
  /** The fee class the case came with. */
  readonly previousFeeClass: FeeClass | null;
}

export interface Site {
  readonly address: string;
  readonly lat: number;
  readonly lng: number;
  readonly zone: Zone;
}

export interface Product {
  readonly model: string;
  readonly line: string;
}

/** A part the technician needs to go on (published with `awaiting-parts`). */
export interface PartNeeded {
  readonly partNo: string;
  readonly quantity: number;
  readonly description?: string;
}

/** A part replaced on the job: the part fitted (`serialIn`) and the one removed (`serialOut`). */
export interface PartReplaced {
  readonly partNo: string;
  readonly quantity: number;
  readonly serialOut?: string;
  readonly serialIn?: string;
}

export interface CustomerSignature {
  readonly name: string;
  readonly signedAt: Date;
  /** Reference to the stored signature image. */
  readonly signatureRef: string;
}

/** The service report (售后服务报告单) filed at completion. */
export interface ServiceReport {
  readonly faultCause: string;
  readonly faultCategory: string;
  readonly resolution: string;
  /** `[]` means "no parts replaced"; it is never omitted. */
  readonly partsReplaced: readonly PartReplaced[];
  readonly labourHours: number;
  readonly travelHours: number;
  /** Technician visits (person-times) the job took; feeds the person-times-per-day statistic. */
  readonly personTimes: number;
  readonly customerAcceptance: CustomerSignature;
}

/** The customer's appointment window agreed by the technician (预约). */
export interface Appointment {
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly agreedWith: string | null;
  readonly agreedAt: Date;
}

export interface PartsWait {
  readonly parts: readonly PartNeeded[];
  readonly neededBy: Date | null;
  readonly requestedAt: Date;
  readonly resumedAt: Date | null;
  /** When parts expects the parts, once it announced them late (PartsRequestDelayed); absent or null: on time. */
  readonly expectedAt?: Date | null;
}

/** The 修护卡 hung on a carried-in item: actual repair hours and the parts fitted. */
export interface RepairCard {
  readonly actualHours: number;
  readonly parts: readonly PartReplaced[];
  readonly notes: string | null;
  readonly updatedAt: Date;
}

export interface RepairInspection {
  readonly inspectedBy: string;
  readonly inspectedAt: Date;
  readonly remarks: string | null;
}

/** One carry-in of the item to the workshop: receipt (客户商品领取收据) to return signature. */
export interface CarryIn {
  readonly receiptNo: string;
  readonly takenAt: Date;
  readonly promisedReturnDate: Date;
  readonly technicianId: string;
  readonly repairCard: RepairCard | null;
  readonly inspection: RepairInspection | null;
  readonly returnedAt: Date | null;
  readonly returnSignature: CustomerSignature | null;
}

export interface Decline {
  readonly technicianId: string;
  readonly reason: string;
  readonly at: Date;
}

export interface Rework {
  readonly inspectedBy: string;
  readonly reason: string;
  readonly at: Date;
}

export interface Verification {
  readonly verifiedBy: string;
  readonly verifiedAt: Date;
  readonly remarks: string | null;
}

export interface Cancellation {
  readonly reason: string;
  /** Why, for the case's owner (see cancellation.ts). */
  readonly reasonCode: CancellationReasonCode;
  readonly cancelledBy: string;
  readonly cancelledAt: Date;
  readonly previousStatus: WorkOrderStatus;
}

export const ESCALATION_REASONS = [
  'no_candidate',
  'arrival_deadline_breached',
  'completion_overdue',
  'technician_request',
  // Published as escalated.v2 only: v1's reason enum cannot name it.
  'technician_not_arranged',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export interface Escalation {
  readonly reason: EscalationReason;
  readonly at: Date;
  readonly note: string | null;
  readonly raisedBy: string | null;
  /** The level of the escalation chain reached (absent on older orders: dispatcher). */
  readonly level?: string;
  /** The step of the chain for this reason, 1 = its first level (absent on older orders: 1). */
  readonly step?: number;
}

/** The repeat-repair link set on the later order. */
export interface RepeatRepairLink {
  readonly previousWorkOrderId: string;
  readonly previousCaseId: string;
  readonly previousTechnicianId: string | null;
  readonly daysBetween: number;
  readonly detectedAt: Date;
}
