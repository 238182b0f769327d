import {
  RETURN_AUTHORIZATION_PROGRESSED_V1,
  RETURN_AUTHORIZATION_REQUESTED_V1,
  type ReturnAuthorizationProgressedV1,
  type ReturnAuthorizationRequestedV1,
} from '@aftercare/contracts';
import { AggregateRoot, DomainError, StateMachine, invalidFields, type DomainEvent, type FieldError } from '@aftercare/ddd';
import { deepCopy } from '../../common/deep-copy';

/**
 * A return / exchange authorisation (RMA; source 004 §1.7, source 003 §1.5, source 001 §1.7):
 *
 * ```
 * requested ─approve→ approved ─receive→ goods_received ─inspect→ inspected ─decide→ dispositioned ─complete→ completed
 * requested ─reject→ rejected
 * ```
 * Goods received are counted against the quantity expected (a shortfall is recorded, not refused);
 * inspection confirms the defect, counts the defective units and keeps samples. A few bad units
 * in a lot are replaced unit by unit; a lot that failed as a whole is returned as a lot.
 *
 * A return opened from an intake case (a `return_exchange` case routed to claims) starts without
 * lot and quantity — the case does not carry them; the agent or quality engineer completes them
 * while it is `requested`, and approval is refused (422 RETURN_DETAILS_MISSING) until they are.
 */
