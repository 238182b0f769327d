import type { QualityClaimSnapshot } from '../domain';

/** One discipline of the 8D report: its heading and the lines under it. */
export interface ReportSection {
  discipline: 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6' | 'D7' | 'D8';
  title: string;
  lines: string[];
}

export interface EightDReport {
  title: string;
  claimId: string;
  caseId: string;
  status: string;
  header: string[];
  sections: ReportSection[];
}

const day = (d: Date | null | undefined): string => (d ? new Date(d).toISOString().slice(0, 10) : '—');
const orDash = (v: string | number | null | undefined): string => (v === null || v === undefined || v === '' ? '—' : String(v));
const PENDING = 'Not recorded yet.';

/**
 * The 8D report of a claim in the form a customer's quality department expects: a header (claim,
 * case, customer, product, triage) and the eight disciplines in order, each filled from the
 * claim or marked not recorded yet. Renderers (PDF, HTML) only lay it out.
 */
export function eightDReportOf(s: QualityClaimSnapshot): EightDReport {
  const section = (discipline: ReportSection['discipline'], title: string, lines: string[] | null): ReportSection => ({
    discipline,
    title,
    lines: lines && lines.length ? lines : [PENDING],
  });
  return {
    title: `8D report — quality claim ${s.id}`,
    claimId: s.id,
    caseId: s.caseId,
    status: s.status,
    header: [
      `Claim: ${s.id}    Case: ${s.caseId}    Status: ${s.status}`,
      `Customer: ${orDash(s.customer.name)}    Product: ${orDash(s.product.model)}    Serial: ${orDash(s.product.serialNumber)}`,
      `Opened: ${day(s.openedAt)}    Closure due: ${day(s.deadlines.closureDueAt)}    Closed: ${day(s.closure?.closedAt)}`,
      s.triage
        ? `Urgency: ${s.triage.urgency}    Severity: ${s.triage.severity}    Department: ${s.triage.department}    Responsibility: ${s.triage.responsibility}${s.triage.major ? '    MAJOR (production stopped)' : ''}`
        : 'Not triaged yet.',
      ...(s.linkedWorkOrderIds.length ? [`Linked work orders: ${s.linkedWorkOrderIds.join(', ')}    Linked cases: ${s.linkedCaseIds.join(', ')}`] : []),
    ],
    sections: [
      section(
        'D1',
        'Team',
        s.team ? [`Leader: ${s.team.leader.name} (${s.team.leader.role})`, ...s.team.members.map((m) => `Member: ${m.name} (${m.role})`)] : null,
      ),
      section('D2', 'Problem description (5W2H)', [
        `What: ${s.problem.what}`,
        `Where: ${orDash(s.problem.where)}`,
        `When: ${orDash(s.problem.when)}`,
        `Who: ${orDash(s.problem.who)}`,
        `Why it matters: ${orDash(s.problem.why)}`,
        `How: ${orDash(s.problem.how)}`,
        `How many: ${orDash(s.problem.howMany)}`,
      ]),
      section(
        'D3',
        'Containment actions',
        s.containment
          ? [
              s.containment.actions,
              `Suspect quantity: ${s.containment.quantitySuspect}    Contained: ${s.containment.quantityContained}`,
              `Locations: ${s.containment.locations.join(', ')}`,
            ]
          : null,
      ),
      section(
        'D4',
        'Root cause and escape point',
        s.rootCause
          ? [...s.rootCause.whyChain.map((w, i) => `Why ${i + 1}: ${w}`), `Root cause: ${s.rootCause.rootCause}`, `Escape point: ${s.rootCause.escapePoint}`]
          : null,
      ),
      section(
        'D5',
        'Permanent corrective actions',
        s.actions.map((a) => `${a.description} — owner ${a.owner}, due ${day(a.deadline)}`),
      ),
      section(
        'D6',
        'Implementation and evidence',
        s.implementation ? [s.implementation.summary, `Evidence: ${s.implementation.evidence.join(', ')}`, ...s.actions.map((a) => `${a.description}: implemented ${day(a.implementedAt)}`)] : null,
      ),
      section(
        'D7',
        'Verification and prevention of recurrence',
        s.verification && s.prevention
          ? [
              `Verified by ${s.verification.verifiedBy} on ${day(s.verification.verifiedAt)}: ${s.verification.result}`,
              `Documents changed: ${s.prevention.documentsChanged.length ? s.prevention.documentsChanged.join(', ') : 'none'}`,
              `FMEA updated: ${s.prevention.fmeaUpdated ? 'yes' : 'no'}    Control plan updated: ${s.prevention.controlPlanUpdated ? 'yes' : 'no'}`,
              ...(s.prevention.notes ? [s.prevention.notes] : []),
            ]
          : null,
      ),
      section('D8', 'Team recognition', s.recognition ? [s.recognition.note, ...(s.closure?.finalReport ? [`Final report: ${s.closure.finalReport}`] : [])] : null),
    ],
  };
}
