import { DomainError } from '@aftercare/ddd';
import {
  isNonBlank,
  isNonNegativeNumber,
  isValidDate,
  normalisePartsReplaced,
  partsReplacedErrors,
  signatureErrors,
  trimOrNull,
} from './validation';
import { assertNoErrors, WorkOrderErrors } from './work-order.errors';
import type { CarryIn, CustomerSignature, PartReplaced } from './work-order.types';

/**
 * The carry-in workshop (客户商品领取收据 → 修护卡 → 服务主任 sign-off → return): an item that
 * cannot be fixed on site goes to the workshop against a receipt, gets a repair card, is inspected
 * by the supervisor and goes back to the customer, who signs. Each step is a pure function from the
 * carry-in as it stood to the carry-in after it; the work order moves its state and records the fact.
 */

export interface TakeInInput {
  receiptNo: string;
  promisedReturnDate: Date;
}

export interface RepairCardInput {
  actualHours: number;
  parts: readonly PartReplaced[];
  notes?: string | null;
}

export interface InspectionInput {
  inspectedBy: string;
  remarks?: string | null;
}

/** The item is taken to the workshop by the technician holding the order; the return is promised for a date not in the past. */
export function takeIn(input: TakeInInput, technicianId: string, at: Date): CarryIn {
  const errors: string[] = [];
  if (!isNonBlank(input.receiptNo)) errors.push('receiptNo');
  if (!isValidDate(input.promisedReturnDate) || input.promisedReturnDate < at) errors.push('promisedReturnDate');
  assertNoErrors(errors);
  return {
    receiptNo: input.receiptNo.trim(),
    takenAt: at,
    promisedReturnDate: new Date(input.promisedReturnDate),
    technicianId,
    repairCard: null,
    inspection: null,
    returnedAt: null,
    returnSignature: null,
  };
}

/** The repair card (修护卡): actual hours so far (≥ 0) and the parts fitted, as a whole — each update replaces it. */
export function writeRepairCard(carryIn: CarryIn, input: RepairCardInput, at: Date): CarryIn {
  assertNoErrors([...(isNonNegativeNumber(input.actualHours) ? [] : ['actualHours']), ...partsReplacedErrors(input.parts, 'parts')]);
  return {
    ...carryIn,
    repairCard: { actualHours: input.actualHours, parts: normalisePartsReplaced(input.parts), notes: trimOrNull(input.notes), updatedAt: at },
  };
}

/** The supervisor inspects and signs the repair off; there must be a repair card to sign (422 otherwise). */
export function inspectRepair(carryIn: CarryIn, input: InspectionInput, at: Date): CarryIn {
  assertNoErrors(isNonBlank(input.inspectedBy) ? [] : ['inspectedBy']);
  if (!carryIn.repairCard)
    throw new DomainError(
      WorkOrderErrors.REPAIR_CARD_MISSING,
      'The repair card (hours and parts) must be filled before the inspection',
      'rule',
      { receiptNo: carryIn.receiptNo },
    );
  return { ...carryIn, inspection: { inspectedBy: input.inspectedBy.trim(), inspectedAt: at, remarks: trimOrNull(input.remarks) } };
}

/** The item goes back to the customer, who signs for it; the receipt is void from then on. */
export function returnToCustomer(carryIn: CarryIn, signature: CustomerSignature, at: Date): CarryIn {
  assertNoErrors(signatureErrors(signature, 'signature'));
  return {
    ...carryIn,
    returnedAt: at,
    returnSignature: { name: signature.name.trim(), signedAt: new Date(signature.signedAt), signatureRef: signature.signatureRef.trim() },
  };
}

/** Returned after the date promised on the receipt. */
export function returnedLate(carryIn: CarryIn): boolean {
  return carryIn.returnedAt !== null && carryIn.returnedAt > carryIn.promisedReturnDate;
}
