import { Inject, Injectable } from '@nestjs/common';
import { invalidFields } from '@aftercare/ddd';
import { isMonth, monthBounds } from '@aftercare/monthly-report/calendar';
import { TenantRegistry } from '@aftercare/tenancy';
import { DISPATCH_CONFIG, type DispatchConfig } from '../config/config';
import { workOrderNotFound } from '../work-order/application/work-order-commands';
import {
  appraiseTechnicians,
  costCategory,
  orderCost,
  type CostCategory,
  type CostRates,
  type WorkOrder,
} from '../work-order/domain';
import { WorkOrderRepository } from '../work-order/infrastructure/work-order.repository';
import { TechnicianComplaints } from './complaints/technician-complaints.store';
import { TechnicianSurveyScores } from './survey-scores/technician-survey-scores.store';
import { costLineView, technicianAppraisalView, type CategoryCostView, type MonthlyAppraisalView, type OrderCostView } from './appraisal.view';

/**
 * Technician appraisal per month and cost lines per order, from dispatch's own orders. The month
 * is the tenant's (its registered time zone), as in the month figures and the monthly report.
 * The survey average comes from survey's public response events (`TechnicianSurveyScores`): null
 * for a technician with no answered survey in the month. The complaints are the confirmed ones
 * about the technician that claims received in the month, from claims' public complaint events
 * (`TechnicianComplaints`): 0 when claims reported none.
 */
@Injectable()
export class AppraisalService {
  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly surveyScores: TechnicianSurveyScores,
    private readonly complaints: TechnicianComplaints,
    private readonly tenants: TenantRegistry,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  get rates(): CostRates {
    return {
      currency: this.config.COST_CURRENCY,
      labourPerHour: this.config.COST_LABOUR_PER_HOUR,
      travelPerHour: this.config.COST_TRAVEL_PER_HOUR,
      perPersonTime: this.config.COST_PER_PERSON_TIME,
    };
  }

  async monthly(tenantId: string, month: string): Promise<MonthlyAppraisalView> {
    if (!isMonth(month)) throw invalidFields('APPRAISAL_MONTH_INVALID', 'Invalid appraisal period', [{ field: 'month', message: 'must be YYYY-MM' }], 'invalid');
    const zone = await this.tenants.timeZoneOf(tenantId);
    const { from, to } = monthBounds(month, zone);
    const [{ completed, repeats }, surveyAverages, complaintCounts] = await Promise.all([
      this.orders.forPeriod(tenantId, from, to),
      this.surveyScores.averagesOf(tenantId, month),
      this.complaints.countsOf(tenantId, month),
    ]);
    const technicians = appraiseTechnicians({
      period: month,
      orders: completed,
      surveyAverages,
      complaintCounts,
      repeatRepairs: repeats.flatMap((o) =>
        o.repeatRepair ? [{ previousWorkOrderId: o.repeatRepair.previousWorkOrderId, previousTechnicianId: o.repeatRepair.previousTechnicianId }] : [],
      ),
    });
    const empty = (): CategoryCostView => ({ orders: 0, personTimes: 0, labourHours: 0, travelHours: 0, total: 0 });
    const costs: Record<CostCategory, CategoryCostView> = { installation_commissioning: empty(), field_service: empty() };
    for (const order of completed) {
      const cost = orderCost(order, this.rates);
      if (!cost || !order.report) continue;
      const c = costs[cost.category];
      c.orders += 1;
      c.personTimes += order.report.personTimes;
      c.labourHours += order.report.labourHours;
      c.travelHours += order.report.travelHours;
      c.total += cost.total;
    }
    return { month, timeZone: zone, currency: this.config.COST_CURRENCY, technicians: technicians.map(technicianAppraisalView), costs };
  }

  async costOf(tenantId: string, id: string): Promise<OrderCostView> {
    const order = await this.orders.findById(tenantId, id);
    if (!order) throw workOrderNotFound(id);
    return this.costView(order);
  }

  private costView(order: WorkOrder): OrderCostView {
    const cost = orderCost(order, this.rates);
    return {
      workOrderId: order.id,
      caseId: order.caseId,
      type: order.type,
      category: cost?.category ?? costCategory(order.type),
      currency: this.rates.currency,
      reported: cost !== null,
      lines: (cost?.lines ?? []).map(costLineView),
      total: cost?.total ?? 0,
    };
  }
}
