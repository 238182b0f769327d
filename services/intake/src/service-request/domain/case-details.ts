import { invalidFields } from '@aftercare/ddd';
/**
 * The case's details — customer, product, problem, attachments, preferred time, type — as a
 * channel delivers them, as the agent corrects them, and what registration needs of them.
 *
 * Inputs follow one convention: a field left undefined keeps its value, null or '' clears it.
 */
import { type FieldError, SERVICE_REQUEST_ERRORS, attachmentIdsTaken, incomplete, preferredTimeReversed, serviceRequestError } from './service-request.errors';
import type { DetailsChanged, InformationAdded } from './service-request.facts';
import { DETAIL_GROUPS } from './service-request.facts';
import type { ServiceRequestState } from './service-request.state';
import { assertInStateCommand } from './service-request.state-machine';
import {
  type Attachment,
  type Channel,
  type CustomerSnapshot,
  type InformationNote,
  type PreferredTime,
  type ProductInfo,
  type RequestType,
  CHANNELS,
  REQUEST_TYPES,
  ZONES,
  isFieldServiceType,
  isProductType,
} from './service-request.types';
import {
  FieldErrors,
  instantOrNow,
  optionalCalendarDate,
  optionalEmail,
  optionalEnum,
  optionalInstant,
  optionalText,
  requiredEnum,
  requiredInstant,
  requiredText,
} from './validation';

export interface CustomerInput {
  customerId?: string | null;
  name?: string | null;
  contactPerson?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  zone?: CustomerSnapshot['zone'];
}

export interface ProductInput {
  model?: string | null;
  serialNumber?: string | null;
  /** `YYYY-MM-DD` */
  purchaseDate?: string | null;
}

export interface PreferredTimeInput {
  from: Date;
  to?: Date | null;
}

/** What a channel delivered; anything may still be missing until registration. */
export interface ReceiveServiceRequestInput {
  id: string;
  tenantId: string;
  channel: Channel;
  /** Default: now. */
  receivedAt?: Date;
  /** The id the request has in the system it came from (CRM request id, CTI call id…). */
  externalRef?: string | null;
  customer?: CustomerInput;
  product?: ProductInput;
  problemDescription?: string | null;
  attachments?: readonly Attachment[];
  requestedType?: RequestType | null;
  preferredTime?: PreferredTimeInput | null;
}

export interface UpdateDetailsCommand {
  customer?: CustomerInput;
  product?: ProductInput;
  problemDescription?: string | null;
  preferredTime?: PreferredTimeInput | null;
  /** Cannot change once the case has been routed. */
  requestedType?: RequestType;
  externalRef?: string | null;
  at?: Date;
}

export interface AddInformationCommand {
  text?: string | null;
  attachments?: readonly Attachment[];
  addedBy?: string | null;
  at?: Date;
}

export const EMPTY_CUSTOMER: CustomerSnapshot = Object.freeze({
  customerId: null,
  name: null,
  contactPerson: null,
  phone: null,
  email: null,
  address: null,
  zone: null,
});

export const EMPTY_PRODUCT: ProductInfo = Object.freeze({ model: null, serialNumber: null, purchaseDate: null });

/** A new case in status `received` from what the channel delivered (every bad field reported at once). */
export function receivedState(input: ReceiveServiceRequestInput): ServiceRequestState {
  const errors = new FieldErrors();
  const id = requiredText(input.id, 'id', errors);
  const tenantId = requiredText(input.tenantId, 'tenantId', errors);
  const channel = requiredEnum(input.channel, CHANNELS, 'channel', errors);
  const receivedAt = input.receivedAt === undefined ? new Date() : requiredInstant(input.receivedAt, 'receivedAt', errors);
  const customer = mergeCustomer(EMPTY_CUSTOMER, input.customer ?? {}, errors);
  const product = mergeProduct(EMPTY_PRODUCT, input.product ?? {}, errors);
  const problemDescription = optionalText(input.problemDescription, 'problemDescription', errors);
  const attachments = parseAttachments(input.attachments ?? [], 'attachments', errors);
  const requestedType = optionalEnum(input.requestedType, REQUEST_TYPES, 'requestedType', errors);
  const preferredTime = parsePreferredTime(input.preferredTime, errors);
  const externalRef = optionalText(input.externalRef, 'externalRef', errors);
  errors.throwIfAny();
  assertPreferredTimeInOrder(preferredTime);
  assertAttachmentIdsFree(attachments, [], 'attachments');
  return {
    id,
    tenantId,
    status: 'received',
    channel,
    externalRef,
    receivedAt,
    registeredAt: null,
    acknowledgedAt: null,
    customer,
    product,
    problemDescription,
    attachments,
    requestedType,
    preferredTime,
    classification: null,
    entitlement: null,
    serviceAgreement: null,
    misuse: false,
    qualityProblem: false,
    internalWork: false,
    routing: null,
    work: [],
    resolution: null,
    confirmation: null,
    closure: null,
    cancellation: null,
    rejection: null,
    escalation: null,
    slaBreaches: [],
    duplicates: [],
    notes: [],
    reopenings: [],
    answer: null,
    review: null,
  };
}

