/**
 * A tenant's report for one month, as the list of its submitted revisions. The first is generated
 * when the month closes; figures that change afterwards (late data, a correction) make a new
 * revision with an audit line saying who and what changed. Earlier revisions are never changed or
 * dropped: each stays readable for the retention period (source 000: five years).
 */
import type { MonthlyReportContent, TechnicianLine } from './compose';
import type { Rate } from './rate';
import { dueAt, isLate, retainUntil } from './month';

export type RevisionReason = 'month_closed' | 'late_data' | 'correction';

export interface LineChange {
  key: string;
  from: number | string | null;
  to: number | string | null;
}

export interface AuditLine {
  at: Date;
  /** A person's id, or the process or owner that caused it (`scheduler`, `source:parts`). */
  by: string;
  reason: RevisionReason;
  summary: string;
  changes: LineChange[];
}

export interface Revision {
  number: number;
  generatedAt: Date;
  /** Submitted after the due date (the end of the 4th of the next month). */
  late: boolean;
  audit: AuditLine;
  content: MonthlyReportContent;
}

export interface MonthlyReportSnapshot {
  tenantId: string;
  month: string;
  timeZone: string;
  dueAt: Date;
  retainUntil: Date;
  revisions: Revision[];
}

export type ReportStatus = 'open' | 'awaiting' | 'overdue' | 'submitted' | 'submitted_late';

export function firstRevision(content: MonthlyReportContent, at: Date, by: string): MonthlyReportSnapshot {
  const { tenantId, month, timeZone } = content;
  const missing = content.missingSources.length ? `; not reported: ${content.missingSources.join(', ')}` : '';
  return {
    tenantId,
    month,
    timeZone,
    dueAt: dueAt(month, timeZone),
    retainUntil: retainUntil(month, timeZone),
    revisions: [revision(1, content, at, { at, by, reason: 'month_closed', summary: `generated after the month closed${missing}`, changes: [] })],
  };
}

/**
 * Adds a revision when `content` differs from the latest one; the same figures again (a redelivered
 * event, a second run of the job) add nothing and return `revision: null`.
 */
export function reviseReport(
  report: MonthlyReportSnapshot,
  content: MonthlyReportContent,
  at: Date,
  by: string,
  reason: Exclude<RevisionReason, 'month_closed'> = 'late_data',
): { report: MonthlyReportSnapshot; revision: Revision | null } {
  if (content.tenantId !== report.tenantId || content.month !== report.month) throw new RangeError('a revision belongs to the same tenant and month');
  const latest = latestRevision(report);
  const changes = changesBetween(latest.content, content);
  if (changes.length === 0) return { report, revision: null };
  const arrived = latest.content.missingSources.filter((s) => !content.missingSources.includes(s));
  const summary = [
    `${changes.length} ${changes.length === 1 ? 'value' : 'values'} changed since revision ${latest.number}`,
    ...(arrived.length ? [`reported since: ${arrived.join(', ')}`] : []),
  ].join('; ');
  const next = revision(latest.number + 1, content, at, { at, by, reason, summary, changes });
  return { report: { ...report, revisions: [...report.revisions, next] }, revision: next };
}

export function latestRevision(report: MonthlyReportSnapshot): Revision {
  return report.revisions[report.revisions.length - 1];
}

export function revisionNumbered(report: MonthlyReportSnapshot, number: number): Revision | null {
  return report.revisions.find((r) => r.number === number) ?? null;
}

/** Where a month's report stands at `now`: open before the month closes, overdue when nothing was submitted by the due date. */
export function reportStatus(report: MonthlyReportSnapshot | null, month: string, timeZone: string, now: Date, closes: Date): ReportStatus {
  if (!report) {
    if (now.getTime() < closes.getTime()) return 'open';
    return isLate(now, month, timeZone) ? 'overdue' : 'awaiting';
  }
  return report.revisions[0].late ? 'submitted_late' : 'submitted';
}

function revision(number: number, content: MonthlyReportContent, at: Date, audit: AuditLine): Revision {
  return { number, generatedAt: at, late: isLate(at, content.month, content.timeZone), audit, content };
}

/** Every printed value that differs: report lines by key, technician cells as `technician.<id>.<column>`. */
export function changesBetween(before: MonthlyReportContent, after: MonthlyReportContent): LineChange[] {
  const changes: LineChange[] = [];
  const push = (key: string, from: number | string | null, to: number | string | null) => {
    if (from !== to) changes.push({ key, from, to });
  };
  const beforeLines = new Map(before.lines.map((l) => [l.key, l]));
  const afterKeys = new Set(after.lines.map((l) => l.key));
  for (const line of after.lines) {
    const old = beforeLines.get(line.key);
    push(line.key, ratio(old?.value ?? null, old?.numerator ?? null, old?.denominator ?? null), ratio(line.value, line.numerator, line.denominator));
  }
  for (const line of before.lines) if (!afterKeys.has(line.key)) push(line.key, ratio(line.value, line.numerator, line.denominator), null);

  const beforeTechs = new Map(before.technicians.map((t) => [t.technicianId, t]));
  const afterTechs = new Map(after.technicians.map((t) => [t.technicianId, t]));
  for (const id of [...new Set([...beforeTechs.keys(), ...afterTechs.keys()])].sort())
    for (const column of TECHNICIAN_COLUMNS) push(`technician.${id}.${column}`, cell(beforeTechs.get(id), column), cell(afterTechs.get(id), column));
  return changes;
}

const TECHNICIAN_COLUMNS = ['jobs', 'onTimeArrival', 'firstTimeFix', 'reworks', 'repeatRepairs', 'satisfaction', 'complaints'] as const;

function cell(row: TechnicianLine | undefined, column: (typeof TECHNICIAN_COLUMNS)[number]): number | string | null {
  const value = row?.[column] ?? null;
  if (value === null || typeof value === 'number') return value;
  return rateText(value);
}

/** A value with its fraction, so a changed denominator shows even when the rounded percent does not move. */
function ratio(value: number | null, numerator: number | null, denominator: number | null): number | string | null {
  return numerator === null || denominator === null ? value : `${value ?? '—'} (${numerator}/${denominator})`;
}

const rateText = (r: Rate) => `${r.percent ?? '—'} (${r.numerator}/${r.denominator})`;
