import { thrownDomainError } from '@aftercare/ddd';
import { DEFAULT_POLICIES, resolveClock } from '@aftercare/sla';
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

  describe('the case terms', () => {
    const city = { tenantId: 'tenant-a', caseType: 'repair', zone: 'city' as const };
    const clocksFor = (criteria: Parameters<typeof resolveClock>[1]) => ({
      arrival: resolveClock(DEFAULT_POLICIES, criteria, 'arrival')!,
      completion: resolveClock(DEFAULT_POLICIES, criteria, 'completion')!,
    });
    const friday16 = new Date('2026-03-06T16:00:00+08:00');
    const monday09 = new Date('2026-03-09T09:00:00+08:00');

    it('default to: received when the clocks start, no agreement, no quality problem, fee class unknown', () => {
      expect(newWorkOrder(orderInput(), new Date()).state.terms).toEqual({ receivedAt: T0, serviceAgreement: null, qualityProblem: false, feeClass: null });
      const started = newWorkOrder(orderInput({ arrivalDeadline: undefined, completionDeadline: undefined, clocks: { ...clocksFor(city), startedAt: friday16 } }), new Date());
      expect(started.state.terms.receivedAt).toEqual(friday16);
    });

    it('a city repair called in Friday 16:00 and planned Monday 09:00 is due on site Monday 14:00 (6 working hours from the call)', () => {
      const order = newWorkOrder(
        orderInput({ arrivalDeadline: undefined, completionDeadline: undefined, clocks: { ...clocksFor(city), startedAt: friday16 }, terms: { receivedAt: friday16 }, at: monday09 }),
        new Date(),
      );
      expect(order.state.arrivalDeadline).toEqual(new Date('2026-03-09T14:00:00+08:00'));
      expect(order.state.createdAt).toEqual(monday09);
    });

    it('a quality problem is due on site 8 h after the call, whatever the zone', () => {
      const criteria = { ...city, qualityProblem: true };
      const order = newWorkOrder(orderInput({ arrivalDeadline: undefined, completionDeadline: undefined, clocks: { ...clocksFor(criteria), startedAt: friday16 }, terms: { receivedAt: friday16, qualityProblem: true } }), new Date());
      expect(order.state.arrivalDeadline).toEqual(new Date('2026-03-07T00:00:00+08:00'));
      expect(order.state.terms.qualityProblem).toBe(true);
    });

    it('keep the agreement (trimmed) and the fee class; name malformed ones', () => {
      const agreement = { id: ' SC-1 ', level: ' premium ', validFrom: '2026-01-01', validTo: null };
      expect(newWorkOrder(orderInput({ terms: { serviceAgreement: agreement, feeClass: 'D' } }), new Date()).state.terms).toMatchObject({
        serviceAgreement: { id: 'SC-1', level: 'premium', validFrom: '2026-01-01', validTo: null },
        feeClass: 'D',
      });
      const e = caught(() => newWorkOrder(orderInput({ terms: { receivedAt: new Date('x'), feeClass: 'E' as never, serviceAgreement: { ...agreement, level: ' ' } } }), new Date()));
      expect(e.fieldErrors.map((f) => f.field)).toEqual(['terms.receivedAt', 'terms.feeClass', 'terms.serviceAgreement']);
    });
  });
});
