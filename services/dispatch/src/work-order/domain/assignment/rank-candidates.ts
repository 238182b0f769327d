import {
  AssignableTechnician,
  haversineKm,
  isOnShiftAt,
  LocalClock,
  localClock,
  Zone,
} from '../../../technician/domain';
import { assertNoErrors } from '../work-order.errors';
import { isValidDate } from '../validation';

/** What automatic assignment needs to know about an order (the WorkOrder aggregate satisfies it). */
export interface AssignableOrder {
  readonly id: string;
  readonly tenantId: string;
  readonly requiredSkills: readonly string[];
  readonly product: { readonly line: string };
  readonly site: { readonly lat: number; readonly lng: number; readonly zone: Zone };
  readonly arrivalDeadline: Date;
  /** Technicians who declined this order: they are not offered it again. */
  readonly declinedTechnicianIds: readonly string[];
}

export interface AssignmentConfig {
  /** Average travel speed from a technician's base to a site, km/h. */
  averageSpeedKmh: number;
  /** Minutes each order already in a technician's queue delays their arrival. */
  minutesPerQueuedJob: number;
}

export const DEFAULT_ASSIGNMENT_CONFIG: Readonly<AssignmentConfig> = Object.freeze({
  averageSpeedKmh: 40,
  minutesPerQueuedJob: 60,
});

export interface AssignmentContext extends Partial<AssignmentConfig> {
  /** The decision time: shifts are read at this instant, ETAs count from it. */
  now: Date;
  /** The technician who last served the asset (continuity), if known. */
  lastTechnicianId?: string | null;
  /** The order repeats a recent repair of the asset: continuity is then not preferred. */
  repeatRepair?: boolean;
  /**
   * A repeat repair: the technician whose fix failed. Eligible still, but ranked after every other
   * eligible technician (chosen only when nobody else can go).
   */
  failedFixTechnicianId?: string | null;
}

