import { DomainError, thrownDomainError } from '@aftercare/ddd';
import { at, days, hours } from './__fixtures__/work-order.fixtures';
import { inspectRepair, returnedLate, returnToCustomer, takeIn, writeRepairCard } from './carry-in';

const caught = thrownDomainError;

const fieldsOf = (e: DomainError) => e.fieldErrors.map((f) => f.field);

const taken = () => takeIn({ receiptNo: ' R-1 ', promisedReturnDate: at(days(3)) }, 'tech-alice', at(hours(2)));
const withCard = () => writeRepairCard(taken(), { actualHours: 2, parts: [{ partNo: ' MOTOR-7 ', quantity: 1 }] }, at(hours(5)));

describe('carry-in workshop', () => {
  it('takes the item in against its receipt, by the technician holding the order', () => {
    expect(taken()).toEqual({
      receiptNo: 'R-1',
      takenAt: at(hours(2)),
      promisedReturnDate: at(days(3)),
      technicianId: 'tech-alice',
      repairCard: null,
      inspection: null,
      returnedAt: null,
      returnSignature: null,
    });
  });

  it('refuses a blank receipt or a return promised in the past (400, both named)', () => {
    const e = caught(() => takeIn({ receiptNo: ' ', promisedReturnDate: at(hours(1)) }, 'tech-alice', at(hours(2))));
    expect([e.code, e.kind, fieldsOf(e)]).toEqual(['WORK_ORDER_INVALID', 'invalid', ['receiptNo', 'promisedReturnDate']]);
    expect(fieldsOf(caught(() => takeIn({ receiptNo: 'R', promisedReturnDate: new Date('x') }, 't', at(0))))).toEqual(['promisedReturnDate']);
    // The same instant is not in the past.
    expect(takeIn({ receiptNo: 'R', promisedReturnDate: at(hours(2)) }, 't', at(hours(2))).promisedReturnDate).toEqual(at(hours(2)));
  });

  it('writes the repair card as a whole: each update replaces it, parts and notes normalised', () => {
    const first = withCard();
    expect(first.repairCard).toEqual({ actualHours: 2, parts: [{ partNo: 'MOTOR-7', quantity: 1 }], notes: null, updatedAt: at(hours(5)) });
    const second = writeRepairCard(first, { actualHours: 3.5, parts: [], notes: ' rewound ' }, at(hours(6)));
    expect(second.repairCard).toEqual({ actualHours: 3.5, parts: [], notes: 'rewound', updatedAt: at(hours(6)) });
    expect(first.repairCard?.actualHours).toBe(2);
  });

  it('refuses negative hours and malformed parts on the card', () => {
    const e = caught(() => writeRepairCard(taken(), { actualHours: -1, parts: [{ partNo: '', quantity: 0 }] }, at(hours(5))));
    expect(fieldsOf(e)).toEqual(['actualHours', 'parts[0].partNo', 'parts[0].quantity']);
  });

  it('the supervisor signs off only a repair with a card (422), and must be named (400)', () => {
    const missing = caught(() => inspectRepair(taken(), { inspectedBy: 'supervisor-1' }, at(hours(6))));
    expect([missing.code, missing.kind, missing.details]).toEqual(['WORK_ORDER_REPAIR_CARD_MISSING', 'rule', { receiptNo: 'R-1' }]);
    expect(fieldsOf(caught(() => inspectRepair(withCard(), { inspectedBy: ' ' }, at(hours(6)))))).toEqual(['inspectedBy']);
    expect(inspectRepair(withCard(), { inspectedBy: ' supervisor-1 ', remarks: ' ' }, at(hours(6))).inspection).toEqual({
      inspectedBy: 'supervisor-1',
      inspectedAt: at(hours(6)),
      remarks: null,
    });
  });

  it('returns the item against the customer’s signature, late only after the promised date', () => {
    const signature = { name: ' Li Wei ', signedAt: at(days(3)), signatureRef: ' sig/r.png ' };
    const back = returnToCustomer(withCard(), signature, at(days(3)));
    expect(back).toMatchObject({ returnedAt: at(days(3)), returnSignature: { name: 'Li Wei', signedAt: at(days(3)), signatureRef: 'sig/r.png' } });
    expect(returnedLate(back)).toBe(false);
    expect(returnedLate(returnToCustomer(withCard(), signature, at(days(3) + 1)))).toBe(true);
    expect(returnedLate(withCard())).toBe(false);
    const e = caught(() => returnToCustomer(withCard(), { name: '', signedAt: new Date('x'), signatureRef: '' }, at(days(3))));
    expect(fieldsOf(e)).toEqual(['signature.name', 'signature.signedAt', 'signature.signatureRef']);
  });
});
