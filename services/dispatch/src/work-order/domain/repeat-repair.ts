import { assertNoErrors } from './work-order.errors';

/** A completed order of an asset, as the repeat-repair rule reads it. */
export interface CompletedRepair {
  readonly workOrderId: string;
  readonly caseId: string;
  readonly tenantId: string;
  readonly serialNo: string;
  readonly faultCategory: string;
  readonly completedAt: Date;
  readonly technicianId: string | null;
}

export interface RepeatRepairFinding {
  readonly workOrderId: string;
  readonly caseId: string;
  readonly tenantId: string;
  readonly serialNo: string;
  readonly faultCategory: string;
  readonly completedAt: Date;
  readonly technicianId: string | null;
  readonly previousWorkOrderId: string;
  readonly previousCaseId: string;
  readonly previousCompletedAt: Date;
  readonly previousTechnicianId: string | null;
  /** Days from the previous completion to this one (two decimals). */
  readonly daysBetween: number;
  readonly windowDays: number;
}

export const DEFAULT_REPEAT_REPAIR_WINDOW_DAYS = 30;
const MS_PER_DAY = 86_400_000;

const sameCategory = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * "The same problem may not be repaired twice" (001): `current` repeats an earlier repair when the
 * same tenant's asset (serial) was completed with the same fault category (case-insensitive) no
 * more than `windowDays` before it (the boundary counts as inside). The latest such earlier order is
 * the one reported; null when there is none. Pure: `history` is the asset's completed orders in
 * any order; `current` itself and later completions in it are ignored.
 */
export function detectRepeatRepair(
  current: CompletedRepair,
  history: readonly CompletedRepair[],
  options: { windowDays?: number } = {},
): RepeatRepairFinding | null {
  const windowDays = options.windowDays ?? DEFAULT_REPEAT_REPAIR_WINDOW_DAYS;
  assertNoErrors(Number.isFinite(windowDays) && windowDays > 0 ? [] : ['windowDays']);
  const end = current.completedAt.getTime();
  const start = end - windowDays * MS_PER_DAY;
  let previous: CompletedRepair | null = null;
  for (const h of history) {
    const t = h.completedAt.getTime();
    if (
      h.workOrderId !== current.workOrderId &&
      h.tenantId === current.tenantId &&
      h.serialNo === current.serialNo &&
      sameCategory(h.faultCategory, current.faultCategory) &&
      t <= end &&
      t >= start &&
      (!previous || t > previous.completedAt.getTime())
    )
      previous = h;
  }
  if (!previous) return null;
  return {
    workOrderId: current.workOrderId,
    caseId: current.caseId,
    tenantId: current.tenantId,
    serialNo: current.serialNo,
    faultCategory: current.faultCategory,
    completedAt: current.completedAt,
    technicianId: current.technicianId,
    previousWorkOrderId: previous.workOrderId,
    previousCaseId: previous.caseId,
    previousCompletedAt: previous.completedAt,
    previousTechnicianId: previous.technicianId,
    daysBetween: Math.round(((end - previous.completedAt.getTime()) / MS_PER_DAY) * 100) / 100,
    windowDays,
  };
}

/** What automatic assignment knows about a repair that may repeat an earlier one of the asset. */
export interface RepeatRepairSuspicion {
  /** The asset was repaired within the window before this call: the fix may have failed. */
  readonly repeatRepair: boolean;
  /** The technician of that earlier job (whose fix failed), or null. */
  readonly failedFixTechnicianId: string | null;
  /** The technician who last served the asset (continuity), whatever the outcome. */
  readonly lastTechnicianId: string | null;
}

/**
 * Before the fault is known (the category comes with the report), a new repair of an asset whose
 * latest job was completed no more than `windowDays` before `at` is treated as a repeat repair
 * for assignment: the technician whose fix failed is never preferred (source 001: the same
 * problem may not be repaired twice; the rule of assignment, docs/domain.md). Pure; `history` in
 * any order, `orderId` itself ignored. Other request types keep plain continuity.
 */
export function suspectRepeatRepair(
  order: { readonly id: string; readonly type: string },
  history: readonly CompletedRepair[],
  at: Date,
  options: { windowDays?: number } = {},
): RepeatRepairSuspicion {
  const windowDays = options.windowDays ?? DEFAULT_REPEAT_REPAIR_WINDOW_DAYS;
  assertNoErrors(Number.isFinite(windowDays) && windowDays > 0 ? [] : ['windowDays']);
  let last: CompletedRepair | null = null;
  for (const h of history) {
    if (h.workOrderId === order.id || h.completedAt.getTime() > at.getTime()) continue;
    if (!last || h.completedAt.getTime() > last.completedAt.getTime()) last = h;
  }
  const lastTechnicianId = last?.technicianId ?? null;
  const repeats = order.type === 'repair' && !!last && at.getTime() - last.completedAt.getTime() <= windowDays * MS_PER_DAY;
  return { repeatRepair: repeats, failedFixTechnicianId: repeats ? lastTechnicianId : null, lastTechnicianId };
}