/**
 * Corrects or completes the details before the case is resolved; no fact when nothing changed.
 * The type is locked once routed; after registration the case must stay complete.
 */
export function updateDetails(s: ServiceRequestState, cmd: UpdateDetailsCommand): DetailsChanged[] {
  const at = instantOrNow(cmd.at);
  assertInStateCommand(s.status, 'updateDetails');
  const errors = new FieldErrors();
  const next = {
    customer: cmd.customer ? mergeCustomer(s.customer, cmd.customer, errors) : s.customer,
    product: cmd.product ? mergeProduct(s.product, cmd.product, errors) : s.product,
    problemDescription:
      cmd.problemDescription === undefined ? s.problemDescription : optionalText(cmd.problemDescription, 'problemDescription', errors),
    preferredTime: cmd.preferredTime === undefined ? s.preferredTime : parsePreferredTime(cmd.preferredTime, errors),
    requestedType: cmd.requestedType === undefined ? s.requestedType : requiredEnum(cmd.requestedType, REQUEST_TYPES, 'requestedType', errors),
    externalRef: cmd.externalRef === undefined ? s.externalRef : optionalText(cmd.externalRef, 'externalRef', errors),
  };
  errors.throwIfAny();
  if (cmd.preferredTime !== undefined) assertPreferredTimeInOrder(next.preferredTime);

  const changed = DETAIL_GROUPS.filter((group) => !sameValue(s[group], next[group]));
  if (!changed.length) return [];
  if (changed.includes('requestedType') && s.routing) {
    throw typeLocked(s);
  }
  if (s.status !== 'received') {
    const missing = missingForRegistration({ ...s, ...next });
    if (missing.length) throw incomplete(missing);
  }
  Object.assign(s, next);
  return [{ kind: 'detailsChanged', at, changed }];
}

/** Information (a note and/or attachments) arriving after the case was taken. */
export function addInformation(s: ServiceRequestState, cmd: AddInformationCommand): InformationAdded[] {
  const at = instantOrNow(cmd.at);
  assertInStateCommand(s.status, 'addInformation');
  const errors = new FieldErrors();
  const text = optionalText(cmd.text, 'text', errors);
  const attachments = parseAttachments(cmd.attachments ?? [], 'attachments', errors);
  const addedBy = optionalText(cmd.addedBy, 'addedBy', errors);
  errors.throwIfAny();
  // Each field is well formed, and optional on its own: needing one of the two is a rule (422).
  if (text === null && attachments.length === 0) {
    throw invalidFields(SERVICE_REQUEST_ERRORS.INVALID, 'service request input is invalid', [{ field: 'text', message: 'or attachments are required' }], 'rule');
  }
  assertAttachmentIdsFree(attachments, s.attachments, 'attachments');
  const note: InformationNote = { text, attachmentIds: attachments.map((a) => a.id), addedBy, addedAt: at, sourceCaseId: null };
  s.notes.push(note);
  s.attachments.push(...attachments);
  return [{ kind: 'informationAdded', at, note: { ...note, attachmentIds: [...note.attachmentIds] }, attachmentCount: attachments.length }];
}

/** Registration fields by source [004][000]; site address and zone for field service. */
export function missingForRegistration(details: Pick<ServiceRequestState, 'customer' | 'product' | 'problemDescription' | 'requestedType'>): string[] {
  const missing: string[] = [];
  const { customer, product, requestedType } = details;
  if (!customer.name) missing.push('customer.name');
  if (!customer.phone && !customer.email) missing.push('customer.phone|customer.email');
  if (!details.problemDescription) missing.push('problemDescription');
  if (!requestedType) missing.push('requestedType');
  if (requestedType && isFieldServiceType(requestedType)) {
    if (!customer.address) missing.push('customer.address');
    if (!customer.zone) missing.push('customer.zone');
  }
  if (requestedType && isProductType(requestedType) && !product.model) missing.push('product.model');
  return missing;
}

