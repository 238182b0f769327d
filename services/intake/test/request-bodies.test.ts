/**
 * intake, started as it runs, reads request bodies the one way of libs/http: refusals are 4xx
 * problem details and nothing is stored (the body-parsing rules are tested in detail in
 * libs/http/test/body-parsing.test.ts).
 */
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@aftercare/persistence';
import { startIntake, stopIntake, type IntakeTestApp } from './support/intake-app';

let intake: IntakeTestApp;

beforeAll(async () => {
  intake = await startIntake('request-bodies');
});

afterAll(async () => {
  await stopIntake(intake);
});

const cases = () => intake.app.get<Connection>(MONGO_CONNECTION).collection('service_requests');

describe('intake request bodies', () => {
  it('answers JSON nested 5,000 deep with 400 JSON_TOO_DEEP, a form with 415, a latin1 body with 415 and stores nothing', async () => {
    const token = await intake.token(['agent'], 'acme');
    const send = async (body: string | Buffer, contentType: string) => {
      const response = await fetch(`${intake.baseUrl}/api/v1/service-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        body,
      });
      return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as { code?: string } };
    };
    const deep = `${'{"customer":'.repeat(5_000)}{}${'}'.repeat(5_000)}`;
    expect(await send(deep, 'application/json')).toMatchObject({ status: 400, body: { code: 'JSON_TOO_DEEP' } });
    expect(await send('channel=phone', 'application/x-www-form-urlencoded')).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(await send('{"channel":"phone"}', 'application/json; charset=latin1')).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_CHARSET' } });
    const notUtf8 = Buffer.concat([Buffer.from('{"channel":"phone","problemDescription":"pump '), Buffer.from([0xff]), Buffer.from('"}')]);
    const invalid = await send(notUtf8, 'application/json');
    expect(invalid).toMatchObject({ status: 400, body: { code: 'INVALID_UTF8' } });
    expect(invalid.type).toMatch(/^application\/problem\+json/);
    expect(await cases().countDocuments({})).toBe(0);
  });
});
