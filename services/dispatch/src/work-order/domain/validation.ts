import type { PartNeeded, PartReplaced } from './work-order.types';

export function isNonBlank(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

export function isValidDate(v: unknown): v is Date {
  return v instanceof Date && !Number.isNaN(v.getTime());
}

export function isNonNegativeNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

export function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Field errors of a list of parts needed; `[]` is not a valid request for parts. */
export function partsNeededErrors(parts: unknown, path = 'parts'): string[] {
  if (!Array.isArray(parts) || parts.length === 0) return [path];
  const errors: string[] = [];
  parts.forEach((p: unknown, i) => {
    const r = asRecord(p);
    if (!r) return errors.push(`${path}[${i}]`);
    if (!isNonBlank(r.partNo)) errors.push(`${path}[${i}].partNo`);
    if (!isPositiveInteger(r.quantity)) errors.push(`${path}[${i}].quantity`);
    if (r.description !== undefined && typeof r.description !== 'string') errors.push(`${path}[${i}].description`);
  });
  return errors;
}

/** Field errors of a list of parts replaced; `[]` (no parts) is valid. */
export function partsReplacedErrors(parts: unknown, path: string): string[] {
  if (!Array.isArray(parts)) return [path];
  const errors: string[] = [];
  parts.forEach((p: unknown, i) => {
    const r = asRecord(p);
    if (!r) return errors.push(`${path}[${i}]`);
    if (!isNonBlank(r.partNo)) errors.push(`${path}[${i}].partNo`);
    if (!isPositiveInteger(r.quantity)) errors.push(`${path}[${i}].quantity`);
    for (const f of ['serialOut', 'serialIn'] as const)
      if (r[f] !== undefined && !isNonBlank(r[f])) errors.push(`${path}[${i}].${f}`);
  });
  return errors;
}

export function normalisePartsNeeded(parts: readonly PartNeeded[]): PartNeeded[] {
  return parts.map((p) => ({
    partNo: p.partNo.trim(),
    quantity: p.quantity,
    ...(p.description !== undefined && p.description.trim() !== '' ? { description: p.description.trim() } : {}),
  }));
}

export function normalisePartsReplaced(parts: readonly PartReplaced[]): PartReplaced[] {
  return parts.map((p) => ({
    partNo: p.partNo.trim(),
    quantity: p.quantity,
    ...(p.serialOut !== undefined ? { serialOut: p.serialOut.trim() } : {}),
    ...(p.serialIn !== undefined ? { serialIn: p.serialIn.trim() } : {}),
  }));
}

export function signatureErrors(sig: unknown, path: string): string[] {
  const r = asRecord(sig);
  if (!r) return [path];
  const errors: string[] = [];
  if (!isNonBlank(r.name)) errors.push(`${path}.name`);
  if (!isValidDate(r.signedAt)) errors.push(`${path}.signedAt`);
  if (!isNonBlank(r.signatureRef)) errors.push(`${path}.signatureRef`);
  return errors;
}

/** Trimmed text, or null for absent or blank text. */
export function trimOrNull(s: string | null | undefined): string | null {
  return s && s.trim() ? s.trim() : null;
}
