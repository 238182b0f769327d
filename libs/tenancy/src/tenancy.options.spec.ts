import { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';
import { ConfigError, loadConfig } from '@aftercare/observability';
import { DEMO_TENANT, tenancyOptionsFrom } from './tenancy.options';

const REQUIRED = { MONGO_URL: 'mongodb://127.0.0.1:27017', KAFKA_BROKERS: '127.0.0.1:9092', AUTH_JWKS_URI: 'file:///tmp/jwks.json' };

describe('TENANTS_SEED', () => {
  it('unset, seeds the demo tenant in development only', () => {
    expect(tenancyOptionsFrom({ NODE_ENV: 'development' })).toEqual({ seed: [DEMO_TENANT], defaultTimeZone: 'Asia/Shanghai' });
    expect(tenancyOptionsFrom({ NODE_ENV: 'production' })).toEqual({ seed: [], defaultTimeZone: 'Asia/Shanghai' });
    expect(tenancyOptionsFrom({ NODE_ENV: 'test' })).toEqual({ seed: [], defaultTimeZone: 'Asia/Shanghai' });
  });

  it('empty, seeds nothing, even in development', () => {
    expect(tenancyOptionsFrom({ NODE_ENV: 'development', TENANTS_SEED: '' })).toEqual({ seed: [], defaultTimeZone: 'Asia/Shanghai' });
  });

  it('is a comma-separated list, blanks and repeats dropped', () => {
    expect(tenancyOptionsFrom({ NODE_ENV: 'production', TENANTS_SEED: ' acme, globex,,acme ' })).toEqual({ seed: ['acme', 'globex'], defaultTimeZone: 'Asia/Shanghai' });
  });

  it("stops the start naming each malformed id, '*' included", () => {
    expect(() => tenancyOptionsFrom({ TENANTS_SEED: 'acme,*,Bad Id' }, 'intake')).toThrow(ConfigError);
    expect(() => tenancyOptionsFrom({ TENANTS_SEED: 'acme,*,Bad Id' }, 'intake')).toThrow(/^intake: invalid configuration: TENANTS_SEED "\*" .*; "Bad Id" /);
  });

  it("gives a tenant registered without a zone the deployment's REPORTING_TIME_ZONE, and stops the start on one that is not an IANA zone", () => {
    expect(tenancyOptionsFrom({ TENANTS_SEED: '', REPORTING_TIME_ZONE: 'America/New_York' })).toEqual({ seed: [], defaultTimeZone: 'America/New_York' });
    expect(() => tenancyOptionsFrom({ REPORTING_TIME_ZONE: 'Mars/Base' }, 'parts')).toThrow(/^parts: invalid configuration: REPORTING_TIME_ZONE "Mars\/Base" is not an IANA time zone/);
  });
});

describe('TENANTS_SEED in the service configuration (libs/http)', () => {
  const shape = z.object({ TENANTS_SEED: serviceConfigShape(3000, {}).TENANTS_SEED });
  const accepted = (value: string) => shape.safeParse({ TENANTS_SEED: value }).success;

  it.each(['', 'acme', 'acme,globex', ' acme , admin-co ', 'paging_co', 'x'.repeat(63)])('accepts %p at start-up, as the registry does', (value) => {
    expect(accepted(value)).toBe(true);
    expect(() => tenancyOptionsFrom({ TENANTS_SEED: value })).not.toThrow();
  });

  it.each(['*', 'acme,*', 'Acme', 'ac me', '-acme', 'x'.repeat(64), 'acme;globex'])('refuses %p at start-up, with one line naming it', (value) => {
    expect(accepted(value)).toBe(false);
    expect(() => loadConfig('intake', serviceConfigShape(3000, {}), { ...REQUIRED, TENANTS_SEED: value })).toThrow(/^intake: invalid configuration: TENANTS_SEED must be comma-separated tenant ids/);
  });
});
