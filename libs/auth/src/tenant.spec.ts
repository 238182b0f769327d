import { assertSameTenant, tenantScope } from './tenant';
import { authOptionsFromEnv } from './auth.options';
import { principalFromClaims } from './principal';

class NotFound extends Error {}
const principal = { subject: 'alice', tenantId: 'acme', roles: ['agent' as const] };

describe('assertSameTenant', () => {
  it("returns the caller's own record", () => {
    const record = { id: '1', tenantId: 'acme' };
    expect(assertSameTenant(principal, record, () => new NotFound())).toBe(record);
    expect(assertSameTenant('acme', record, () => new NotFound())).toBe(record);
  });

  it("throws the not-found error for another tenant's record and for a missing one", () => {
    expect(() => assertSameTenant(principal, { id: '2', tenantId: 'globex' }, () => new NotFound())).toThrow(NotFound);
    expect(() => assertSameTenant(principal, null, () => new NotFound())).toThrow(NotFound);
    expect(() => assertSameTenant(principal, undefined, () => new NotFound())).toThrow(NotFound);
  });

  it('builds the tenant filter for queries', () => {
    expect(tenantScope(principal)).toEqual({ tenantId: 'acme' });
  });
});

describe('authOptionsFromEnv', () => {
  it('reads AUTH_JWKS_URI, AUTH_ISSUER, AUTH_AUDIENCE', () => {
    expect(authOptionsFromEnv({ AUTH_JWKS_URI: 'https://idp/jwks', AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'aftercare' })).toEqual({
      jwksUri: 'https://idp/jwks',
      issuer: 'https://idp',
      audience: 'aftercare',
    });
    expect(authOptionsFromEnv({ AUTH_JWKS_URI: 'file:///x/jwks.json', AUTH_ISSUER: '' })).toEqual({ jwksUri: 'file:///x/jwks.json' });
  });

  it('fails clearly without AUTH_JWKS_URI or with a bad one', () => {
    expect(() => authOptionsFromEnv({})).toThrow(/AUTH_JWKS_URI is not set/);
    expect(() => authOptionsFromEnv({ AUTH_JWKS_URI: 'jwks.json' })).toThrow(/not a URL/);
    expect(() => authOptionsFromEnv({ AUTH_JWKS_URI: 'ftp://x/jwks.json' })).toThrow(/unsupported scheme/);
  });
});

describe('principalFromClaims', () => {
  it('maps sub/tenant/roles and drops duplicate roles', () => {
    expect(principalFromClaims({ sub: 's', tenant: 't', roles: ['manager', 'manager'] })).toEqual({
      ok: true,
      principal: { subject: 's', tenantId: 't', roles: ['manager'] },
    });
  });
});
