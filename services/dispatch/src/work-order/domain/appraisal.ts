import { DONE_STATUSES, WorkOrderStatus } from './work-order.state-machine';

/** What the appraisal reads of an order (the WorkOrder aggregate satisfies it). */
export interface AppraisedOrder {
  readonly id: string;
  readonly technicianId: string | null;
  readonly status: WorkOrderStatus;
  readonly arrivalDeadline: Date;
  readonly arrivedAt: Date | null;
  readonly completedAt: Date | null;
  readonly reworkCount: number;
}

/** A repeat repair as the appraisal needs it: whose fix did not hold. */
export interface AppraisedRepeatRepair {
  readonly previousWorkOrderId: string;
  readonly previousTechnicianId: string | null;
}

export interface AppraisalInput {
  /** Label of the period, e.g. `2025-05`. */
  period: string;
  /** The month's orders (the caller selects them, e.g. by completion date). */
  orders: readonly AppraisedOrder[];
  /** Repeat repairs detected that count against this period. */
  repeatRepairs?: readonly AppraisedRepeatRepair[];
  /** Per technician: the survey service's average score for the period. */
  surveyAverages?: Readonly<Record<string, number>>;
  /** Per technician: complaints confirmed by claims in the period. */
  complaintCounts?: Readonly<Record<string, number>>;
}

export interface TechnicianAppraisal {
  technicianId: string;
  period: string;
  /** Orders the technician completed (completed, verified or closed). */
  jobs: number;
  onTimeArrivals: number;
  /** Share of jobs reached by the arrival deadline, % with one decimal; null without jobs. */
  onTimeArrivalPct: number | null;
  firstTimeFixes: number;
  /** Share of jobs with no rework and not repeated later, % with one decimal; null without jobs. */
  firstTimeFixPct: number | null;
  /** QC reworks over the jobs. */
  reworks: number;
  /** Repeat repairs of the technician's earlier fixes. */
  repeatRepairs: number;
  /** Null until the survey service has supplied it. */
  surveyAverage: number | null;
  /** Null when the caller has no complaint counts (dispatch's month figures: claims publishes its own); else 0 when none. */
  complaints: number | null;
}

const pct = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 10);

/**
 * Monthly technician appraisal (pure). A job is an order the technician completed; on time when the
 * technician was on site by the arrival deadline; a first-time fix when it needed no QC rework and
 * its fix held (no later repeat repair points back to it). Repeat repairs count against the
 * technician of the earlier, failed fix — the one the sources penalise (001). One row per technician
 * named by any input, sorted by id.
 */
export function appraiseTechnicians(input: AppraisalInput): TechnicianAppraisal[] {
  const repeats = input.repeatRepairs ?? [];
  const repeatedOrderIds = new Set(repeats.map((r) => r.previousWorkOrderId));
  const rows = new Map<string, TechnicianAppraisal>();
  const row = (technicianId: string): TechnicianAppraisal => {
    let r = rows.get(technicianId);
    if (!r) {
      r = {
        technicianId,
        period: input.period,
        jobs: 0,
        onTimeArrivals: 0,
        onTimeArrivalPct: null,
        firstTimeFixes: 0,
        firstTimeFixPct: null,
        reworks: 0,
        repeatRepairs: 0,
        surveyAverage: input.surveyAverages?.[technicianId] ?? null,
        complaints: input.complaintCounts ? (input.complaintCounts[technicianId] ?? 0) : null,
      };
      rows.set(technicianId, r);
    }
    return r;
  };

  for (const o of input.orders) {
    if (!o.technicianId || !o.completedAt || !DONE_STATUSES.includes(o.status)) continue;
    const r = row(o.technicianId);
    r.jobs += 1;
    if (o.arrivedAt && o.arrivedAt.getTime() <= o.arrivalDeadline.getTime()) r.onTimeArrivals += 1;
    r.reworks += o.reworkCount;
    if (o.reworkCount === 0 && !repeatedOrderIds.has(o.id)) r.firstTimeFixes += 1;
  }
  for (const rep of repeats) if (rep.previousTechnicianId) row(rep.previousTechnicianId).repeatRepairs += 1;
  for (const id of Object.keys(input.surveyAverages ?? {})) row(id);
  for (const id of Object.keys(input.complaintCounts ?? {})) row(id);

  for (const r of rows.values()) {
    r.onTimeArrivalPct = pct(r.onTimeArrivals, r.jobs);
    r.firstTimeFixPct = pct(r.firstTimeFixes, r.jobs);
  }
  return [...rows.values()].sort((a, b) => (a.technicianId < b.technicianId ? -1 : a.technicianId > b.technicianId ? 1 : 0));
}