export const RMA_STATUSES = ['requested', 'approved', 'rejected', 'goods_received', 'inspected', 'dispositioned', 'completed'] as const;
export type RmaStatus = (typeof RMA_STATUSES)[number];
export const DISPOSITIONS = ['replace', 'refund', 'repair', 'rework', 'scrap'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
/** `units`: the defective units of a lot; `whole_lot`: the lot failed as a whole. */
export type ReturnScope = 'units' | 'whole_lot';

const machine = new StateMachine<RmaStatus, 'approve' | 'reject' | 'receive' | 'inspect' | 'decide' | 'complete'>('return authorization', {
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested'], to: 'rejected' },
  receive: { from: ['approved'], to: 'goods_received' },
  inspect: { from: ['goods_received'], to: 'inspected' },
  decide: { from: ['inspected'], to: 'dispositioned' },
  complete: { from: ['dispositioned'], to: 'completed' },
});

/** A lot counts as failed as a whole when at least this share of the received units is defective (design). */
export const WHOLE_LOT_SHARE = 0.5;

export interface ReturnAuthorizationState {
  id: string;
  tenantId: string;
  caseId: string;
  productModel: string | null;
  /** null: opened from a case and not completed yet. */
  lot: string | null;
  quantityExpected: number | null;
  requestedAt: Date;
  decision: { by: string; approved: boolean; reason: string | null; at: Date } | null;
  receipt: { quantityReceived: number; shortfall: number; at: Date } | null;
  inspection: { defectConfirmed: boolean; defectiveQuantity: number; samplesKept: number; scope: ReturnScope; findings: string; at: Date } | null;
  disposition: { kind: Disposition; by: string; at: Date } | null;
  completedAt: Date | null;
  status: RmaStatus;
}

export type ReturnDetail = 'lot' | 'quantityExpected';

/** What approval still needs: the fields a return from a case did not carry. */
export function missingForApproval(s: Pick<ReturnAuthorizationState, ReturnDetail>): ReturnDetail[] {
  return (['lot', 'quantityExpected'] as const).filter((field) => s[field] === null);
}

export interface ReturnAuthorizationSnapshot extends ReturnAuthorizationState {
  version: number;
  handledMessageIds: string[];
}

const isCount = (n: unknown, min = 0): n is number => Number.isInteger(n) && (n as number) >= min;

/** What happened to a return: requested, or a step to the status it reached (by whom, when). */
export type ReturnAuthorizationFact = { kind: 'requested'; at: Date } | { kind: 'progressed'; status: Exclude<RmaStatus, 'requested'>; by: string | null; at: Date };

/** Each fact goes out on `claims.public.return-authorization.events.v1` with the case as `ce_caseid`. */
export class ReturnAuthorization extends AggregateRoot<ReturnAuthorizationFact> {
  private constructor(
    private readonly s: ReturnAuthorizationState,
    version: number,
    handled: readonly string[],
  ) {
    super(s.id, s.tenantId, version, handled);
  }

  static request(input: { id: string; tenantId: string; caseId: string; productModel: string | null; lot: string; quantityExpected: number; at: Date }): ReturnAuthorization {
    const errors: FieldError[] = [];
    for (const key of ['id', 'tenantId', 'caseId', 'lot'] as const) if (typeof input[key] !== 'string' || input[key].trim() === '') errors.push({ field: key, message: 'is required' });
    if (!isCount(input.quantityExpected, 1)) errors.push({ field: 'quantityExpected', message: 'must be a whole number ≥ 1' });
    if (errors.length) throw invalidFields('RETURN_AUTHORIZATION_INVALID', 'a return', errors);
    return ReturnAuthorization.opened({ ...input, lot: input.lot.trim() });
  }

  /** A return from a case routed to claims: lot and quantity are not known yet (see the class comment). */
  static fromCase(input: { id: string; tenantId: string; caseId: string; productModel: string | null; at: Date }): ReturnAuthorization {
    const errors: FieldError[] = [];
    for (const key of ['id', 'tenantId', 'caseId'] as const) if (typeof input[key] !== 'string' || input[key].trim() === '') errors.push({ field: key, message: 'is required' });
    if (errors.length) throw invalidFields('RETURN_AUTHORIZATION_INVALID', 'a return', errors);
    return ReturnAuthorization.opened({ ...input, lot: null, quantityExpected: null });
  }

  private static opened(input: Pick<ReturnAuthorizationState, 'id' | 'tenantId' | 'caseId' | 'productModel' | 'lot' | 'quantityExpected'> & { at: Date }): ReturnAuthorization {
    const { at, ...fields } = input;
    const rma = new ReturnAuthorization({ ...fields, requestedAt: at, decision: null, receipt: null, inspection: null, disposition: null, completedAt: null, status: 'requested' }, 0, []);
    rma.record({ kind: 'requested', at });
    return rma;
  }

  get missingForApproval(): ReturnDetail[] {
    return missingForApproval(this.s);
  }

  /** Completes or corrects lot and quantity while the return is still `requested`. */
  completeDetails(c: { lot?: string; quantityExpected?: number }): void {
    if (this.s.status !== 'requested')
      throw new DomainError('RETURN_AUTHORIZATION_ILLEGAL_TRANSITION', `lot and quantity of a return are fixed once it is ${this.s.status}`, 'conflict', { currentStatus: this.s.status });
    const errors: FieldError[] = [];
    if (c.lot === undefined && c.quantityExpected === undefined) errors.push({ field: 'lot', message: 'or quantityExpected is required' });
    if (c.lot !== undefined && (typeof c.lot !== 'string' || c.lot.trim() === '')) errors.push({ field: 'lot', message: 'must not be blank' });
    if (c.quantityExpected !== undefined && !isCount(c.quantityExpected, 1)) errors.push({ field: 'quantityExpected', message: 'must be a whole number ≥ 1' });
    if (errors.length) throw invalidFields('RETURN_AUTHORIZATION_INVALID', 'the return details', errors);
    if (c.lot !== undefined) this.s.lot = c.lot.trim();
    if (c.quantityExpected !== undefined) this.s.quantityExpected = c.quantityExpected;
  }

  get status(): RmaStatus {
    return this.s.status;
  }

  static fromSnapshot(snapshot: ReturnAuthorizationSnapshot): ReturnAuthorization {
    const { version, handledMessageIds, ...state } = deepCopy(snapshot);
    return new ReturnAuthorization(state, version, handledMessageIds);
  }

  toSnapshot(): ReturnAuthorizationSnapshot {
    return { ...deepCopy(this.s), version: this.version, handledMessageIds: [...this.handledMessageIds] };
  }

  get state(): Readonly<ReturnAuthorizationState> {
    return this.s;
  }

  approve(c: { by: string; at: Date }): void {
    const to = machine.next(this.s.status, 'approve');
    const missing = this.missingForApproval;
    if (missing.length)
      throw invalidFields('RETURN_DETAILS_MISSING', 'a return cannot be approved before its lot and quantity are known', missing.map((field) => ({ field, message: 'is required before approval' })), 'rule', { missing });
    this.s.status = to;
    this.s.decision = { by: c.by, approved: true, reason: null, at: c.at };
    this.record({ kind: 'progressed', status: 'approved', by: c.by, at: c.at });
  }

  reject(c: { by: string; reason: string; at: Date }): void {
    if (!c.reason?.trim()) throw invalidFields('RETURN_AUTHORIZATION_INVALID', 'a rejection', [{ field: 'reason', message: 'is required' }]);
    this.s.status = machine.next(this.s.status, 'reject');
    this.s.decision = { by: c.by, approved: false, reason: c.reason.trim(), at: c.at };
    this.record({ kind: 'progressed', status: 'rejected', by: c.by, at: c.at });
  }

  /** Counts what arrived; fewer than expected is a recorded shortfall, more is refused. */
  receive(c: { quantityReceived: number; by: string; at: Date }): void {
    const to = machine.next(this.s.status, 'receive');
    // Approval required the quantity, so an approved return always has it.
    const expected = this.s.quantityExpected ?? 0;
    if (!isCount(c.quantityReceived) || c.quantityReceived > expected)
      throw invalidFields('RETURN_AUTHORIZATION_INVALID', 'goods receipt', [{ field: 'quantityReceived', message: `must be a whole number between 0 and ${expected}` }]);
    this.s.status = to;
    this.s.receipt = { quantityReceived: c.quantityReceived, shortfall: expected - c.quantityReceived, at: c.at };
    this.record({ kind: 'progressed', status: 'goods_received', by: c.by, at: c.at });
  }

  inspect(c: { defectConfirmed: boolean; defectiveQuantity: number; samplesKept: number; findings: string; by: string; at: Date }): void {
    const received = this.s.receipt?.quantityReceived ?? 0;
    const errors: FieldError[] = [];
    if (!isCount(c.defectiveQuantity) || c.defectiveQuantity > received) errors.push({ field: 'defectiveQuantity', message: `must be between 0 and the ${received} received` });
    if (!c.defectConfirmed && c.defectiveQuantity > 0) errors.push({ field: 'defectiveQuantity', message: 'must be 0 when the defect is not confirmed' });
    if (!isCount(c.samplesKept) || c.samplesKept > received) errors.push({ field: 'samplesKept', message: `must be between 0 and the ${received} received` });
    if (!c.findings?.trim()) errors.push({ field: 'findings', message: 'is required' });
    if (errors.length) throw invalidFields('RETURN_AUTHORIZATION_INVALID', 'inspection', errors);
    this.s.status = machine.next(this.s.status, 'inspect');
    const scope: ReturnScope = received > 0 && c.defectiveQuantity / received >= WHOLE_LOT_SHARE ? 'whole_lot' : 'units';
    this.s.inspection = { defectConfirmed: c.defectConfirmed, defectiveQuantity: c.defectiveQuantity, samplesKept: c.samplesKept, scope, findings: c.findings.trim(), at: c.at };
    this.record({ kind: 'progressed', status: 'inspected', by: c.by, at: c.at });
  }

  /**
   * The disposition. A few bad units are replaced, repaired or reworked one by one (no refund of a
   * lot that passed); a lot that failed as a whole may also be refunded or scrapped.
   */
  decide(c: { kind: Disposition; by: string; at: Date }): void {
    if (!(DISPOSITIONS as readonly string[]).includes(c.kind))
      throw invalidFields('RETURN_AUTHORIZATION_INVALID', 'disposition', [{ field: 'kind', message: `must be one of ${DISPOSITIONS.join(', ')}` }]);
    const to = machine.next(this.s.status, 'decide');
    if (this.s.inspection?.scope === 'units' && (c.kind === 'refund' || c.kind === 'scrap'))
      throw new DomainError('DISPOSITION_NOT_ALLOWED', `a few bad units in a lot are replaced, repaired or reworked, not ${c.kind === 'refund' ? 'refunded' : 'scrapped'} as a lot`, 'rule');
    this.s.status = to;
    this.s.disposition = { kind: c.kind, by: c.by, at: c.at };
    this.record({ kind: 'progressed', status: 'dispositioned', by: c.by, at: c.at });
  }

  complete(c: { by: string; at: Date }): void {
    this.s.status = machine.next(this.s.status, 'complete');
    this.s.completedAt = c.at;
    this.record({ kind: 'progressed', status: 'completed', by: c.by, at: c.at });
  }

  protected toIntegrationEvent(fact: ReturnAuthorizationFact): DomainEvent {
    const s = this.s;
    if (fact.kind === 'requested') {
      const data: ReturnAuthorizationRequestedV1 = {
        rmaId: s.id,
        tenantId: s.tenantId,
        caseId: s.caseId,
        productModel: s.productModel,
        lot: s.lot,
        quantityExpected: s.quantityExpected,
        requestedAt: fact.at.toISOString(),
      };
      return { type: RETURN_AUTHORIZATION_REQUESTED_V1, data, caseId: s.caseId, occurredAt: fact.at };
    }
    const data: ReturnAuthorizationProgressedV1 = {
      rmaId: s.id,
      tenantId: s.tenantId,
      caseId: s.caseId,
      status: fact.status,
      lot: s.lot,
      quantityExpected: s.quantityExpected,
      quantityReceived: s.receipt?.quantityReceived ?? null,
      shortfall: s.receipt?.shortfall ?? null,
      defectConfirmed: s.inspection?.defectConfirmed ?? null,
      defectiveQuantity: s.inspection?.defectiveQuantity ?? null,
      samplesKept: s.inspection?.samplesKept ?? null,
      scope: s.inspection?.scope ?? null,
      disposition: s.disposition?.kind ?? null,
      reason: s.decision?.approved === false ? s.decision.reason : null,
      by: fact.by,
      at: fact.at.toISOString(),
    };
    return { type: RETURN_AUTHORIZATION_PROGRESSED_V1, data, caseId: s.caseId, occurredAt: fact.at };
  }
}

/**
 * The month's return rate (source 001 §3): units returned with a confirmed defect over units
 * delivered (from the ERP). null when nothing was delivered: a rate over zero deliveries says nothing.
 */
export function returnRate(returned: readonly ReturnAuthorizationState[], unitsDelivered: number): number | null {
  if (!(unitsDelivered > 0)) return null;
  const defective = returned.reduce((sum, r) => sum + (r.inspection?.defectConfirmed ? r.inspection.defectiveQuantity : 0), 0);
  return defective / unitsDelivered;
}
