import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal OAuth 2.0 authorisation server for the secured-broker test: a client-credentials
 * token endpoint issuing RS256 JWTs, and the JWKS the broker's OAuthBearerValidatorCallbackHandler
 * verifies them with (what Keycloak, Entra ID or Okta are to a managed cluster).
 */
export interface OAuthServer {
  tokenUrl: string;
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** A token for `subject` signed with a key the JWKS does not hold (a forged or foreign token). */
  foreignToken(subject: string): string;
  close(): Promise<void>;
}

const base64url = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

function jwt(key: KeyObject, kid: string, claims: object): string {
  const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key);
  return `${signingInput}.${base64url(signature)}`;
}

export async function startOAuthServer(client: { id: string; secret: string }): Promise<OAuthServer> {
  const kid = randomUUID();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const audience = 'kafka';
  let issuer = '';
  const claimsFor = (subject: string) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: issuer, aud: audience, sub: subject, iat: now, exp: now + 300, scope: 'kafka' };
  };

  const server = http.createServer((request, response) => {
    const answer = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && request.url === '/jwks') {
      answer(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] });
      return;
    }
    if (request.method !== 'POST' || request.url !== '/token') return answer(404, { error: 'not_found' });
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials') return answer(400, { error: 'unsupported_grant_type' });
      if (form.get('client_id') !== client.id || form.get('client_secret') !== client.secret) return answer(401, { error: 'invalid_client' });
      answer(200, { access_token: jwt(privateKey, kid, claimsFor(client.id)), token_type: 'Bearer', expires_in: 300 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = origin;
  return {
    tokenUrl: `${origin}/token`,
    jwksUrl: `${origin}/jwks`,
    issuer,
    audience,
    foreignToken: (subject) => jwt(foreign, kid, claimsFor(subject)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
