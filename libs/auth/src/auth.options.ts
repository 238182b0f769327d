export interface AuthModuleOptions {
  /**
   * Where the public keys come from: `https://…` / `http://…` (fetched and cached, re-fetched
   * when an unknown `kid` shows up) or `file:///abs/path/jwks.json` (read once at start-up).
   */
  jwksUri: string;
  /** Expected `iss` claim; not checked when absent. */
  issuer?: string;
  /** Expected `aud` claim; not checked when absent. */
  audience?: string;
  /** Allowed clock skew for `exp`/`nbf`, seconds or a jose time span ('5s'). Default 0. */
  clockTolerance?: number | string;
}

/**
 * Reads `AUTH_JWKS_URI` (required), `AUTH_ISSUER`, `AUTH_AUDIENCE` from the environment.
 * Throws one clear message when the JWKS URI is missing or has an unsupported scheme.
 */
export function authOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AuthModuleOptions {
  const jwksUri = env['AUTH_JWKS_URI']?.trim();
  if (!jwksUri) {
    throw new Error(
      'AUTH_JWKS_URI is not set: point it at the JWKS (https://…/jwks.json, or file://<repo>/.stack/auth/jwks.json for local runs; `npm run token` creates it)',
    );
  }
  assertSupportedJwksUri(jwksUri);
  const issuer = env['AUTH_ISSUER']?.trim() || undefined;
  const audience = env['AUTH_AUDIENCE']?.trim() || undefined;
  return { jwksUri, ...(issuer ? { issuer } : {}), ...(audience ? { audience } : {}) };
}

export function assertSupportedJwksUri(jwksUri: string): URL {
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    throw new Error(`AUTH_JWKS_URI "${jwksUri}" is not a URL (expected https://…, http://… or file:///abs/path/jwks.json)`);
  }
  if (!['https:', 'http:', 'file:'].includes(url.protocol)) {
    throw new Error(`AUTH_JWKS_URI "${jwksUri}" has unsupported scheme ${url.protocol} (expected https:, http: or file:)`);
  }
  return url;
}
