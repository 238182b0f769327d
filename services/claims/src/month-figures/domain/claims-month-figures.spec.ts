import { CLAIMS_MONTH_FIGURES_PUBLISHED_V1, contractsRegistry } from '@aftercare/contracts';
import { claimsMonthFigures, type FiguredComplaint } from './claims-month-figures';

const at = new Date('2026-03-12T08:00:00Z');
const complaint = (technicianId: string | null, confirmed: boolean | null): FiguredComplaint => ({
  technicianId,
  check: confirmed === null ? null : { by: 'qe', confirmed, findings: 'checked', at },
});

describe("claims' month figures for the report", () => {
  const figures = claimsMonthFigures([
    complaint('tech-wang', true),
    complaint('tech-wang', true),
    complaint('tech-wang', false), // not confirmed: not against the technician
    complaint('tech-li', null), // not checked yet
    complaint('tech-li', true),
    complaint(null, true), // about another employee
  ]);

  it('counts every complaint received, and per technician the confirmed ones', () => {
    expect(figures.complaints).toBe(6);
    expect(figures.complaintsByTechnician).toEqual([
      { technicianId: 'tech-li', complaints: 1 },
      { technicianId: 'tech-wang', complaints: 2 },
    ]);
  });

  it('leaves returns and deliveries null (not reported) while claims does not know them', () => {
    expect([figures.unitsReturned, figures.unitsDelivered]).toEqual([null, null]);
    expect(() => contractsRegistry().assertValid(CLAIMS_MONTH_FIGURES_PUBLISHED_V1, { tenantId: 'acme', month: '2026-03', publishedAt: at.toISOString(), figures })).not.toThrow();
  });

  it('is zero complaints for a quiet month', () => {
    expect(claimsMonthFigures([])).toEqual({ complaints: 0, complaintsByTechnician: [], unitsReturned: null, unitsDelivered: null });
  });
});
