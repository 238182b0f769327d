import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { assertSupportedJwksUri, type AuthModuleOptions } from './auth.options';
import { jwksUnavailable, tokenInvalid } from './auth.errors';
import { principalFromClaims, type Principal } from './principal';

/** The only signature algorithm accepted. */
export const ACCEPTED_ALGORITHMS = ['RS256'];

/**
 * Verifies compact JWTs against the configured JWKS and turns them into Principals.
 * Throws `UnauthorizedException({ code: 'AUTH_TOKEN_INVALID' })` for anything wrong with the token,
 * `ServiceUnavailableException({ code: 'AUTH_JWKS_UNAVAILABLE' })` when the key set cannot be fetched.
 */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: AuthModuleOptions) {
    this.keys = loadKeySet(options.jwksUri);
  }

  async verify(token: string): Promise<Principal> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ACCEPTED_ALGORITHMS,
        ...(this.options.issuer !== undefined ? { issuer: this.options.issuer } : {}),
        ...(this.options.audience !== undefined ? { audience: this.options.audience } : {}),
        ...(this.options.clockTolerance !== undefined ? { clockTolerance: this.options.clockTolerance } : {}),
      }));
    } catch (error) {
      throw translateVerifyError(error);
    }
    const result = principalFromClaims(payload);
    if (!result.ok) throw tokenInvalid(result.reason);
    return result.principal;
  }
}

/** The key set itself could not be obtained (network, HTTP status, bad JSON): not the caller's fault. */
class KeySetUnavailableError extends Error {
  constructor(readonly reason: unknown) {
    super(`the trusted key set could not be loaded: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

function loadKeySet(jwksUri: string): JWTVerifyGetKey {
  const url = assertSupportedJwksUri(jwksUri);
  if (url.protocol !== 'file:') {
    const remote = createRemoteJWKSet(url);
    return async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
          throw error;
        }
        throw new KeySetUnavailableError(error);
      }
    };
  }
  const path = fileURLToPath(url);
  let jwks: unknown;
  try {
    jwks = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`AUTH_JWKS_URI ${jwksUri}: cannot read a JSON key set from ${path}: ${(error as Error).message}`);
  }
  if (!isKeySet(jwks)) {
    throw new Error(`AUTH_JWKS_URI ${jwksUri}: ${path} is not a JWKS (an object with a "keys" array)`);
  }
  return createLocalJWKSet(jwks);
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  return typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys);
}

function translateVerifyError(error: unknown): unknown {
  if (error instanceof KeySetUnavailableError) {
    return jwksUnavailable(error.message);
  }
  if (error instanceof joseErrors.JWTExpired) {
    return tokenInvalid('token has expired');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return tokenInvalid('token issuer ("iss") is not the expected issuer');
      case 'aud':
        return tokenInvalid('token audience ("aud") is not the expected audience');
      case 'nbf':
        return tokenInvalid('token is not valid yet ("nbf" is in the future)');
      default:
        return tokenInvalid(`token claim "${error.claim}" is invalid: ${error.message}`);
    }
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return tokenInvalid(`token algorithm is not allowed; only ${ACCEPTED_ALGORITHMS.join(', ')} is accepted`);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return tokenInvalid('token signature verification failed');
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return tokenInvalid('token was not signed by a key in the trusted key set (no key matches its "kid")');
  }
  if (error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return tokenInvalid('token has no "kid" header and several trusted keys could match');
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) {
    return tokenInvalid(`token is malformed: ${error.message}`);
  }
  if (error instanceof joseErrors.JOSENotSupported) {
    return tokenInvalid(`token uses an unsupported feature: ${error.message}`);
  }
  if (error instanceof joseErrors.JOSEError) {
    // e.g. a key in the set that does not fit the token (JWKInvalid): the token cannot be trusted.
    return tokenInvalid(`token cannot be verified: ${error.message}`);
  }
  if (error instanceof TypeError) {
    // jose signals wrong input types (e.g. a key of the wrong type for the algorithm) with TypeError.
    return tokenInvalid(`token cannot be verified: ${error.message}`);
  }
  // Anything else is a defect, not a bad token: let it surface as such.
  return error;
}
