import { ReturnAuthorization } from '../../return-authorization/domain/return-authorization';
import { ServiceComplaint } from '../../service-complaint/domain/service-complaint';
import { claimsMonthFigures, monthBounds, unitsDeliveredOf } from './month-figures';

const T0 = new Date('2025-03-10T03:00:00.000Z');

function complaint(id: string, technicianId: string | null, level: 'ordinary' | 'serious' = 'ordinary'): ServiceComplaint {
  return ServiceComplaint.open({
    id,
    tenantId: 'acme',
    caseId: `sr-${id}`,
    channel: 'phone',
    level,
    complainant: { name: 'Li Wei', phone: null, email: null },
    content: 'Late',
    technicianId,
    personConcerned: null,
    receivedAt: T0,
    firstResponseDueAt: T0,
    preliminaryCheckDueAt: T0,
  });
}

function inspected(id: string, received: number, defective: number, confirmed = defective > 0): ReturnAuthorization {
  const r = ReturnAuthorization.request({ id, tenantId: 'acme', caseId: `sr-${id}`, productModel: 'CP-200', lot: 'LOT-1', quantityExpected: received, at: T0 });
  r.approve({ by: 'qe', at: T0 });
  r.receive({ quantityReceived: received, by: 'wh', at: T0 });
  r.inspect({ defectConfirmed: confirmed, defectiveQuantity: defective, samplesKept: 0, findings: 'checked', by: 'qe', at: T0 });
  return r;
}

describe('claims month figures', () => {
  it('a month runs from its first instant to the next month’s in the time zone', () => {
    expect(monthBounds('2025-03', 'Asia/Shanghai')).toEqual({ from: new Date('2025-02-28T16:00:00.000Z'), to: new Date('2025-03-31T16:00:00.000Z') });
    expect(monthBounds('2025-12', 'UTC').to).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect(() => monthBounds('2025-13', 'UTC')).toThrow(RangeError);
    expect(() => monthBounds('2025-03', 'Mars/Olympus')).toThrow(RangeError);
  });

  it("units delivered: the ERP's all-products figure when it sent one, else the sum per model; null when nothing came", () => {
    expect(unitsDeliveredOf([])).toBeNull();
    expect(unitsDeliveredOf([{ productModel: 'CP-200', unitsDelivered: 700 }, { productModel: 'CP-300', unitsDelivered: 500 }])).toBe(1200);
    expect(unitsDeliveredOf([{ productModel: 'CP-200', unitsDelivered: 700 }, { productModel: null, unitsDelivered: 1500 }])).toBe(1500);
  });

  it('counts complaints (serious, confirmed, per technician) and the return rate as defective units returned over units delivered', () => {
    const confirmed = complaint('c1', 'tech-wang', 'serious');
    confirmed.respond({ actor: { id: 'sm', roles: ['service_manager'] }, note: 'called', at: T0 });
    confirmed.check({ actor: { id: 'sm', roles: ['service_manager'] }, confirmed: true, findings: 'late', at: T0 });
    const figures = claimsMonthFigures({
      complaints: [confirmed, complaint('c2', 'tech-wang'), complaint('c3', 'tech-li'), complaint('c4', null)].map((c) => c.state),
      returns: [inspected('r1', 40, 6), inspected('r2', 10, 0)].map((r) => r.state),
      deliveries: [{ productModel: 'CP-200', unitsDelivered: 1200 }],
    });
    expect(figures).toEqual({
      complaints: { received: 4, serious: 1, confirmed: 1, byTechnician: [{ technicianId: 'tech-li', complaints: 1 }, { technicianId: 'tech-wang', complaints: 2 }] },
      returns: { requested: 2, unitsReturned: 6, unitsDelivered: 1200, returnRate: 6 / 1200 },
    });
  });

  it('no deliveries reported: units delivered and the return rate are unknown, not zero', () => {
    const figures = claimsMonthFigures({ complaints: [], returns: [inspected('r1', 5, 5)].map((r) => r.state), deliveries: [] });
    expect(figures.returns).toEqual({ requested: 1, unitsReturned: 5, unitsDelivered: null, returnRate: null });
  });
});
