import type { AssignmentDecision } from './assignment/assignment-log';
import type { WorkOrderClocks } from './work-order.clocks';
import type { WorkOrderStatus } from './work-order.state-machine';
import type {
  Appointment,
  CaseTerms,
  CarryIn,
  Cancellation,
  Decline,
  Escalation,
  PartsWait,
  Priority,
  Product,
  RepeatRepairLink,
  Rework,
  ServiceReport,
  Site,
  Verification,
  WorkOrderType,
} from './work-order.types';

/**
 * The persisted shape: plain data with Dates, no pending events (the repository stores those).
 * Documents stored in older shapes are brought to this one by the repository before loading.
 */
export interface WorkOrderSnapshot {
  id: string;
  tenantId: string;
  version: number;
  handledMessageIds: string[];
  caseId: string;
  type: WorkOrderType;
  priority: Priority;
  status: WorkOrderStatus;
  site: Site;
  product: Product;
  serialNo: string;
  requiredSkills: string[];
  /** When the customer called, the service agreement, the quality-problem flag, the fee class. */
  terms: CaseTerms;
  /** The SLA clocks: the source of the deadlines, their pauses and breaches. */
  clocks: WorkOrderClocks;
  /** The arrival clock's deadline (the last one computed, should a policy ever pause it). */
  arrivalDeadline: Date;
  /** The completion clock's deadline: null while it is paused (awaiting parts) or held for QC. */
  completionDeadline: Date | null;
  createdAt: Date;
  technicianId: string | null;
  assignedAt: Date | null;
  acceptedAt: Date | null;
  appointment: Appointment | null;
  departedAt: Date | null;
  arrivedAt: Date | null;
  startedAt: Date | null;
  partsWaits: PartsWait[];
  carryIns: CarryIn[];
  report: ServiceReport | null;
  completedAt: Date | null;
  verification: Verification | null;
  reworks: Rework[];
  closedAt: Date | null;
  closedBy: string | null;
  cancellation: Cancellation | null;
  declines: Decline[];
  assignmentDecisions: AssignmentDecision[];
  escalations: Escalation[];
  carryOverCount: number;
  lastCarriedOverAt: Date | null;
  arrivalBreachedAt: Date | null;
  completionOverdueAt: Date | null;
  /** When the technician-arranged breach was recorded (absent on documents stored before that clock ran). */
  arrangementOverdueAt?: Date | null;
  repeatRepair: RepeatRepairLink | null;
}

/** The order's own state: the snapshot without identity, version and handled messages. */
export type WorkOrderState = Omit<WorkOrderSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'>;

/**
 * Copies plain data (objects, arrays, Dates). Not `structuredClone`: its Dates come from the main
 * realm, which breaks `instanceof Date` inside sandboxes such as Jest's.
 */
export function deepCopy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v);
    return out as T;
  }
  return value;
}
