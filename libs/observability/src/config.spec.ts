import { z } from 'zod';
import { ConfigError, DEV_SECRET_PREFIX, baseConfigShape, kafkaTopicsMode, loadConfig } from './config';

const valid = {
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9093',
  AUTH_JWKS_URI: 'file:///tmp/jwks.json',
};

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig('intake', { ...baseConfigShape, PORT: z.coerce.number().default(3001) }, { ...valid, PORT: '4000' });
    expect(config).toMatchObject({ PORT: 4000, HOST: '127.0.0.1', KAFKA_TOPIC_PREFIX: '', LOG_LEVEL: 'info', OUTBOX_BACKLOG_READY_LIMIT: 1000 });
  });

  it('names every missing and malformed setting in one line', () => {
    const attempt = () => loadConfig('dispatch', baseConfigShape, { KAFKA_BROKERS: 'nonsense', AUTH_JWKS_URI: 'ftp://x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'dispatch: invalid configuration: MONGO_URL is required; KAFKA_BROKERS must be a comma-separated list of host:port; AUTH_JWKS_URI must be an http(s):// or file:// uri',
    );
  });
});

describe('Kafka connection settings', () => {
  const load = (extra: Record<string, string>) => loadConfig('parts', baseConfigShape, { ...valid, ...extra });
  const pem = __filename; // any file that exists

  it('reads TLS and SASL settings, with "false" meaning false', () => {
    expect(load({ KAFKA_TLS: 'false' }).KAFKA_TLS).toBe(false);
    const config = load({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: pem, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'parts', KAFKA_SASL_PASSWORD: 's3cret' });
    expect(config).toMatchObject({ KAFKA_TLS: true, KAFKA_TLS_CA_FILE: pem, KAFKA_SASL_MECHANISM: 'scram-sha-512' });
  });

  it.each([
    [{ KAFKA_TLS: 'yes' }, 'KAFKA_TLS must be true or false'],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'parts' }, 'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM=scram-sha-512'],
    [{ KAFKA_SASL_MECHANISM: 'oauthbearer' }, 'KAFKA_SASL_OAUTH_TOKEN_URL is required with KAFKA_SASL_MECHANISM=oauthbearer'],
    [{ KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: pem }, 'KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together (mutual TLS)'],
    [{ KAFKA_TLS_CA_FILE: pem }, 'KAFKA_TLS_CA_FILE needs KAFKA_TLS=true'],
    [{ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nowhere/ca.crt' }, 'KAFKA_TLS_CA_FILE names /nowhere/ca.crt, which does not exist'],
    [
      { NODE_ENV: 'production', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
      'KAFKA_SASL_MECHANISM=plain sends the password in clear text: set KAFKA_TLS=true',
    ],
  ])('refuses %j at start: %s', (extra, problem) => {
    expect(() => load(extra)).toThrow(ConfigError);
    expect(() => load(extra)).toThrow(problem);
  });

  it('refuses a development secret in production and keeps it elsewhere', () => {
    const shape = { ...baseConfigShape, CURSOR_SECRET: z.string().default(`${DEV_SECRET_PREFIX}cursor-secret`) };
    expect(loadConfig('intake', shape, { ...valid }).CURSOR_SECRET).toBe(`${DEV_SECRET_PREFIX}cursor-secret`);
    expect(() => loadConfig('intake', shape, { ...valid, NODE_ENV: 'production' })).toThrow(
      'intake: invalid configuration: CURSOR_SECRET still has its development default: set a secret of this deployment\'s own (at least 32 random characters)',
    );
    expect(loadConfig('intake', shape, { ...valid, NODE_ENV: 'production', CURSOR_SECRET: 'f'.repeat(40) }).CURSOR_SECRET).toBe('f'.repeat(40));
  });

  it('verifies topics in production and creates them elsewhere, unless told', () => {
    expect(kafkaTopicsMode(load({ NODE_ENV: 'production' }))).toBe('verify');
    expect(kafkaTopicsMode(load({}))).toBe('create');
    expect(kafkaTopicsMode(load({ NODE_ENV: 'production', KAFKA_TOPICS: 'create' }))).toBe('create');
  });
});