export const REJECTION_REASONS = [
  'skill',
  'product_line',
  'zone',
  'off_shift',
  'capacity',
  'inactive',
  'declined',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface CandidateEvaluation {
  technicianId: string;
  eligible: boolean;
  /** Every hard filter the technician fails (absent when eligible). */
  rejectedBecause?: RejectionReason[];
  distanceKm: number;
  /** Travel at the average speed plus the queue ahead, minutes (one decimal). */
  etaMinutes: number;
  canMeetDeadline: boolean;
  /** Open orders ÷ capacity (1 when the capacity is 0). */
  load: number;
  /** The technician last served this asset. */
  continuity: boolean;
  /**
   * The ranking key packed into one integer, higher is better; 0 for an ineligible candidate.
   * Digits from the top: deadline met (×10¹⁰), then (only when the deadline cannot be met) how
   * early the arrival is (9999 − whole minutes late, ×10⁶), then spare capacity
   * (10000 − load × 10000, ×10), then continuity (+1, not when repeat repair). The technician
   * whose fix a repeat repair follows scores 1, below every other eligible one. Equal scores are
   * broken by technician id, ascending.
   */
  score: number;
}

export interface RankingResult {
  /** The best eligible candidate, or null when nobody passes the hard filters. */
  winner: CandidateEvaluation | null;
  /** Eligible candidates in rank order, then the rejected ones by id. */
  candidates: CandidateEvaluation[];
  config: AssignmentConfig;
}

const MS_PER_MINUTE = 60_000;

export function resolveAssignmentConfig(context: Partial<AssignmentConfig>): AssignmentConfig {
  const config = {
    averageSpeedKmh: context.averageSpeedKmh ?? DEFAULT_ASSIGNMENT_CONFIG.averageSpeedKmh,
    minutesPerQueuedJob: context.minutesPerQueuedJob ?? DEFAULT_ASSIGNMENT_CONFIG.minutesPerQueuedJob,
  };
  const errors: string[] = [];
  if (!(Number.isFinite(config.averageSpeedKmh) && config.averageSpeedKmh > 0)) errors.push('averageSpeedKmh');
  if (!(Number.isFinite(config.minutesPerQueuedJob) && config.minutesPerQueuedJob >= 0))
    errors.push('minutesPerQueuedJob');
  assertNoErrors(errors);
  return config;
}

/** Evaluates one technician for one order: hard filters, ETA, load, continuity, score. */
export function evaluateCandidate(
  order: AssignableOrder,
  technician: AssignableTechnician,
  context: AssignmentContext,
  config: AssignmentConfig = resolveAssignmentConfig(context),
  clockOf: (timeZone: string) => LocalClock = (tz) => localClock(context.now, tz),
): CandidateEvaluation {
  const t = technician;
  const rejected: RejectionReason[] = [];
  if (!order.requiredSkills.every((s) => t.skills.includes(s))) rejected.push('skill');
  if (!t.productLines.includes(order.product.line)) rejected.push('product_line');
  if (!t.zones.includes(order.site.zone)) rejected.push('zone');
  if (!isOnShiftAt(t.shiftCalendar, clockOf(t.shiftCalendar.timeZone))) rejected.push('off_shift');
  if (t.openOrders >= t.capacity) rejected.push('capacity');
  if (!t.active) rejected.push('inactive');
  if (order.declinedTechnicianIds.includes(t.id)) rejected.push('declined');

  const distanceKm = haversineKm(t.baseLocation, order.site);
  const eta = (distanceKm / config.averageSpeedKmh) * 60 + t.openOrders * config.minutesPerQueuedJob;
  const minutesLeft = (order.arrivalDeadline.getTime() - context.now.getTime()) / MS_PER_MINUTE;
  const canMeetDeadline = eta <= minutesLeft;
  const load = t.capacity > 0 ? Math.min(1, t.openOrders / t.capacity) : 1;
  const continuity = !!context.lastTechnicianId && context.lastTechnicianId === t.id;
  const eligible = rejected.length === 0;

  let score = 0;
  if (eligible) {
    const minutesLate = canMeetDeadline ? 0 : Math.min(9999, Math.ceil(eta - minutesLeft));
    const earliness = canMeetDeadline ? 9999 : 9999 - minutesLate;
    const spare = 10_000 - Math.round(load * 10_000);
    const continuityPoint = continuity && !context.repeatRepair ? 1 : 0;
    const failedFix = !!context.failedFixTechnicianId && context.failedFixTechnicianId === t.id;
    // Any other eligible technician has spare capacity, so scores at least 11.
    score = failedFix ? 1 : 1 + (canMeetDeadline ? 1e10 : 0) + earliness * 1e6 + spare * 10 + continuityPoint;
  }

  return {
    technicianId: t.id,
    eligible,
    ...(eligible ? {} : { rejectedBecause: rejected }),
    distanceKm: Math.round(distanceKm * 100) / 100,
    etaMinutes: Math.round(eta * 10) / 10,
    canMeetDeadline,
    load: Math.round(load * 10_000) / 10_000,
    continuity,
    score,
  };
}

/**
 * Automatic assignment (pure). Hard filters: every required skill, the product line, the zone, on
 * shift at `context.now`, below capacity, active, and not having declined this order. Ranking among
 * the eligible: able to reach the site before the arrival deadline (haversine distance at the
 * average speed plus the queue × minutes per queued job); among those who cannot, the earliest
 * arrival; then lower load; then continuity (the asset's last technician — ignored for a repeat
 * repair, whose failed fixer comes after every other eligible technician); then technician id. Technicians of another tenant are not considered at all.
 */
export function rankCandidates(
  order: AssignableOrder,
  technicians: readonly AssignableTechnician[],
  context: AssignmentContext,
): RankingResult {
  assertNoErrors(isValidDate(context.now) ? [] : ['now']);
  const config = resolveAssignmentConfig(context);
  const clocks = new Map<string, LocalClock>();
  const clockOf = (tz: string): LocalClock => {
    let c = clocks.get(tz);
    if (!c) clocks.set(tz, (c = localClock(context.now, tz)));
    return c;
  };

  // Read the order once (its getters may compute, e.g. the declined list).
  const view: AssignableOrder = {
    id: order.id,
    tenantId: order.tenantId,
    requiredSkills: order.requiredSkills,
    product: order.product,
    site: order.site,
    arrivalDeadline: order.arrivalDeadline,
    declinedTechnicianIds: order.declinedTechnicianIds,
  };
  const eligible: CandidateEvaluation[] = [];
  const rejected: CandidateEvaluation[] = [];
  for (const t of technicians) {
    if (t.tenantId !== view.tenantId) continue;
    const c = evaluateCandidate(view, t, context, config, clockOf);
    (c.eligible ? eligible : rejected).push(c);
  }
  const byId = (a: CandidateEvaluation, b: CandidateEvaluation) =>
    a.technicianId < b.technicianId ? -1 : a.technicianId > b.technicianId ? 1 : 0;
  eligible.sort((a, b) => b.score - a.score || byId(a, b));
  rejected.sort(byId);
  return { winner: eligible[0] ?? null, candidates: [...eligible, ...rejected], config };
}
