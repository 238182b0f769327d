import { contractsRegistry, DISPATCH_MONTH_FIGURES_PUBLISHED_V2 } from '@aftercare/contracts';
import { DEFAULT_CALENDARS, findCalendar, startClock, stopClock } from '@aftercare/sla';
import { technicianArrangedFigure } from '../../work-order/domain/technician-arranged-figure';
import type { CostRates } from '../../work-order/domain/cost';
import type { FeeClass, ServiceReport, WorkOrderType } from '../../work-order/domain/work-order.types';
import type { Zone } from '../../technician/domain';
import { dispatchMonthFigures, type FiguredOrder } from './dispatch-month-figures';

// 150.00 per labour hour, 80.00 per travel hour, 50.00 per visit (minor units)
const rates: CostRates = { currency: 'CNY', labourPerHour: 15_000, travelPerHour: 8_000, perPersonTime: 5_000 };
const deadline = new Date('2026-03-10T10:00:00Z');
const early = new Date('2026-03-10T09:00:00Z');
const late = new Date('2026-03-10T11:00:00Z');
const noneArranged = { onTime: 0, total: 0, pending: 0 };

/** Technician-arranged clocks of orders routed on 10 March 08:00, due 24 h later. */
const allDay = findCalendar(DEFAULT_CALENDARS, '24x7');
const routedAt = new Date('2026-03-10T08:00:00Z');
const routed = startClock({ name: 'technician_arranged', targetMinutes: 24 * 60, calendarId: '24x7', pauseInStates: [] }, allDay, routedAt);
const acceptedAfter = (hours: number) => stopClock(routed, allDay, new Date(routedAt.getTime() + hours * 3_600_000), 'accepted');

let n = 0;
function order(o: { type?: WorkOrderType; tech?: string; zone?: Zone; arrivedAt?: Date | null; feeClass?: FeeClass | null; hours?: [number, number, number]; reworks?: number; status?: FiguredOrder['status'] }): FiguredOrder {
  n += 1;
  const [labourHours, travelHours, personTimes] = o.hours ?? [2, 1, 1];
  return {
    id: `wo-${n}`,
    type: o.type ?? 'repair',
    technicianId: o.tech ?? 'tech-wang',
    status: o.status ?? 'verified',
    terms: { feeClass: o.feeClass === undefined ? 'C' : o.feeClass },
    site: { zone: o.zone ?? 'city' },
    arrivalDeadline: deadline,
    arrivedAt: o.arrivedAt === undefined ? early : o.arrivedAt,
    completedAt: new Date('2026-03-10T15:00:00Z'),
    reworkCount: o.reworks ?? 0,
    report: { labourHours, travelHours, personTimes } as ServiceReport,
  };
}

describe("dispatch's month figures for the report", () => {
  const orders = [
    order({ type: 'installation', feeClass: 'B', hours: [4, 2, 2], tech: 'tech-li' }), // 60000 + 16000 + 10000 = 86000, contracted guidance
    order({ type: 'commissioning', feeClass: 'A', hours: [1, 0, 1], tech: 'tech-li', arrivedAt: late }), // 15000 + 0 + 5000 = 20000
    order({ type: 'repair', zone: 'city' }), // 30000 + 8000 + 5000 = 43000
    order({ type: 'repair', zone: 'suburb', arrivedAt: late, reworks: 1 }), // 43000
    order({ type: 'maintenance', zone: 'remote', hours: [3, 1, 2] }), // 45000 + 8000 + 10000 = 63000
    order({ type: 'repair', zone: 'suburb', arrivedAt: null, tech: 'tech-zhao' }), // workshop: no visit, no arrival clock
    order({ type: 'repair', status: 'cancelled' }), // not a completed job
  ];
  const figures = dispatchMonthFigures({
    month: '2026-03',
    completed: orders,
    repeatRepairs: [{ previousWorkOrderId: orders[2].id, previousTechnicianId: 'tech-wang' }],
    rates,
    technicianArranged: noneArranged,
  });

  it('sums person-times and cost by category, the contracted guidance apart', () => {
    expect(figures.installationCommissioning).toEqual({ personTimes: 3, cost: 106_000, contractedGuidanceCost: 86_000 });
    expect(figures.fieldService).toEqual({ personTimes: 1 + 1 + 2 + 1, cost: 43_000 + 43_000 + 63_000 + 43_000 });
  });

  it('counts arrival clocks by zone, remote as suburb, and only visits', () => {
    expect(figures.arrival).toEqual({ city: { onTime: 2, due: 3 }, suburb: { onTime: 1, due: 2 } });
  });

  it('counts repairs completed and repeat repairs detected', () => {
    expect([figures.repairsCompleted, figures.repeatRepairs]).toEqual([3, 1]);
  });

  it("gives every appraisal column dispatch owns, per technician, as counts", () => {
    expect(figures.technicians).toEqual([
      { technicianId: 'tech-li', jobs: 2, onTimeArrivals: 1, firstTimeFixes: 2, reworks: 0, repeatRepairs: 0 },
      // the repeated order and the reworked one are not first-time fixes
      { technicianId: 'tech-wang', jobs: 3, onTimeArrivals: 2, firstTimeFixes: 1, reworks: 1, repeatRepairs: 1 },
      { technicianId: 'tech-zhao', jobs: 1, onTimeArrivals: 0, firstTimeFixes: 1, reworks: 0, repeatRepairs: 0 },
    ]);
    expect(() => contractsRegistry().assertValid(DISPATCH_MONTH_FIGURES_PUBLISHED_V2, { tenantId: 'acme', month: '2026-03', publishedAt: deadline.toISOString(), figures })).not.toThrow();
  });

  it('is all zeros for a month without completed orders', () => {
    expect(dispatchMonthFigures({ month: '2026-04', completed: [], repeatRepairs: [], rates, technicianArranged: noneArranged })).toEqual({
      installationCommissioning: { personTimes: 0, cost: 0, contractedGuidanceCost: 0 },
      fieldService: { personTimes: 0, cost: 0 },
      arrival: { city: { onTime: 0, due: 0 }, suburb: { onTime: 0, due: 0 } },
      repairsCompleted: 0,
      repeatRepairs: 0,
      technicians: [],
      technicianArranged: { onTime: 0, due: 0 },
    });
  });

  it('counts technician arranged within 24 h: accepted by the deadline over the decided orders, pending ones not yet', () => {
    const arranged = (clocks: Parameters<typeof technicianArrangedFigure>[0], hoursAfterRouting: number) =>
      dispatchMonthFigures({ month: '2026-03', completed: [], repeatRepairs: [], rates, technicianArranged: technicianArrangedFigure(clocks, new Date(routedAt.getTime() + hoursAfterRouting * 3_600_000)) })
        .technicianArranged;
    // Accepted after 1 h, 23 h and exactly 24 h: on time; after 30 h: late; one nobody accepted,
    // late once published two days after the routing: 3 of 5 on time.
    expect(arranged([acceptedAfter(1), acceptedAfter(23), acceptedAfter(24), acceptedAfter(30), routed], 48)).toEqual({ onTime: 3, due: 5 });
    // Published 20 h after a routing on the month's last evening: the unaccepted one is still pending, not counted yet.
    expect(arranged([acceptedAfter(1), routed], 20)).toEqual({ onTime: 1, due: 1 });
  });
});
