import { ConfigError } from '@aftercare/observability';
import { DEMO_TENANT, tenancyOptionsFrom } from './tenancy.options';

describe('TENANTS_SEED', () => {
  it('unset, seeds the demo tenant in development only', () => {
    expect(tenancyOptionsFrom({ NODE_ENV: 'development' })).toEqual({ seed: [DEMO_TENANT] });
    expect(tenancyOptionsFrom({ NODE_ENV: 'production' })).toEqual({ seed: [] });
    expect(tenancyOptionsFrom({ NODE_ENV: 'test' })).toEqual({ seed: [] });
  });

  it('empty, seeds nothing, even in development', () => {
    expect(tenancyOptionsFrom({ NODE_ENV: 'development', TENANTS_SEED: '' })).toEqual({ seed: [] });
  });

  it('is a comma-separated list, blanks and repeats dropped', () => {
    expect(tenancyOptionsFrom({ NODE_ENV: 'production', TENANTS_SEED: ' acme, globex,,acme ' })).toEqual({ seed: ['acme', 'globex'] });
  });

  it("stops the start naming each malformed id, '*' included", () => {
    expect(() => tenancyOptionsFrom({ TENANTS_SEED: 'acme,*,Bad Id' }, 'intake')).toThrow(ConfigError);
    expect(() => tenancyOptionsFrom({ TENANTS_SEED: 'acme,*,Bad Id' }, 'intake')).toThrow(/^intake: invalid configuration: TENANTS_SEED "\*" .*; "Bad Id" /);
  });
});
