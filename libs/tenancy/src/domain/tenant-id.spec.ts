import { isTenantId, isTimeZone, registrationProblems, tenantIdProblem, assertRegistrable } from './tenant-id';
import { DomainError } from '@aftercare/ddd';

describe('tenant ids', () => {
  it.each(['acme', 'admin-co', 'acme-service', 'paging_co', 'a', '0day', 'x'.repeat(63)])('accepts %s', (id) => {
    expect(tenantIdProblem(id)).toBeUndefined();
    expect(isTenantId(id)).toBe(true);
  });

  it("never takes '*', the wildcard of SLA policies", () => {
    expect(tenantIdProblem('*')).toMatch(/every tenant/);
    expect(isTenantId('*')).toBe(false);
  });

  it.each([
    ['an empty id', ''],
    ['upper case', 'Acme'],
    ['a space', 'ac me'],
    ['a leading dash', '-acme'],
    ['a leading underscore', '_acme'],
    ['a dot', 'acme.cn'],
    ['a slash', 'acme/x'],
    ['64 characters', 'x'.repeat(64)],
    ['a wildcard inside', 'ac*me'],
    ['non-ASCII', 'äcme'],
  ])('refuses %s', (_label, id) => {
    expect(tenantIdProblem(id)).toBeDefined();
    expect(isTenantId(id)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['acme']])('refuses a non-string %p as required', (id) => {
    expect(tenantIdProblem(id)).toBe('is required');
  });
});

describe('registration', () => {
  it('names every broken field', () => {
    expect(registrationProblems({ id: '*', name: ' ' })).toEqual([
      { field: 'id', message: expect.stringMatching(/every tenant/) },
      { field: 'name', message: 'is required' },
    ]);
    expect(registrationProblems({ id: 'acme', name: 'n'.repeat(201) })).toEqual([{ field: 'name', message: 'must be at most 200 characters' }]);
    expect(registrationProblems({ id: 'acme', name: 'Acme' })).toEqual([]);
  });

  it('takes an IANA time zone when one is given, and none when it is not', () => {
    expect(registrationProblems({ id: 'acme', name: 'Acme', timeZone: 'America/New_York' })).toEqual([]);
    expect(registrationProblems({ id: 'acme', name: 'Acme', timeZone: 'Mars/Base' })).toEqual([
      { field: 'timeZone', message: 'must be an IANA time zone, e.g. America/New_York' },
    ]);
  });

  it('throws TENANT_INVALID (a rule: 422) with the field errors', () => {
    let error: unknown;
    try {
      assertRegistrable({ id: 'Bad Id', name: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'TENANT_INVALID', kind: 'rule', fieldErrors: [{ field: 'id', message: expect.any(String) }] });
  });
});

describe('time zones', () => {
  it.each(['Asia/Shanghai', 'America/New_York', 'Europe/London', 'UTC'])('accepts %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(['', ' ', 'Mars/Base', 'GMT+99', 42, null, undefined])('refuses %p', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});
