import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientCredentialsTokenSource, kafkaSecurityFrom } from './kafka-connection';

describe('kafkaSecurityFrom', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-tls-'));
    for (const name of ['ca.crt', 'client.crt', 'client.key']) fs.writeFileSync(path.join(dir, name), `-----BEGIN ${name}-----\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is plaintext without settings (the local stack)', () => {
    expect(kafkaSecurityFrom({})).toEqual({});
  });

  it('trusts the system CAs with TLS alone, and the given CA and client certificate when set', () => {
    expect(kafkaSecurityFrom({ KAFKA_TLS: true })).toEqual({ ssl: true });
    expect(
      kafkaSecurityFrom({ KAFKA_TLS: true, KAFKA_TLS_CA_FILE: path.join(dir, 'ca.crt'), KAFKA_TLS_CERT_FILE: path.join(dir, 'client.crt'), KAFKA_TLS_KEY_FILE: path.join(dir, 'client.key') }),
    ).toEqual({ ssl: { ca: ['-----BEGIN ca.crt-----\n'], cert: '-----BEGIN client.crt-----\n', key: '-----BEGIN client.key-----\n' } });
  });

  it('authenticates with SCRAM', () => {
    expect(kafkaSecurityFrom({ KAFKA_TLS: true, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'intake', KAFKA_SASL_PASSWORD: 'pw' })).toEqual({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'intake', password: 'pw' },
    });
  });

  it('authenticates with OAUTHBEARER through the token source (oauth-bearer.spec.ts tells the exchange)', () => {
    const security = kafkaSecurityFrom({ KAFKA_TLS: true, KAFKA_SASL_MECHANISM: 'oauthbearer' }, async () => ({ value: 'token-1' }));
    expect(security.ssl).toBe(true);
    expect(security.sasl).toMatchObject({ mechanism: 'oauthbearer', authenticationProvider: expect.any(Function) });
  });

  it('asks for the token endpoint settings with OAUTHBEARER and no token source', () => {
    expect(() => kafkaSecurityFrom({ KAFKA_SASL_MECHANISM: 'oauthbearer' })).toThrow('KAFKA_SASL_OAUTH_TOKEN_URL is required with KAFKA_SASL_MECHANISM=oauthbearer');
  });
});

describe('clientCredentialsTokenSource', () => {
  const answer = (status: number, body: object) => ({ ok: status < 400, status, json: async () => body }) as Response;

  it('asks the token endpoint with the client credentials and reuses the token until shortly before it expires', async () => {
    const fetchImpl = jest.fn().mockResolvedValue(answer(200, { access_token: 'abc', expires_in: 3600 }));
    const source = clientCredentialsTokenSource('https://idp.example/token', 'intake', 'secret', 'kafka', fetchImpl as unknown as typeof fetch);
    await expect(source()).resolves.toEqual({ value: 'abc' });
    await expect(source()).resolves.toEqual({ value: 'abc' });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe('https://idp.example/token');
    expect(String(init.body)).toBe('grant_type=client_credentials&client_id=intake&client_secret=secret&scope=kafka');
  });

  it('fetches again once the token is within a minute of expiry', async () => {
    const fetchImpl = jest.fn().mockResolvedValueOnce(answer(200, { access_token: 'short', expires_in: 30 })).mockResolvedValueOnce(answer(200, { access_token: 'next', expires_in: 3600 }));
    const source = clientCredentialsTokenSource('https://idp.example/token', 'intake', 'secret', undefined, fetchImpl as unknown as typeof fetch);
    await expect(source()).resolves.toEqual({ value: 'short' });
    await expect(source()).resolves.toEqual({ value: 'next' });
  });

  it('fails with the endpoint and status when the grant is refused', async () => {
    const source = clientCredentialsTokenSource('https://idp.example/token', 'intake', 'wrong', undefined, (async () => answer(401, {})) as unknown as typeof fetch);
    await expect(source()).rejects.toThrow('the token endpoint https://idp.example/token answered 401');
  });
});
