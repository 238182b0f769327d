import { DEFAULT_CALENDARS, type BusinessCalendar } from '@aftercare/sla';
import { isValidGeoPoint, isZone } from '../../technician/domain';
import { isNonBlank, isValidDate } from './validation';
import { startWorkOrderClocks, type NewOrderClocks } from './work-order.clocks';
import { assertNoErrors } from './work-order.errors';
import type { WorkOrderState } from './work-order.snapshot';
import {
  FEE_CLASSES,
  PRIORITIES,
  WORK_ORDER_TYPES,
  type CaseTerms,
  type Priority,
  type Product,
  type Site,
  type WorkOrderType,
} from './work-order.types';

export interface CreateWorkOrderInput extends NewOrderClocks {
  id: string;
  tenantId: string;
  caseId: string;
  type: WorkOrderType;
  priority: Priority;
  site: Site;
  product: Product;
  serialNo: string;
  requiredSkills: readonly string[];
  /**
   * The SLA clocks (libs/sla `resolveClock` for tenant, case type, priority and zone: e.g. 6
   * working hours in the city, completion 2 working days pausing in awaiting_parts), started at
   * `startedAt` (when the case was routed; default `at`) on their calendars (`calendars`, then
   * libs/sla's defaults). Or fixed deadlines (`arrivalDeadline`, `completionDeadline`: imports,
   * tests): calendar-time clocks that never pause, due at these instants.
   */
  clocks?: NewOrderClocks['clocks'];
  calendars?: readonly BusinessCalendar[];
  /**
   * The case's terms: when the customer called (default: when the clocks start), agreement (none),
   * quality problem (no), fee class (none known).
   */
  terms?: Partial<CaseTerms>;
  at?: Date;
}

/** A new order as it starts: identity, its state in `created`, and the calendars its clocks run on. */
export interface NewWorkOrder {
  id: string;
  tenantId: string;
  state: WorkOrderState;
  calendars: readonly BusinessCalendar[];
  at: Date;
}

/** The malformed fields of a new order, in the order a client fills them in. */
function inputErrors(input: CreateWorkOrderInput, at: Date): string[] {
  const errors: string[] = [];
  for (const f of ['id', 'tenantId', 'caseId', 'serialNo'] as const) if (!isNonBlank(input[f])) errors.push(f);
  if (!(WORK_ORDER_TYPES as readonly string[]).includes(input.type)) errors.push('type');
  if (!(PRIORITIES as readonly string[]).includes(input.priority)) errors.push('priority');
  if (!input.site || typeof input.site !== 'object') errors.push('site');
  else {
    if (!isNonBlank(input.site.address)) errors.push('site.address');
    if (!isValidGeoPoint({ lat: input.site.lat, lng: 0 })) errors.push('site.lat');
    if (!isValidGeoPoint({ lat: 0, lng: input.site.lng })) errors.push('site.lng');
    if (!isZone(input.site.zone)) errors.push('site.zone');
  }
  if (!input.product || typeof input.product !== 'object') errors.push('product');
  else {
    if (!isNonBlank(input.product.model)) errors.push('product.model');
    if (!isNonBlank(input.product.line)) errors.push('product.line');
  }
  if (!Array.isArray(input.requiredSkills) || !input.requiredSkills.every(isNonBlank)) errors.push('requiredSkills');
  if (!isValidDate(at)) errors.push('at');
  const terms = input.terms ?? {};
  if (terms.receivedAt !== undefined && !isValidDate(terms.receivedAt)) errors.push('terms.receivedAt');
  if (terms.feeClass !== undefined && terms.feeClass !== null && !(FEE_CLASSES as readonly string[]).includes(terms.feeClass)) errors.push('terms.feeClass');
  if (terms.serviceAgreement && !(isNonBlank(terms.serviceAgreement.id) && isNonBlank(terms.serviceAgreement.level))) errors.push('terms.serviceAgreement');
  return errors;
}

function caseTerms(input: CreateWorkOrderInput, at: Date): CaseTerms {
  const terms = input.terms ?? {};
  const agreement = terms.serviceAgreement ?? null;
  return {
    receivedAt: new Date(terms.receivedAt ?? input.clocks?.startedAt ?? at),
    serviceAgreement: agreement && {
      id: agreement.id.trim(),
      level: agreement.level.trim(),
      validFrom: agreement.validFrom ?? null,
      validTo: agreement.validTo ?? null,
    },
    qualityProblem: terms.qualityProblem === true,
    feeClass: terms.feeClass ?? null,
  };
}

/**
 * Checks a new order (every malformed field named, WORK_ORDER_INVALID) and builds its first
 * state: text trimmed, skills de-duplicated, the SLA clocks started (see `startWorkOrderClocks`).
 */
export function newWorkOrder(input: CreateWorkOrderInput, now: Date): NewWorkOrder {
  const at = input.at ?? now;
  const errors = inputErrors(input, at);
  const calendars = input.calendars ?? DEFAULT_CALENDARS;
  const clocks = startWorkOrderClocks(input, calendars, at, errors);
  assertNoErrors(errors);
  if (!clocks) throw new Error('unreachable: clocks are validated above');
  const state: WorkOrderState = {
    caseId: input.caseId.trim(),
    type: input.type,
    priority: input.priority,
    status: 'created',
    site: { address: input.site.address.trim(), lat: input.site.lat, lng: input.site.lng, zone: input.site.zone },
    product: { model: input.product.model.trim(), line: input.product.line.trim() },
    serialNo: input.serialNo.trim(),
    requiredSkills: [...new Set(input.requiredSkills.map((s) => s.trim()))],
    terms: caseTerms(input, at),
    clocks,
    arrivalDeadline: clocks.arrival.deadline as Date,
    completionDeadline: clocks.completion.deadline as Date,
    createdAt: new Date(at),
    technicianId: null,
    assignedAt: null,
    acceptedAt: null,
    appointment: null,
    departedAt: null,
    arrivedAt: null,
    startedAt: null,
    partsWaits: [],
    carryIns: [],
    report: null,
    completedAt: null,
    verification: null,
    reworks: [],
    closedAt: null,
    closedBy: null,
    cancellation: null,
    declines: [],
    assignmentDecisions: [],
    escalations: [],
    carryOverCount: 0,
    lastCarriedOverAt: null,
    arrivalBreachedAt: null,
    completionOverdueAt: null,
    arrangementOverdueAt: null,
    repeatRepair: null,
  };
  return { id: input.id.trim(), tenantId: input.tenantId.trim(), state, calendars, at };
}
