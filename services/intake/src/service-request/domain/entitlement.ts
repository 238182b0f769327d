/**
 * Entitlement check [000][004][001][002]: before routing, the product model, the service contract
 * and the warranty period are checked against the installed base (the local copy of the ERP's
 * assets). All dates of the installed base are calendar dates `YYYY-MM-DD` and are inclusive: a
 * warranty ending 2025-03-31 covers a case received on 2025-03-31 (in the tenant's time zone).
 *
 * Order of the rules:
 * 1. no installed-base record → `unknown` (flagged for the agent, no fee class)
 * 2. the case names a model and it differs from the record → `unknown` (`model_mismatch`)
 * 3. the record's purchase date lies after the case date → `unknown` (`purchase_after_case_date`)
 * 4. case date ≤ warranty end → `in_warranty`, class C (free)
 * 5. validFrom ≤ case date ≤ validTo of the service contract → `contract`, class B
 * 6. otherwise `out_of_warranty`, class A (paid, quotation), with the most telling reason
 *    (`contract_expired`, `contract_not_yet_valid`, `warranty_expired`, `no_warranty`).
 *
 * Misuse [001][002]: a case flagged as misuse is charged (class A) even in warranty or under a
 * contract; the entitlement keeps naming the coverage, the reason becomes `misuse_charged`.
 * An `unknown` entitlement stays unknown (the agent decides).
 */
import type {
  ServiceRequestEntitlement,
  ServiceRequestEntitlementReason,
  ServiceRequestFeeClassV1,
} from './service-request.events';
import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import { calendarDayOf, isCalendarDate, isValidDate } from './validation';

export type Entitlement = ServiceRequestEntitlement;
/** The fee class an entitlement decides (A, B, C); internal work's D is the case's, not the asset's (internal-work.ts). */
export type FeeClass = ServiceRequestFeeClassV1;
export type EntitlementReason = ServiceRequestEntitlementReason;

export const ENTITLEMENTS = ['in_warranty', 'contract', 'out_of_warranty', 'unknown'] as const satisfies readonly Entitlement[];
export const FEE_CLASSES = ['A', 'B', 'C'] as const satisfies readonly FeeClass[];
export const ENTITLEMENT_REASONS = [
  'warranty_valid',
  'contract_valid',
  'misuse_charged',
  'warranty_expired',
  'no_warranty',
  'contract_not_yet_valid',
  'contract_expired',
  'no_installed_base_record',
  'model_mismatch',
  'purchase_after_case_date',
  'agent_decision',
] as const satisfies readonly EntitlementReason[];

/** Fee class of each known coverage when no misuse is involved. */
export const FEE_CLASS_OF: Readonly<Record<Exclude<Entitlement, 'unknown'>, FeeClass>> = Object.freeze({
  in_warranty: 'C',
  contract: 'B',
  out_of_warranty: 'A',
});

export interface ServiceContract {
  id: string;
  /** First day covered, `YYYY-MM-DD`. */
  validFrom: string;
  /** Last day covered, `YYYY-MM-DD`. */
  validTo: string;
  /** The agreement's service level (`standard`, `premium` …); absent: standard (service-agreement.ts). */
  level?: string | null;
}

/** One asset of the installed base, as the ERP reported it. */
export interface InstalledBaseRecord {
  serialNumber: string;
  productModel: string;
  purchaseDate?: string | null;
  /** Last day of warranty, `YYYY-MM-DD`; null when the asset has no warranty on record. */
  warrantyEnd?: string | null;
  serviceContract?: ServiceContract | null;
}

export interface EntitlementInput {
  /** The installed-base record found for the case's serial number, if any. */
  installedBase: InstalledBaseRecord | null | undefined;
  /** The model named on the case; compared with the record's model (trimmed, case-insensitive). */
  productModel?: string | null;
  /** When the case was received. */
  caseDate: Date;
  /** The case is flagged as misuse. */
  misuse?: boolean;
  /** IANA zone in which the case date is read as a calendar day; default `UTC`. */
  timeZone?: string;
}

export interface EntitlementDecision {
  entitlement: Entitlement;
  /** null only when the entitlement is `unknown`. */
  feeClass: FeeClass | null;
  reason: EntitlementReason;
  /** The service contract that pays (class B), or that would have paid but for misuse. */
  contractId: string | null;
}

