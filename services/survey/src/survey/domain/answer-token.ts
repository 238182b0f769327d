/**
 * The answer link's token: signed, single-use, expiring, no login (design).
 * `<tenantId>.<invitationId>.<expiresAt in epoch seconds>.<HMAC-SHA256 of the three, base64url>`
 * with a secret of the deployment. An altered token does not verify (404: the link names nothing); an expired
 * one is gone (410); single use is the invitation's state (answered → 410), not the token's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AnswerTokenClaims {
  tenantId: string;
  invitationId: string;
  expiresAt: Date;
}

export type TokenCheck = { ok: true; claims: AnswerTokenClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired'; claims?: AnswerTokenClaims };

const ID = /^[A-Za-z0-9_-]{1,200}$/;

export function signAnswerToken(claims: AnswerTokenClaims, secret: string): string {
  if (!ID.test(claims.tenantId) || !ID.test(claims.invitationId)) throw new Error(`invitation ${claims.tenantId}/${claims.invitationId} cannot travel in a link`);
  const body = `${claims.tenantId}.${claims.invitationId}.${Math.floor(claims.expiresAt.getTime() / 1000)}`;
  return `${body}.${mac(body, secret)}`;
}

export function verifyAnswerToken(token: string, secret: string, now: Date): TokenCheck {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 4 || !ID.test(parts[0]) || !ID.test(parts[1]) || !/^\d{1,12}$/.test(parts[2])) return { ok: false, reason: 'malformed' };
  const [tenantId, invitationId, seconds, signature] = parts;
  const expected = Buffer.from(mac(`${tenantId}.${invitationId}.${seconds}`, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  const claims = { tenantId, invitationId, expiresAt: new Date(Number(seconds) * 1000) };
  if (now.getTime() >= claims.expiresAt.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