/** Attachment references as given: id, name and uri required (not blank), content type optional. */
export function parseAttachments(input: readonly Attachment[], field: string, errors: FieldErrors): Attachment[] {
  if (!Array.isArray(input)) {
    errors.add(field, 'must be a list');
    return [];
  }
  return input.map((raw, index) => {
    const at = `${field}[${index}]`;
    const id = requiredText(raw?.id, `${at}.id`, errors);
    const name = requiredText(raw?.name, `${at}.name`, errors);
    const uri = requiredText(raw?.uri, `${at}.uri`, errors);
    const contentType = optionalText(raw?.contentType, `${at}.contentType`, errors);
    return contentType ? { id, name, uri, contentType } : { id, name, uri };
  });
}

/**
 * Attachment ids are unique within a case: a new attachment may reuse neither an id the case
 * holds (`existing`) nor one given earlier in the same input. A rule, not a shape (422
 * SERVICE_REQUEST_ATTACHMENT_ID_TAKEN, every offending item named): whether an id is taken depends
 * on the case, and "unique by id" is beyond what a request schema can say.
 */
export function assertAttachmentIdsFree(attachments: readonly Attachment[], existing: readonly Attachment[], field: string): void {
  const held = new Set(existing.map((a) => a.id));
  const seen = new Set<string>();
  const taken: FieldError[] = [];
  attachments.forEach(({ id }, index) => {
    if (held.has(id)) taken.push({ field: `${field}[${index}].id`, message: `the case already holds attachment ${id}` });
    else if (seen.has(id)) taken.push({ field: `${field}[${index}].id`, message: `attachment ${id} is given twice` });
    seen.add(id);
  });
  if (taken.length) throw attachmentIdsTaken(taken);
}

function mergeCustomer(base: CustomerSnapshot, input: CustomerInput, errors: FieldErrors): CustomerSnapshot {
  const given = <K extends keyof CustomerInput>(key: K) => input[key] !== undefined;
  return {
    customerId: given('customerId') ? optionalText(input.customerId, 'customer.customerId', errors) : base.customerId,
    name: given('name') ? optionalText(input.name, 'customer.name', errors) : base.name,
    contactPerson: given('contactPerson') ? optionalText(input.contactPerson, 'customer.contactPerson', errors) : base.contactPerson,
    phone: given('phone') ? optionalText(input.phone, 'customer.phone', errors) : base.phone,
    email: given('email') ? optionalEmail(input.email, 'customer.email', errors) : base.email,
    address: given('address') ? optionalText(input.address, 'customer.address', errors) : base.address,
    zone: given('zone') ? optionalEnum(input.zone, ZONES, 'customer.zone', errors) : base.zone,
  };
}

function mergeProduct(base: ProductInfo, input: ProductInput, errors: FieldErrors): ProductInfo {
  return {
    model: input.model !== undefined ? optionalText(input.model, 'product.model', errors) : base.model,
    serialNumber: input.serialNumber !== undefined ? optionalText(input.serialNumber, 'product.serialNumber', errors) : base.serialNumber,
    purchaseDate:
      input.purchaseDate !== undefined ? optionalCalendarDate(input.purchaseDate, 'product.purchaseDate', errors) : base.purchaseDate,
  };
}

function parsePreferredTime(input: PreferredTimeInput | null | undefined, errors: FieldErrors): PreferredTime | null {
  if (input === undefined || input === null) return null;
  const from = requiredInstant(input.from, 'preferredTime.from', errors);
  const to = optionalInstant(input.to, 'preferredTime.to', errors);
  return { from, to };
}

/**
 * A preferred window ends no earlier than it starts: a rule across two well-formed fields (422
 * SERVICE_REQUEST_PREFERRED_TIME_REVERSED), checked after every shape error, as a schema cannot
 * compare two fields.
 */
function assertPreferredTimeInOrder(preferredTime: PreferredTime | null): void {
  if (preferredTime?.to && preferredTime.to.getTime() < preferredTime.from.getTime())
    throw preferredTimeReversed();
}

/** Plain-data equality (the state holds nothing else). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function typeLocked(s: ServiceRequestState) {
  return serviceRequestError(
    SERVICE_REQUEST_ERRORS.TYPE_LOCKED,
    `service request ${s.id} was routed as ${s.requestedType}; the type can no longer change`,
    'conflict',
    { requestedType: s.requestedType },
  );
}