export function decideEntitlement(input: EntitlementInput): EntitlementDecision {
  const { installedBase: record, caseDate, misuse = false, timeZone = 'UTC' } = input;
  if (!isValidDate(caseDate)) throw invalidInstalledBase('caseDate must be a valid date');
  const caseDay = dayIn(caseDate, timeZone);

  if (!record) return unknown('no_installed_base_record');
  assertRecord(record);

  const caseModel = normalise(input.productModel);
  if (caseModel !== null && caseModel !== normalise(record.productModel)) return unknown('model_mismatch');
  if (record.purchaseDate && record.purchaseDate > caseDay) return unknown('purchase_after_case_date');

  const contract = record.serviceContract ?? null;
  let decision: EntitlementDecision;
  if (record.warrantyEnd && caseDay <= record.warrantyEnd) {
    decision = { entitlement: 'in_warranty', feeClass: 'C', reason: 'warranty_valid', contractId: null };
  } else if (contract && contract.validFrom <= caseDay && caseDay <= contract.validTo) {
    decision = { entitlement: 'contract', feeClass: 'B', reason: 'contract_valid', contractId: contract.id };
  } else {
    decision = { entitlement: 'out_of_warranty', feeClass: 'A', reason: outOfWarrantyReason(record, contract, caseDay), contractId: null };
  }
  return misuse ? applyMisuse(decision) : decision;
}

/** Misuse is charged (class A) even in warranty or under contract; unknown stays unknown. */
export function applyMisuse(decision: EntitlementDecision): EntitlementDecision {
  if (decision.entitlement === 'in_warranty' || decision.entitlement === 'contract') {
    return { ...decision, feeClass: 'A', reason: 'misuse_charged' };
  }
  return { ...decision };
}

/**
 * Throws `SERVICE_REQUEST_INVALID_ENTITLEMENT` unless the decision is one `decideEntitlement`
 * (or an agent) could make: unknown ⇔ no fee class; in_warranty → C or A; contract → B or A;
 * out_of_warranty → A.
 */
export function assertEntitlementDecision(decision: unknown): asserts decision is EntitlementDecision {
  const d = decision as Partial<EntitlementDecision> | null | undefined;
  const allowed: Record<Entitlement, readonly (FeeClass | null)[]> = {
    in_warranty: ['C', 'A'],
    contract: ['B', 'A'],
    out_of_warranty: ['A'],
    unknown: [null],
  };
  const ok =
    !!d &&
    typeof d.entitlement === 'string' &&
    (ENTITLEMENTS as readonly string[]).includes(d.entitlement) &&
    (d.feeClass === null || (typeof d.feeClass === 'string' && (FEE_CLASSES as readonly string[]).includes(d.feeClass))) &&
    allowed[d.entitlement].includes(d.feeClass ?? null) &&
    typeof d.reason === 'string' &&
    (ENTITLEMENT_REASONS as readonly string[]).includes(d.reason) &&
    (d.contractId === null || (typeof d.contractId === 'string' && d.contractId.trim().length > 0));
  if (!ok) {
    throw serviceRequestError(
      SERVICE_REQUEST_ERRORS.INVALID_ENTITLEMENT,
      `not a valid entitlement decision: ${JSON.stringify(decision)}`,
      // A well-formed decision the rules do not allow (e.g. out of warranty with fee class C): 422.
      'rule',
      { decision },
    );
  }
}

function outOfWarrantyReason(record: InstalledBaseRecord, contract: ServiceContract | null, caseDay: string): EntitlementReason {
  if (contract && caseDay < contract.validFrom) return 'contract_not_yet_valid';
  if (contract && caseDay > contract.validTo) return 'contract_expired';
  return record.warrantyEnd ? 'warranty_expired' : 'no_warranty';
}

const unknown = (reason: EntitlementReason): EntitlementDecision => ({ entitlement: 'unknown', feeClass: null, reason, contractId: null });

function normalise(value: string | null | undefined): string | null {
  const trimmed = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return trimmed.length ? trimmed : null;
}

function dayIn(instant: Date, timeZone: string): string {
  try {
    return calendarDayOf(instant, timeZone);
  } catch {
    throw invalidInstalledBase(`unknown time zone ${timeZone}`);
  }
}

function assertRecord(record: InstalledBaseRecord): void {
  const problems: string[] = [];
  if (typeof record.productModel !== 'string' || !record.productModel.trim()) problems.push('productModel is required');
  for (const field of ['purchaseDate', 'warrantyEnd'] as const) {
    const value = record[field];
    if (value !== undefined && value !== null && !isCalendarDate(value)) problems.push(`${field} must be YYYY-MM-DD`);
  }
  const contract = record.serviceContract;
  if (contract) {
    if (typeof contract.id !== 'string' || !contract.id.trim()) problems.push('serviceContract.id is required');
    if (!isCalendarDate(contract.validFrom)) problems.push('serviceContract.validFrom must be YYYY-MM-DD');
    if (!isCalendarDate(contract.validTo)) problems.push('serviceContract.validTo must be YYYY-MM-DD');
    if (isCalendarDate(contract.validFrom) && isCalendarDate(contract.validTo) && contract.validFrom > contract.validTo) {
      problems.push('serviceContract.validFrom must not be after validTo');
    }
  }
  if (problems.length) throw invalidInstalledBase(problems.join('; '));
}

const invalidInstalledBase = (message: string) =>
  serviceRequestError(SERVICE_REQUEST_ERRORS.INVALID_INSTALLED_BASE, `installed-base record is invalid: ${message}`, 'invalid', {
    problems: message.split('; '),
  });
