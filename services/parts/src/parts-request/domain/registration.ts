import { invalidFields, type FieldError } from '@aftercare/ddd';
import { PRIORITIES, type Priority } from '../../stock/domain';
import { PARTS_REQUEST_ERRORS } from './parts-request.errors';
import type { PartsRequestLine, PartsRequestOrigin, PartsRequestState } from './parts-request.state';

/** What the catalogue says about a part number (looked up by the use case). */
export interface CataloguePart {
  partNo: string;
  name: string;
  specification: string | null;
  material: string | null;
  substitutes: string[];
  standardCost: number | null;
}

export interface RequestedLine {
  partNo?: string | null;
  name?: string | null;
  specification?: string | null;
  material?: string | null;
  quantity?: number | null;
  allowSubstitutes?: boolean | null;
}

export interface RequestPartsCommand {
  priority?: string | null;
  warehouseId?: string | null;
  caseId?: string | null;
  workOrderId?: string | null;
  awaitingRound?: string | null;
  lines?: RequestedLine[] | null;
  neededBy?: Date | null;
  customer?: { customerId?: string | null; name?: string | null } | null;
  originalPlanNo?: string | null;
  shipTo?: { address?: string | null; consignee?: string | null; phone?: string | null } | null;
  requiredShipDate?: string | null;
  requiredArrivalDate?: string | null;
  origin: PartsRequestOrigin;
  requestedBy: string;
  at: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const blank = (value: string | null | undefined): boolean => value === undefined || value === null || value.trim() === '';
const filled = (value: string | null | undefined): value is string => !blank(value);

/**
 * The fields of the procedure's request (source 001 §6, steps 1 and 3): the part (a catalogue
 * number, or name + specification + material), quantity, needed-by date, customer, ship-to
 * address, consignee and phone. A request from a work order (dispatch's awaiting-parts) stands
 * for its case: the customer is the case's, the consignee is the technician and dispatch has
 * their phone, so those may be absent there. Every missing field is named at once (422).
 */
export function registerRequest(command: RequestPartsCommand, catalogue: ReadonlyMap<string, CataloguePart>): PartsRequestState {
  const missing: string[] = [];
  const invalid: FieldError[] = [];
  const fromWorkOrder = command.origin === 'work_order';
  const { warehouseId, neededBy } = command;
  const { address, consignee } = command.shipTo ?? {};
  if (blank(warehouseId)) missing.push('warehouseId');
  if (!neededBy) missing.push('neededBy');
  if (!fromWorkOrder && blank(command.customer?.name)) missing.push('customer.name');
  if (blank(address)) missing.push('shipTo.address');
  if (blank(consignee)) missing.push('shipTo.consignee');
  if (!fromWorkOrder && blank(command.shipTo?.phone)) missing.push('shipTo.phone');
  if (command.priority && !(PRIORITIES as readonly string[]).includes(command.priority)) invalid.push({ field: 'priority', message: `must be one of ${PRIORITIES.join(', ')}` });
  for (const field of ['requiredShipDate', 'requiredArrivalDate'] as const) {
    const value = command[field];
    if (value && !DATE.test(value)) invalid.push({ field, message: 'must be a date YYYY-MM-DD' });
  }
  const lines = command.lines ?? [];
  if (lines.length === 0) missing.push('lines');
  const built: PartsRequestLine[] = lines.map((line, index) => {
    const at = `lines[${index}]`;
    const known = line.partNo ? catalogue.get(line.partNo) : undefined;
    if (line.quantity === undefined || line.quantity === null) missing.push(`${at}.quantity`);
    else if (!Number.isInteger(line.quantity) || line.quantity < 1) invalid.push({ field: `${at}.quantity`, message: 'must be a whole number of at least 1' });
    // A part the catalogue does not know is described the way the procedure's form asks; dispatch
    // names a part by its number, which the warehouse knows even when the catalogue does not yet.
    if (!known && !(fromWorkOrder && line.partNo)) {
      if (blank(line.name)) missing.push(`${at}.name`);
      if (blank(line.specification)) missing.push(`${at}.specification`);
      if (blank(line.material)) missing.push(`${at}.material`);
    }
    return {
      lineNo: index + 1,
      partNo: line.partNo ?? null,
      name: line.name ?? known?.name ?? line.partNo ?? '',
      specification: line.specification ?? known?.specification ?? null,
      material: line.material ?? known?.material ?? null,
      quantity: line.quantity ?? 0,
      allowSubstitutes: line.allowSubstitutes ?? false,
      substitutes: known?.substitutes ?? [],
      unitCost: known?.standardCost ?? 0,
      reserved: [],
      purchaseRequest: null,
    };
  });
  // Each blank one is in `missing` already; checked again so the compiler knows them set below.
  if (missing.length || !filled(warehouseId) || !neededBy || !filled(address) || !filled(consignee)) {
    throw invalidFields(PARTS_REQUEST_ERRORS.INCOMPLETE, 'parts request incomplete', [
      ...missing.map((field) => ({ field, message: 'is required' })),
      ...invalid,
    ]);
  }
  if (invalid.length) throw invalidFields(PARTS_REQUEST_ERRORS.INVALID, 'parts request invalid', invalid, 'invalid');
  return {
    status: 'requested',
    priority: (command.priority as Priority | null | undefined) ?? 'P3',
    warehouseId,
    caseId: command.caseId ?? null,
    workOrderId: command.workOrderId ?? null,
    awaitingRound: command.awaitingRound ?? null,
    lines: built,
    neededBy,
    customer: { customerId: command.customer?.customerId ?? null, name: command.customer?.name ?? null },
    originalPlanNo: command.originalPlanNo ?? null,
    shipTo: { address, consignee, phone: command.shipTo?.phone ?? null },
    requiredShipDate: command.requiredShipDate ?? null,
    requiredArrivalDate: command.requiredArrivalDate ?? null,
    origin: command.origin,
    requestedBy: command.requestedBy,
    requestedAt: command.at,
    shipment: null,
    delivery: null,
    announcedDelayUntil: null,
    cancellation: null,
    closedAt: null,
  };
}
