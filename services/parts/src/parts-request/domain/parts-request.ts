import { AggregateRoot, type DomainEvent } from '@aftercare/ddd';
import { NOTIFICATION_REQUESTED_V1, PURCHASE_REQUEST_REQUESTED_V1, TOPICS, type NotificationRequestedV1 } from '@aftercare/contracts';
import { applyAllocation, reservedParts, type LineReservation } from './allocation-rules';
import { followPurchase } from './delay';
import {
  cancelRequest,
  closeRequest,
  costsOf,
  deliverParts,
  packParts,
  pickParts,
  reviseEta,
  settleCarrierClaim,
  shipParts,
  takeFromVan,
  vanPickParts,
  type ReceivedCount,
  type ShipCommand,
} from './fulfilment';
import { purchaseRequestEvent, toPartsRequestEvent } from './parts-request.event-mapper';
import type { PartsRequestFact } from './parts-request.facts';
import { demandIdOf, shortfallOf, type PartCount, type PartsRequestLine, type PartsRequestSnapshot, type PartsRequestState, type ReservedPart } from './parts-request.state';
import type { ErpPurchaseStatus } from './parts-request.types';
import { partsRequestStateMachine } from './parts-request.state-machine';
import { registerRequest, type CataloguePart, type RequestPartsCommand } from './registration';

/** A message that leaves with the request's next save but on another topic (the ERP's, the notification gateway's). */
export interface OutboundMessage {
  topic: string;
  type: string;
  data: unknown;
  caseId?: string;
  subject: string;
}

/**
 * A request for spare parts, from a technician's "I need a seal" to the part on site (source 001
 * §6). Stock itself is not here: the use cases reserve, pick and release through the stock items
 * and hand the answers to the request.
 */
export class PartsRequest extends AggregateRoot<PartsRequestFact> {
  private outbound: OutboundMessage[] = [];

  private constructor(
    id: string,
    tenantId: string,
    version: number,
    handled: readonly string[],
    private readonly state: PartsRequestState,
  ) {
    super(id, tenantId, version, handled);
  }

  static request(id: string, tenantId: string, command: RequestPartsCommand, catalogue: ReadonlyMap<string, CataloguePart>): PartsRequest {
    const request = new PartsRequest(id, tenantId, 0, [], registerRequest(command, catalogue));
    request.record({ kind: 'requested', at: command.at });
    return request;
  }

  static fromSnapshot(snapshot: PartsRequestSnapshot): PartsRequest {
    const { id, tenantId, version, handledMessageIds, ...state } = snapshot;
    return new PartsRequest(id, tenantId, version, handledMessageIds, structuredClone(state));
  }

  toSnapshot(): PartsRequestSnapshot {
    return { ...structuredClone(this.state), id: this.id, tenantId: this.tenantId, version: this.version, handledMessageIds: [...this.handledMessageIds] };
  }

  get status() {
    return this.state.status;
  }
  get priority() {
    return this.state.priority;
  }
  get warehouseId(): string {
    return this.state.warehouseId;
  }
  get caseId(): string | null {
    return this.state.caseId;
  }
  get workOrderId(): string | null {
    return this.state.workOrderId;
  }
  get requestedBy(): string {
    return this.state.requestedBy;
  }
  get requestedAt(): Date {
    return this.state.requestedAt;
  }
  get lines(): readonly PartsRequestLine[] {
    return this.state.lines;
  }
  get costs(): { materialCost: number; transportCost: number } {
    return costsOf(this.state);
  }
  /** Every unit reserved for the request, reservation by reservation (what a cancellation releases). */
  get reservations(): Array<ReservedPart & { lineNo: number }> {
    return this.state.lines.flatMap((l) => l.reserved.map((r) => ({ ...r, lineNo: l.lineNo })));
  }
  get packed(): PartCount[] {
    return reservedParts(this.state);
  }
  /** The lines still short, with the demand id under which they wait at the stock. */
  get shortfalls(): Array<{ demandId: string; line: PartsRequestLine; quantity: number }> {
    return this.state.lines.filter((l) => shortfallOf(l) > 0).map((line) => ({ demandId: demandIdOf(this.id, line.lineNo), line, quantity: shortfallOf(line) }));
  }

  /** Messages for other topics recorded since load (purchase requests, notification requests). */
  get pendingOutbound(): readonly OutboundMessage[] {
    return this.outbound;
  }

