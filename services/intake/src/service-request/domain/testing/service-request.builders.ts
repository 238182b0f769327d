/**
 * Test data for the service-request specs (pure, no I/O). Every step happens at a fixed time so
 * event data can be asserted exactly.
 */
import { DomainError } from '@aftercare/ddd';
import type { ReceiveServiceRequestInput } from '../case-details';
import type { EntitlementDecision } from '../entitlement';
import { ServiceRequest } from '../service-request';
import { SERVICE_REQUEST_EVENT_TYPES } from '../service-request.events';
import type { ServiceRequestFactKind } from '../service-request.facts';
import type { ServiceRequestState } from '../service-request.state';

export const T0 = new Date('2025-03-10T08:00:00.000Z');
export const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);
export const hours = (n: number): Date => new Date(T0.getTime() + n * 3_600_000);
export const days = (n: number): Date => new Date(T0.getTime() + n * 86_400_000);

export const IN_WARRANTY: EntitlementDecision = { entitlement: 'in_warranty', feeClass: 'C', reason: 'warranty_valid', contractId: null };
export const UNDER_CONTRACT: EntitlementDecision = { entitlement: 'contract', feeClass: 'B', reason: 'contract_valid', contractId: 'SC-9' };
export const UNKNOWN: EntitlementDecision = { entitlement: 'unknown', feeClass: null, reason: 'no_installed_base_record', contractId: null };

export function receiveInput(overrides: Partial<ReceiveServiceRequestInput> = {}): ReceiveServiceRequestInput {
  return {
    id: 'case-1',
    tenantId: 'tenant-a',
    channel: 'crm',
    receivedAt: T0,
    externalRef: 'CRM-4711',
    customer: {
      customerId: 'cust-7',
      name: 'Acme Pumps Ltd',
      contactPerson: 'Li Wei',
      phone: '+86 21 5555 0101',
      email: 'li.wei@acme.example',
      address: '12 Harbour Road, Shanghai',
      zone: 'city',
    },
    product: { model: 'P-200', serialNumber: 'SN-0001', purchaseDate: '2024-06-01' },
    problemDescription: 'Pump leaks at the shaft seal',
    attachments: [{ id: 'att-1', name: 'leak.jpg', uri: 'https://files.example/att-1', contentType: 'image/jpeg' }],
    requestedType: 'repair',
    preferredTime: { from: new Date('2025-03-11T01:00:00.000Z'), to: new Date('2025-03-11T09:00:00.000Z') },
    ...overrides,
  };
}

export const received = (overrides: Partial<ReceiveServiceRequestInput> = {}): ServiceRequest =>
  ServiceRequest.receive(receiveInput(overrides));

export function registered(overrides: Partial<ReceiveServiceRequestInput> = {}, entitlement = IN_WARRANTY): ServiceRequest {
  const c = received(overrides);
  c.register({ severity: 'major', urgency: 'high', entitlement, at: minutes(1) });
  return c;
}

export function acknowledged(overrides: Partial<ReceiveServiceRequestInput> = {}, entitlement = IN_WARRANTY): ServiceRequest {
  const c = registered(overrides, entitlement);
  c.acknowledge({ at: minutes(2) });
  return c;
}

export function routed(overrides: Partial<ReceiveServiceRequestInput> = {}, entitlement = IN_WARRANTY): ServiceRequest {
  const c = acknowledged(overrides, entitlement);
  c.route({ at: minutes(3) });
  return c;
}

export function inProgress(overrides: Partial<ReceiveServiceRequestInput> = {}): ServiceRequest {
  const c = routed(overrides);
  c.startWork({ kind: 'work_order', reference: 'wo-1', at: minutes(30) });
  return c;
}

export function resolved(overrides: Partial<ReceiveServiceRequestInput> = {}): ServiceRequest {
  const c = inProgress(overrides);
  c.completeWork({ reference: 'wo-1', at: hours(5) });
  c.resolve({ summary: 'Seal replaced', at: hours(5) });
  return c;
}

export function confirmed(overrides: Partial<ReceiveServiceRequestInput> = {}): ServiceRequest {
  const c = resolved(overrides);
  c.confirm({ at: hours(6) });
  return c;
}

export function closed(overrides: Partial<ReceiveServiceRequestInput> = {}): ServiceRequest {
  const c = confirmed(overrides);
  c.close({ reason: 'survey_completed', at: days(2) });
  return c;
}

export function reopened(overrides: Partial<ReceiveServiceRequestInput> = {}): ServiceRequest {
  const c = resolved(overrides);
  c.reopen({ reason: 'customer_dispute', note: 'Still leaking', at: hours(8) });
  return c;
}

export function rejected(overrides: Partial<ReceiveServiceRequestInput> = {}): ServiceRequest {
  const c = received(overrides);
  c.reject({ note: 'Not our product', at: minutes(1) });
  return c;
}

export function cancelled(overrides: Partial<ReceiveServiceRequestInput> = {}): ServiceRequest {
  const c = received(overrides);
  c.cancel({ reason: 'Customer fixed it', cancelledBy: 'customer', at: minutes(1) });
  return c;
}

export function cancelledInProgress(overrides: Partial<ReceiveServiceRequestInput> = {}): ServiceRequest {
  const c = inProgress(overrides);
  c.cancel({ reason: 'Customer sold the machine', cancelledBy: 'customer', at: hours(1) });
  return c;
}

/** The event data recorded since `from` (default: all pending). */
export const eventsOf = (c: ServiceRequest, from = 0) => c.pendingEvents.slice(from);
const SHORT_NAME_OF_TYPE = new Map<string, string>(Object.entries(SERVICE_REQUEST_EVENT_TYPES).map(([name, type]) => [type, name]));
/** The public events recorded, by their short name in the contract (`registered`, `duplicateLinked`…). */
export const eventTypes = (c: ServiceRequest): string[] => c.pendingEvents.map((e) => SHORT_NAME_OF_TYPE.get(e.type) ?? e.type);
/** The domain facts recorded, by kind. */
export const factKinds = (c: ServiceRequest, from = 0): ServiceRequestFactKind[] => c.pendingFacts.slice(from).map((f) => f.kind);
export const lastFact = (c: ServiceRequest) => c.pendingFacts[c.pendingFacts.length - 1];
export const lastEvent = (c: ServiceRequest) => c.pendingEvents[c.pendingEvents.length - 1];

/** The plain state of a case, for the rule modules' own specs (they work on state, not on the aggregate). */
export function stateOf(c: ServiceRequest): ServiceRequestState {
  const { version: _version, handledMessageIds: _handled, ...state } = c.toSnapshot();
  return state;
}

/** The code of the domain error `run` throws (undefined when it throws none). */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
  return undefined;
}
