import { RETURN_AUTHORIZATION_PROGRESSED_V1, RETURN_AUTHORIZATION_REQUESTED_V1, contractsRegistry } from '@aftercare/contracts';
import { thrownDomainError } from '@aftercare/ddd';
import { ReturnAuthorization, RMA_STATUSES, returnRate } from './return-authorization';

const T0 = new Date('2025-03-24T03:00:00.000Z');
const at = (m: number) => new Date(T0.getTime() + m * 60_000);
const rma = (quantityExpected = 100) => ReturnAuthorization.request({ id: 'rma-1', tenantId: 'acme', caseId: 'sr-1', productModel: 'CP-200', lot: 'LOT-2503', quantityExpected, at: T0 });

function received(quantityReceived = 96): ReturnAuthorization {
  const r = rma();
  r.approve({ by: 'qe-chen', at: at(1) });
  r.receive({ quantityReceived, by: 'wh-liu', at: at(2) });
  return r;
}

describe('ReturnAuthorization', () => {
  it('runs requested → approved → goods_received → inspected → dispositioned → completed, recording the shortfall and samples', () => {
    const r = received(96);
    expect(r.state.receipt).toMatchObject({ quantityReceived: 96, shortfall: 4 });
    r.inspect({ defectConfirmed: true, defectiveQuantity: 90, samplesKept: 5, findings: 'Seal hardness out of tolerance across the lot', by: 'qe-chen', at: at(3) });
    expect(r.state.inspection?.scope).toBe('whole_lot');
    r.decide({ kind: 'replace', by: 'qe-chen', at: at(4) });
    r.complete({ by: 'qe-chen', at: at(5) });
    expect(r.state.status).toBe('completed');
  });

  it('publishes requested, then one progressed per step with the figures so far, each valid against its schema and carrying the case', () => {
    const r = received(96);
    r.inspect({ defectConfirmed: true, defectiveQuantity: 6, samplesKept: 2, findings: 'Six leaking units', by: 'qe-chen', at: at(3) });
    r.decide({ kind: 'replace', by: 'qe-chen', at: at(4) });
    r.complete({ by: 'qe-chen', at: at(5) });
    const events = r.pendingEvents;
    expect(events.map((e) => [e.type, (e.data as { status?: string }).status])).toEqual([
      [RETURN_AUTHORIZATION_REQUESTED_V1, undefined],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'approved'],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'goods_received'],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'inspected'],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'dispositioned'],
      [RETURN_AUTHORIZATION_PROGRESSED_V1, 'completed'],
    ]);
    for (const e of events) {
      contractsRegistry().assertValid(e.type, e.data);
      expect(e.caseId).toBe('sr-1');
    }
    expect(events[2].data).toMatchObject({ quantityReceived: 96, shortfall: 4, defectiveQuantity: null, by: 'wh-liu' });
    expect(events[5].data).toMatchObject({ quantityReceived: 96, shortfall: 4, defectConfirmed: true, defectiveQuantity: 6, samplesKept: 2, scope: 'units', disposition: 'replace' });
  });

  it('a rejection publishes its reason', () => {
    const r = rma();
    r.reject({ by: 'qe-chen', reason: 'Outside the return period', at: at(1) });
    const rejected = r.pendingEvents[1];
    contractsRegistry().assertValid(rejected.type, rejected.data);
    expect(rejected.data).toMatchObject({ status: 'rejected', reason: 'Outside the return period', by: 'qe-chen' });
  });

  it('survives a snapshot round trip', () => {
    const r = received(50);
    const copy = ReturnAuthorization.fromSnapshot(r.toSnapshot());
    expect(copy.toSnapshot()).toEqual(r.toSnapshot());
    expect(copy.pendingEvents).toEqual([]);
  });

  it('a few bad units are replaced unit by unit, never refunded or scrapped as a lot', () => {
    const r = received(100);
    r.inspect({ defectConfirmed: true, defectiveQuantity: 3, samplesKept: 1, findings: 'Three leaking units', by: 'qe-chen', at: at(3) });
    expect(r.state.inspection?.scope).toBe('units');
    expect(thrownDomainError(() => r.decide({ kind: 'refund', by: 'qe', at: at(4) })).code).toBe('DISPOSITION_NOT_ALLOWED');
    r.decide({ kind: 'replace', by: 'qe', at: at(4) });
    expect(r.state.disposition?.kind).toBe('replace');
  });

  it('a rejected return ends there, with its reason', () => {
    const r = rma();
    expect(thrownDomainError(() => r.reject({ by: 'qe', reason: ' ', at: at(1) })).fieldErrors.map((e) => e.field)).toEqual(['reason']);
    r.reject({ by: 'qe', reason: 'Outside the return period', at: at(1) });
    expect(thrownDomainError(() => r.receive({ quantityReceived: 1, by: 'wh-liu', at: at(2) })).kind).toBe('conflict');
  });

  it('checks quantities at every step', () => {
    expect(thrownDomainError(() => rma(0)).fieldErrors.map((e) => e.field)).toEqual(['quantityExpected']);
    const r = rma(10);
    r.approve({ by: 'qe', at: at(1) });
    expect(thrownDomainError(() => r.receive({ quantityReceived: 11, by: 'wh-liu', at: at(2) })).fieldErrors.map((e) => e.field)).toEqual(['quantityReceived']);
    r.receive({ quantityReceived: 10, by: 'wh-liu', at: at(2) });
    expect(
      thrownDomainError(() => r.inspect({ defectConfirmed: false, defectiveQuantity: 2, samplesKept: 11, findings: '', by: 'qe-chen', at: at(3) })).fieldErrors.map((e) => e.field),
    ).toEqual(['defectiveQuantity', 'samplesKept', 'findings']);
  });

  const ATTEMPTS: Record<string, (r: ReturnAuthorization) => void> = {
    approve: (r) => r.approve({ by: 'qe', at: at(9) }),
    reject: (r) => r.reject({ by: 'qe', reason: 'x', at: at(9) }),
    receive: (r) => r.receive({ quantityReceived: 1, by: 'wh-liu', at: at(9) }),
    inspect: (r) => r.inspect({ defectConfirmed: false, defectiveQuantity: 0, samplesKept: 0, findings: 'ok', by: 'qe-chen', at: at(9) }),
    decide: (r) => r.decide({ kind: 'replace', by: 'qe', at: at(9) }),
    complete: (r) => r.complete({ by: 'qe-chen', at: at(9) }),
  };
  const AT_STATUS: Record<string, string[]> = {
    requested: [],
    approved: ['approve'],
    goods_received: ['approve', 'receive'],
    inspected: ['approve', 'receive', 'inspect'],
    dispositioned: ['approve', 'receive', 'inspect', 'decide'],
    completed: ['approve', 'receive', 'inspect', 'decide', 'complete'],
    rejected: ['reject'],
  };
  const ALLOWED: Record<string, string> = { approve: 'requested', reject: 'requested', receive: 'approved', inspect: 'goods_received', decide: 'inspected', complete: 'dispositioned' };

  it.each(RMA_STATUSES.flatMap((status) => Object.keys(ATTEMPTS).map((action) => [status, action] as const)))('%s + %s', (status, action) => {
    const r = rma();
    for (const step of AT_STATUS[status]) ATTEMPTS[step](r);
    expect(r.state.status).toBe(status);
    if (ALLOWED[action] === status) expect(() => ATTEMPTS[action](r)).not.toThrow();
    else expect(thrownDomainError(() => ATTEMPTS[action](r)).kind).toBe('conflict');
  });

  describe('opened from an intake case (no lot, no quantity)', () => {
    const fromCase = () => ReturnAuthorization.fromCase({ id: 'rma-c', tenantId: 'acme', caseId: 'sr-9', productModel: 'CP-200', at: T0 });

    it('starts requested without lot and quantity, and says so in its requested event', () => {
      const r = fromCase();
      expect(r.state).toMatchObject({ status: 'requested', lot: null, quantityExpected: null, caseId: 'sr-9' });
      expect(r.missingForApproval).toEqual(['lot', 'quantityExpected']);
      const [requested] = r.pendingEvents;
      contractsRegistry().assertValid(requested.type, requested.data);
      expect(requested).toMatchObject({ type: RETURN_AUTHORIZATION_REQUESTED_V1, caseId: 'sr-9', data: { lot: null, quantityExpected: null } });
    });

    it('refuses approval as a rule (422) naming each missing field', () => {
      const r = fromCase();
      const refused = thrownDomainError(() => r.approve({ by: 'qe', at: at(1) }));
      expect(refused).toMatchObject({ code: 'RETURN_DETAILS_MISSING', kind: 'rule', details: { missing: ['lot', 'quantityExpected'] } });
      expect(refused.fieldErrors.map((e) => e.field)).toEqual(['lot', 'quantityExpected']);
      r.completeDetails({ lot: ' LOT-7 ' });
      expect(thrownDomainError(() => r.approve({ by: 'qe', at: at(1) })).details).toMatchObject({ missing: ['quantityExpected'] });
      expect(r.state.status).toBe('requested');
    });

    it('approves once lot and quantity are completed, and runs on as any return', () => {
      const r = fromCase();
      r.completeDetails({ lot: ' LOT-7 ', quantityExpected: 12 });
      expect(r.missingForApproval).toEqual([]);
      r.approve({ by: 'qe', at: at(1) });
      r.receive({ quantityReceived: 10, by: 'wh-liu', at: at(2) });
      expect(r.state).toMatchObject({ lot: 'LOT-7', quantityExpected: 12, receipt: { shortfall: 2 } });
      const approved = r.pendingEvents[1];
      contractsRegistry().assertValid(approved.type, approved.data);
      expect(approved.data).toMatchObject({ status: 'approved', lot: 'LOT-7', quantityExpected: 12 });
    });

    it('can be rejected without them; its rejection event is valid', () => {
      const r = fromCase();
      r.reject({ by: 'qe', reason: 'Not our product', at: at(1) });
      const rejected = r.pendingEvents[1];
      contractsRegistry().assertValid(rejected.type, rejected.data);
      expect(rejected.data).toMatchObject({ status: 'rejected', lot: null, quantityExpected: null });
    });

    it('checks the details, and fixes them once the return is decided', () => {
      const r = fromCase();
      expect(thrownDomainError(() => r.completeDetails({})).fieldErrors.map((e) => e.field)).toEqual(['lot']);
      expect(thrownDomainError(() => r.completeDetails({ lot: ' ', quantityExpected: 0 })).fieldErrors.map((e) => e.field)).toEqual(['lot', 'quantityExpected']);
      expect(r.state).toMatchObject({ lot: null, quantityExpected: null });
      r.completeDetails({ lot: 'LOT-7', quantityExpected: 3 });
      r.approve({ by: 'qe', at: at(1) });
      expect(thrownDomainError(() => r.completeDetails({ quantityExpected: 4 })).kind).toBe('conflict');
    });

    it('needs its identity', () => {
      expect(thrownDomainError(() => ReturnAuthorization.fromCase({ id: 'rma-c', tenantId: 'acme', caseId: ' ', productModel: null, at: T0 })).fieldErrors.map((e) => e.field)).toEqual(['caseId']);
    });
  });

  it('computes the month return rate over the ERP deliveries', () => {
    const r = received(100);
    r.inspect({ defectConfirmed: true, defectiveQuantity: 3, samplesKept: 1, findings: 'x', by: 'qe-chen', at: at(3) });
    expect(returnRate([r.state], 1200)).toBeCloseTo(3 / 1200);
    expect(returnRate([r.state], 0)).toBeNull();
  });
});