  override markPersisted(newVersion: number): void {
    super.markPersisted(newVersion);
    this.outbound = [];
  }

  allocate(reservations: readonly LineReservation[], at: Date): void {
    const { facts, purchases } = applyAllocation(this.id, this.state, reservations, at);
    facts.forEach((f) => this.record(f));
    for (const line of purchases) {
      const event = purchaseRequestEvent(this.id, this.tenantId, this.state, line, at);
      this.outbound.push({ topic: TOPICS.purchaseRequests.name, type: PURCHASE_REQUEST_REQUESTED_V1, data: event.data, subject: event.data.purchaseRequestId, ...(this.caseId ? { caseId: this.caseId } : {}) });
    }
  }

  pick(by: string, at: Date): void {
    pickParts(this.state, by, at).forEach((f) => this.record(f));
  }

  pack(by: string, at: Date): void {
    packParts(this.id, this.state, by, at).forEach((f) => this.record(f));
  }

  ship(command: ShipCommand): void {
    this.recordAll(shipParts(this.id, this.state, command));
  }

  reviseEta(eta: Date, at: Date): void {
    this.recordAll(reviseEta(this.state, eta, at));
  }

  deliver(receivedBy: string, counts: readonly ReceivedCount[], at: Date): void {
    deliverParts(this.state, receivedBy, counts, at).forEach((f) => this.record(f));
  }

  /** What taking the request from a van would take: each line's part and quantity (409 / 422 when it cannot be). */
  get vanPick(): PartCount[] {
    return vanPickParts(this.state);
  }

  takeFromVan(technicianId: string, van: string, at: Date): void {
    takeFromVan(this.state, technicianId, van, at).forEach((f) => this.record(f));
  }

  settleCarrierClaim(amount: number, note: string | null, by: string, at: Date): void {
    settleCarrierClaim(this.state, amount, note, by, at).forEach((f) => this.record(f));
  }

  close(by: string, at: Date): void {
    closeRequest(this.state, by, at).forEach((f) => this.record(f));
  }

  /** The sound units the receiver counted at the site (received less damaged), by part; none before delivery. */
  get deliveredSound(): PartCount[] {
    return (this.state.delivery?.lines ?? []).map((l) => ({ partNo: l.partNo, quantity: l.received - l.damaged })).filter((c) => c.quantity > 0);
  }

  /** Still in the warehouse (not shipped, not ended): a cancellation gives its units back. */
  get cancellable(): boolean {
    return partsRequestStateMachine.can(this.state.status, 'cancel');
  }

  cancel(reason: string, by: string, at: Date): void {
    cancelRequest(this.state, reason, by, at).forEach((f) => this.record(f));
  }

  followPurchase(purchaseRequestId: string, status: ErpPurchaseStatus, plannedDate: Date | null, at: Date): void {
    this.recordAll(followPurchase(this.state, purchaseRequestId, status, plannedDate, at));
  }

  protected toIntegrationEvent(fact: PartsRequestFact): DomainEvent {
    return toPartsRequestEvent(this.id, this.tenantId, fact, this.state);
  }

  /** A delay also asks the notification gateway to tell the customer (a status update). */
  private recordAll(facts: PartsRequestFact[]): void {
    for (const fact of facts) {
      this.record(fact);
      if (fact.kind === 'delayed' && this.caseId) this.outbound.push(this.delayNotification(this.caseId, fact.expectedAt, fact.at));
    }
  }

  private delayNotification(caseId: string, expectedAt: Date, at: Date): OutboundMessage {
    const data: NotificationRequestedV1 = {
      notificationId: `parts-delay-${this.id}-${expectedAt.getTime()}`,
      tenantId: this.tenantId,
      caseId,
      purpose: 'status_update',
      recipient: { name: this.state.customer.name ?? this.state.shipTo.consignee, phone: this.state.shipTo.phone },
      template: 'parts-delayed',
      parameters: { partsRequestId: this.id, workOrderId: this.workOrderId, neededBy: this.state.neededBy?.toISOString() ?? null, expectedAt: expectedAt.toISOString() },
      requestedBy: 'parts',
      requestedAt: at.toISOString(),
    };
    return { topic: TOPICS.notificationRequests.name, type: NOTIFICATION_REQUESTED_V1, data, caseId, subject: caseId };
  }
}
