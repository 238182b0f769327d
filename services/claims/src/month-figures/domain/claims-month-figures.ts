/**
 * claims' month figures for the monthly report (source 001 §3: complaint and return rates; the
 * appraisal's complaint column). Counts only; the report computes the rates (ADR 0032, ADR 0037).
 *
 * Design (the sources give no formulas):
 * - complaints are the service complaints received in the month, whatever their outcome;
 * - a technician's complaints are those of the month about that technician that the check
 *   confirmed (an unconfirmed complaint does not count against anyone; a confirmation after the
 *   close reaches the report as a revision);
 * - units returned and units delivered come from the returns and the ERP's deliveries
 *   (`ClaimsMonthFiguresSource`); here they are null, printed "not reported", never 0;
 * - quality claims by urgency and late replies (v2, ADR 0043) are the counts of
 *   `GET /claims-month-figures/{month}` (quality-claim-month.ts), without the late replies' detail.
 */
import type { ClaimsMonthFiguresV1, ClaimsMonthFiguresV2 } from '@aftercare/contracts';
import type { QualityClaimMonthFigures } from '../../month/domain/quality-claim-month';
import type { ServiceComplaintState } from '../../service-complaint/domain/service-complaint';

export type FiguredComplaint = Pick<ServiceComplaintState, 'technicianId' | 'check'>;

export function claimsMonthFigures(complaints: readonly FiguredComplaint[]): ClaimsMonthFiguresV1 {
  const confirmed = new Map<string, number>();
  for (const complaint of complaints)
    if (complaint.technicianId && complaint.check?.confirmed) confirmed.set(complaint.technicianId, (confirmed.get(complaint.technicianId) ?? 0) + 1);
  return {
    complaints: complaints.length,
    complaintsByTechnician: [...confirmed.keys()].sort().map((technicianId) => ({ technicianId, complaints: confirmed.get(technicianId) as number })),
    unitsReturned: null,
    unitsDelivered: null,
  };
}

/** The v2 fields: quality claims opened, closed and overdue by urgency; late replies and how many are explained. */
export function qualityClaimFigures(month: QualityClaimMonthFigures): Pick<ClaimsMonthFiguresV2, 'qualityClaims' | 'lateReplies'> {
  const { qualityClaims: claims, lateReplies } = month;
  return {
    qualityClaims: {
      opened: claims.opened,
      closed: claims.closed,
      overdue: claims.overdue,
      byUrgency: claims.byUrgency.map((u) => ({ urgency: u.urgency, opened: u.opened, closed: u.closed, overdue: u.overdue })),
    },
    lateReplies: { count: lateReplies.count, explained: lateReplies.explained },
  };
}
