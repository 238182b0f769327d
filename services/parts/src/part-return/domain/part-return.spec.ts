import type { DomainError } from '@aftercare/ddd';
import { PartReturn } from './part-return';

const at = new Date('2026-03-14T08:00:00Z');
const received = () => PartReturn.receive('ret-1', 'acme', { partNo: 'SEAL-22', serialNo: 'S-OLD-1', warehouseId: 'central', reason: 'leaking', receivedBy: 'clerk', at });
const inspected = () => {
  const r = received();
  r.inspect('seal face cracked', 'qe-1');
  return r;
};
const error = (action: () => void): DomainError => {
  try {
    action();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected an error');
};

describe('returned defective part', () => {
  it('names every missing field when received', () => {
    expect(error(() => PartReturn.receive('r', 'acme', { quantity: 0, receivedBy: 'c', at })).fieldErrors.map((f) => f.field)).toEqual(['partNo', 'warehouseId', 'reason', 'quantity']);
  });

  it('is scrapped only on an approved application, never by the applicant', () => {
    const r = inspected();
    expect(error(() => r.approveScrap('qe-1', at)).code).toBe('PART_RETURN_ILLEGAL_TRANSITION');
    r.applyForScrap('beyond repair', 'clerk', at);
    expect(error(() => PartReturn.fromSnapshot(r.toSnapshot()).approveScrap('clerk', at)).code).toBe('PART_RETURN_SELF_APPROVAL');
    r.approveScrap('qe-1', at);
    expect(r.toSnapshot()).toMatchObject({ status: 'scrapped', scrapApprovedBy: 'qe-1' });
  });

  it('is repaired into stock or claimed against the supplier, after inspection only', () => {
    expect(error(() => received().repair(at)).code).toBe('PART_RETURN_ILLEGAL_TRANSITION');
    const repaired = inspected();
    repaired.repair(at);
    expect(repaired.status).toBe('repaired');
    const claimed = inspected();
    expect(error(() => claimed.claimSupplier(' ', at)).code).toBe('PART_RETURN_INVALID');
    claimed.claimSupplier('SUP-017', at);
    expect([claimed.status, claimed.pendingFeedback]).toEqual(['claimed', true]);
    claimed.markPersisted(2);
    expect(claimed.pendingFeedback).toBe(false);
  });
});
