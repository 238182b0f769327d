import { thrownDomainError } from '@aftercare/ddd';
import { at, hours, orderInput, T0 } from './__fixtures__/work-order.fixtures';
import { newWorkOrder } from './work-order.create';

const caught = thrownDomainError;

describe('newWorkOrder', () => {
  it('starts in `created` with its clocks running, nothing assigned, text trimmed and skills de-duplicated', () => {
    const created = newWorkOrder(orderInput({ id: ' wo-1 ', tenantId: ' tenant-a ', requiredSkills: ['a', ' a', 'b'], product: { model: ' CP-200 ', line: 'pumps ' } }), new Date(0));
    expect(created).toMatchObject({ id: 'wo-1', tenantId: 'tenant-a', at: T0 });
    expect(created.state).toMatchObject({
      status: 'created',
      requiredSkills: ['a', 'b'],
      product: { model: 'CP-200', line: 'pumps' },
      arrivalDeadline: at(hours(6)),
      completionDeadline: at(hours(48)),
      createdAt: T0,
      technicianId: null,
      assignmentDecisions: [],
      carryIns: [],
      carryOverCount: 0,
    });
  });

  it('takes `now` when the input names no moment', () => {
    const now = new Date('2025-05-12T01:00:00Z');
    expect(newWorkOrder(orderInput({ at: undefined }), now).state.createdAt).toEqual(now);
  });

  it('names every malformed field, clocks included, in one error (400)', () => {
    const e = caught(() => newWorkOrder({ ...orderInput(), tenantId: '', site: null as never, product: null as never, requiredSkills: 'x' as never, at: new Date('x'), arrivalDeadline: undefined }, new Date()));
    expect([e.code, e.kind]).toEqual(['WORK_ORDER_INVALID', 'invalid']);
    expect(e.fieldErrors.map((f) => f.field)).toEqual(['tenantId', 'site', 'product', 'requiredSkills', 'at', 'arrivalDeadline']);
    expect(e.fieldErrors.every((f) => f.message === 'is invalid')).toBe(true);
  });
});
