/**
 * dispatch's month figures for the monthly report (source 001 §7, source 004 §3): field work and
 * its cost by category, arrival on time by zone, repeat repairs, and the appraisal columns dispatch
 * owns. Counts and minor units only; the report computes the rates (ADR 0032, ADR 0037).
 *
 * Design (the sources give no formulas):
 * - the month's work is the orders completed in it (completed, verified or closed), as in the appraisal;
 * - installation guidance paid under the sales contract (001「合同規定的指導安裝調試費用」) is the
 *   cost of installation and commissioning orders whose fee class is B (paid by contract);
 * - each completed order that had a visit ended one arrival clock; remote counts as suburb, as its target does;
 * - repeat repairs are those detected in the month; repairs completed are the month's repair orders;
 * - technician arranged within 24 h (v2, ADR 0043) counts the orders routed in the month whose
 *   technician-arranged clock is decided at publication (`technicianArrangedFigure`): accepted by
 *   the deadline over decided; an order still within its deadline is counted when it is decided.
 */
import type { DispatchMonthFiguresV2 } from '@aftercare/contracts';
import { appraiseTechnicians, type AppraisedOrder, type AppraisedRepeatRepair } from '../../work-order/domain/appraisal';
import { orderCost, type CostRates } from '../../work-order/domain/cost';
import { DONE_STATUSES } from '../../work-order/domain/work-order.state-machine';
import type { TechnicianArrangedFigure } from '../../work-order/domain/technician-arranged-figure';
import type { CaseTerms, ServiceReport, Site, WorkOrderType } from '../../work-order/domain/work-order.types';

/** What the figures read of an order (the WorkOrder aggregate satisfies it). */
export interface FiguredOrder extends AppraisedOrder {
  readonly type: WorkOrderType;
  readonly terms: Pick<CaseTerms, 'feeClass'>;
  readonly site: Pick<Site, 'zone'>;
  readonly report: ServiceReport | null;
}

export interface DispatchMonthInput {
  month: string;
  /** Orders completed in the month. */
  completed: readonly FiguredOrder[];
  /** Repeat repairs detected in the month. */
  repeatRepairs: readonly AppraisedRepeatRepair[];
  rates: CostRates;
  /** The technician-arranged clocks of the orders routed in the month, at publication. */
  technicianArranged: TechnicianArrangedFigure;
}

export function dispatchMonthFigures(input: DispatchMonthInput): DispatchMonthFiguresV2 {
  const done = input.completed.filter((o) => o.completedAt !== null && DONE_STATUSES.includes(o.status));
  const figures: DispatchMonthFiguresV2 = {
    installationCommissioning: { personTimes: 0, cost: 0, contractedGuidanceCost: 0 },
    fieldService: { personTimes: 0, cost: 0 },
    arrival: { city: { onTime: 0, due: 0 }, suburb: { onTime: 0, due: 0 } },
    repairsCompleted: done.filter((o) => o.type === 'repair').length,
    repeatRepairs: input.repeatRepairs.length,
    technicians: [],
    technicianArranged: { onTime: input.technicianArranged.onTime, due: input.technicianArranged.total },
  };
  for (const order of done) {
    const cost = orderCost(order, input.rates);
    if (cost && order.report) {
      const category = cost.category === 'installation_commissioning' ? figures.installationCommissioning : figures.fieldService;
      category.personTimes += order.report.personTimes;
      category.cost += cost.total;
      if (cost.category === 'installation_commissioning' && order.terms.feeClass === 'B') figures.installationCommissioning.contractedGuidanceCost += cost.total;
    }
    if (order.arrivedAt) {
      const clock = figures.arrival[order.site.zone === 'city' ? 'city' : 'suburb'];
      clock.due += 1;
      if (order.arrivedAt.getTime() <= order.arrivalDeadline.getTime()) clock.onTime += 1;
    }
  }
  figures.technicians = appraiseTechnicians({ period: input.month, orders: done, repeatRepairs: input.repeatRepairs }).map((t) => ({
    technicianId: t.technicianId,
    jobs: t.jobs,
    onTimeArrivals: t.onTimeArrivals,
    firstTimeFixes: t.firstTimeFixes,
    reworks: t.reworks,
    repeatRepairs: t.repeatRepairs,
  }));
  return figures;
}
