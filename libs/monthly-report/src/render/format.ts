/** How the report prints its values, shared by the PDF and the workbook so both read the same. */
import type { ReportLine, Section } from '../domain/compose';
import type { Rate } from '../domain/rate';

export const NOT_REPORTED = 'not reported';

export const SECTION_TITLES: Record<Section, string> = {
  costs: 'Costs (source 001 §7)',
  rates: 'Rates',
  quality_claims: 'Quality claims and late replies (source 001 §1.8, §3)',
  satisfaction: 'Satisfaction (top two of four levels)',
};

/** Minor units as major with two decimals and thousands separators: 6095050 → "60,950.50". */
export function money(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  const major = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${major}.${String(abs % 100).padStart(2, '0')}`;
}

export function percentText(percent: number | null): string {
  return percent === null ? '—' : `${percent.toFixed(1)} %`;
}

export function rateText(r: Rate | null): string {
  return r === null ? NOT_REPORTED : `${percentText(r.percent)} (${r.numerator} / ${r.denominator})`;
}

export function lineValueText(line: ReportLine, currency: string): string {
  // A rate whose owner reported nothing to rate (0 / 0) has no value but was reported: its fraction says so.
  if (line.unit === 'percent' && line.numerator !== null && line.denominator !== null) return `${percentText(line.value)} (${line.numerator} / ${line.denominator})`;
  if (line.value === null) return NOT_REPORTED;
  switch (line.unit) {
    case 'money':
      return `${currency} ${money(line.value)}`;
    case 'per_day':
      return `${line.value.toFixed(2)} (${line.numerator} / ${line.denominator})`;
    default:
      return String(line.value);
  }
}

export function targetText(line: ReportLine): string {
  if (line.targetPercent === null) return '';
  const verdict = line.meetsTarget === null ? '' : line.meetsTarget ? ' met' : ' missed';
  return `target ${line.targetPercent} %${verdict}`;
}
