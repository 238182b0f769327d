import { z } from 'zod';
import { ConfigError, baseConfigShape, loadConfig } from './config';

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
