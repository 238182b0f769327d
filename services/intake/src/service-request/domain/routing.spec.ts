import { DEFAULT_ROUTING, WORK_KIND_OF_TARGET, routeTargetFor } from './routing';
import { REQUEST_TYPES, type RequestType } from './service-request.types';

describe('routing by requested type', () => {
  it.each<[RequestType, string]>([
    ['repair', 'dispatch'],
    ['installation', 'dispatch'],
    ['commissioning', 'dispatch'],
    ['maintenance', 'dispatch'],
    ['training', 'dispatch'],
    ['return_exchange', 'claims'],
    ['quality_complaint', 'claims'],
    ['service_complaint', 'claims'],
    ['consultation', 'agent'],
    ['suggestion', 'review'],
  ])('%s → %s', (type, target) => {
    expect(routeTargetFor(type)).toBe(target);
  });

  it('has a default for every type', () => {
    expect(Object.keys(DEFAULT_ROUTING).sort()).toEqual([...REQUEST_TYPES].sort());
  });

  it('a tenant can route complaints elsewhere (complaint owner differs between sources)', () => {
    expect(routeTargetFor('service_complaint', { service_complaint: 'agent' })).toBe('agent');
    expect(routeTargetFor('repair', { service_complaint: 'agent' })).toBe('dispatch');
  });

  it('rejects unknown types and targets', () => {
    expect(() => routeTargetFor('spam' as RequestType)).toThrow(expect.objectContaining({ code: 'SERVICE_REQUEST_INVALID' }));
    expect(() => routeTargetFor('repair', { repair: 'warehouse' as 'dispatch' })).toThrow(/routing\.repair/);
  });

  it('names the kind of work each target opens', () => {
    expect(WORK_KIND_OF_TARGET).toEqual({ dispatch: 'work_order', claims: 'claim', agent: 'agent', review: 'review' });
  });
});
