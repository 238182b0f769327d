import { AggregateRoot, DomainError, invalidFields, StateMachine, type DomainEvent, type FieldError, type TransitionTable } from '@aftercare/ddd';

/**
 * A returned defective part (source 001 §1.7, source 002 §6, source 003 §6):
 *
 * ```
 * received ─inspect→ inspected ─applyForScrap→ scrap_requested ─approveScrap (quality engineer)→ scrapped
 *                              ─repair→ repaired          (back on the shelf: a `return` movement)
 *                              ─claimSupplier→ claimed    (supplier feedback for claims)
 * ```
 */
export const PART_RETURN_STATUSES = ['received', 'inspected', 'scrap_requested', 'scrapped', 'repaired', 'claimed'] as const;
export type PartReturnStatus = (typeof PART_RETURN_STATUSES)[number];
type Action = 'inspect' | 'applyForScrap' | 'approveScrap' | 'repair' | 'claimSupplier';

const TRANSITIONS: TransitionTable<PartReturnStatus, Action> = {
  inspect: { from: ['received'], to: 'inspected' },
  applyForScrap: { from: ['inspected'], to: 'scrap_requested' },
  approveScrap: { from: ['scrap_requested'], to: 'scrapped' },
  repair: { from: ['inspected'], to: 'repaired' },
  claimSupplier: { from: ['inspected'], to: 'claimed' },
};
const machine = new StateMachine<PartReturnStatus, Action>('part return', TRANSITIONS);

export const PART_RETURN_ERRORS = {
  INVALID: 'PART_RETURN_INVALID',
  NOT_FOUND: 'PART_RETURN_NOT_FOUND',
  /** The id a message derives is another tenant's return (permanent: the message is dead-lettered). */
  ID_TAKEN: 'PART_RETURN_ID_TAKEN',
} as const;

export interface PartReturnState {
  status: PartReturnStatus;
  partNo: string;
  serialNo: string | null;
  quantity: number;
  warehouseId: string;
  caseId: string | null;
  workOrderId: string | null;
  reason: string;
  receivedBy: string;
  receivedAt: Date;
  finding: string | null;
  inspectedBy: string | null;
  scrapApplication: { reason: string; by: string; at: Date } | null;
  scrapApprovedBy: string | null;
  supplierId: string | null;
  decidedAt: Date | null;
}

export interface PartReturnSnapshot extends PartReturnState {
  id: string;
  tenantId: string;
  version: number;
  handledMessageIds: readonly string[];
}

export interface ReceiveReturnCommand {
  partNo?: string | null;
  serialNo?: string | null;
  quantity?: number | null;
  warehouseId?: string | null;
  caseId?: string | null;
  workOrderId?: string | null;
  reason?: string | null;
  receivedBy: string;
  at: Date;
}

const blank = (v: string | null | undefined) => v === undefined || v === null || v.trim() === '';
const filled = (v: string | null | undefined): v is string => !blank(v);

/** Its own state only; the repository publishes the supplier feedback a claim raises (`pendingFeedback`). */
export class PartReturn extends AggregateRoot<never> {
  private feedback = false;

  private constructor(id: string, tenantId: string, version: number, handled: readonly string[], private readonly s: PartReturnState) {
    super(id, tenantId, version, handled);
  }

  static receive(id: string, tenantId: string, c: ReceiveReturnCommand): PartReturn {
    const missing = (['partNo', 'warehouseId', 'reason'] as const).filter((f) => blank(c[f]));
    const problems: FieldError[] = missing.map((field) => ({ field, message: 'is required' }));
    if (c.quantity !== undefined && c.quantity !== null && (!Number.isInteger(c.quantity) || c.quantity < 1)) problems.push({ field: 'quantity', message: 'must be a whole number of at least 1' });
    const { partNo, warehouseId, reason } = c;
    // Each blank one is among the problems already; checked again so the compiler knows them set below.
    if (problems.length || !filled(partNo) || !filled(warehouseId) || !filled(reason)) throw invalidFields(PART_RETURN_ERRORS.INVALID, 'part return incomplete', problems);
    return new PartReturn(id, tenantId, 0, [], {
      status: 'received',
      partNo,
      serialNo: c.serialNo ?? null,
      quantity: c.quantity ?? 1,
      warehouseId,
      caseId: c.caseId ?? null,
      workOrderId: c.workOrderId ?? null,
      reason,
      receivedBy: c.receivedBy,
      receivedAt: c.at,
      finding: null,
      inspectedBy: null,
      scrapApplication: null,
      scrapApprovedBy: null,
      supplierId: null,
      decidedAt: null,
    });
  }

  static fromSnapshot(snapshot: PartReturnSnapshot): PartReturn {
    const { id, tenantId, version, handledMessageIds, ...state } = snapshot;
    return new PartReturn(id, tenantId, version, handledMessageIds, structuredClone(state));
  }

  toSnapshot(): PartReturnSnapshot {
    return { ...structuredClone(this.s), id: this.id, tenantId: this.tenantId, version: this.version, handledMessageIds: [...this.handledMessageIds] };
  }

  get status(): PartReturnStatus {
    return this.s.status;
  }
  get partNo(): string {
    return this.s.partNo;
  }
  get quantity(): number {
    return this.s.quantity;
  }
  get warehouseId(): string {
    return this.s.warehouseId;
  }
  /** True once a supplier claim was recorded since load: its feedback leaves with the save. */
  get pendingFeedback(): boolean {
    return this.feedback;
  }

  override markPersisted(newVersion: number): void {
    super.markPersisted(newVersion);
    this.feedback = false;
  }

  inspect(finding: string, by: string): void {
    if (blank(finding)) throw invalidFields(PART_RETURN_ERRORS.INVALID, 'inspection incomplete', [{ field: 'finding', message: 'is required' }]);
    this.s.status = machine.next(this.s.status, 'inspect');
    this.s.finding = finding;
    this.s.inspectedBy = by;
  }

  /** A scrap application (source 001 §1.7); only a quality engineer approves it (the edge refuses others with 403). */
  applyForScrap(reason: string, by: string, at: Date): void {
    if (blank(reason)) throw invalidFields(PART_RETURN_ERRORS.INVALID, 'scrap application incomplete', [{ field: 'reason', message: 'is required' }]);
    this.s.status = machine.next(this.s.status, 'applyForScrap');
    this.s.scrapApplication = { reason, by, at };
  }

  approveScrap(by: string, at: Date): void {
    const next = machine.next(this.s.status, 'approveScrap');
    if (this.s.scrapApplication?.by === by) throw new DomainError('PART_RETURN_SELF_APPROVAL', 'the applicant cannot approve their own scrap application', 'rule');
    this.s.status = next;
    this.s.scrapApprovedBy = by;
    this.s.decidedAt = at;
  }

  /** Repaired: back into stock as a `return` movement (the use case writes it). */
  repair(at: Date): void {
    this.s.status = machine.next(this.s.status, 'repair');
    this.s.decidedAt = at;
  }

  claimSupplier(supplierId: string, at: Date): void {
    if (blank(supplierId)) throw invalidFields(PART_RETURN_ERRORS.INVALID, 'supplier claim incomplete', [{ field: 'supplierId', message: 'is required' }]);
    this.s.status = machine.next(this.s.status, 'claimSupplier');
    this.s.supplierId = supplierId;
    this.s.decidedAt = at;
    this.feedback = true;
  }

  protected toIntegrationEvent(fact: never): DomainEvent {
    return fact;
  }
}
