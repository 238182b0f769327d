/**
 * The service agreement a case runs under: the installed base's service contract that covers the
 * asset on the day the customer called (source 000 §1.1: 服务协议和保修期限). Its level selects the
 * tenant's SLA policies — a premium agreement is answered within 8 h, a standard one within 24 h
 * (source 003 §1.1, §3; source 001 §3). It is independent of the fee class: an asset still in
 * warranty is repaired free (class C), and its premium contract still shortens the reply clock.
 */
import type { InstalledBaseRecord } from './entitlement';
import { calendarDayOf } from './validation';

export interface ServiceAgreement {
  /** The service contract id. */
  id: string;
  /** e.g. `standard`, `premium`: the key of the tenant's agreement policies. */
  level: string;
  /** First and last day covered, `YYYY-MM-DD`. */
  validFrom: string | null;
  validTo: string | null;
}

/** A contract the ERP sends without a level is an ordinary one (design). */
export const DEFAULT_AGREEMENT_LEVEL = 'standard';

/**
 * The agreement covering the asset on the case's calendar day (in `timeZone`), or null: no
 * record, no contract, or a contract not valid that day. Dates are inclusive, as in entitlement.ts.
 */
export function serviceAgreementOf(
  record: InstalledBaseRecord | null | undefined,
  caseDate: Date,
  timeZone = 'UTC',
): ServiceAgreement | null {
  const contract = record?.serviceContract;
  if (!contract) return null;
  const day = calendarDayOf(caseDate, timeZone);
  if (day < contract.validFrom || day > contract.validTo) return null;
  const level = typeof contract.level === 'string' && contract.level.trim() ? contract.level.trim().toLowerCase() : DEFAULT_AGREEMENT_LEVEL;
  return { id: contract.id, level, validFrom: contract.validFrom, validTo: contract.validTo };
}
