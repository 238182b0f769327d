/**
 * Metadata key set by `@Public()`. Its value is `true`. Libraries that must not depend on
 * `@aftercare/auth` (e.g. health endpoints) may set it with `SetMetadata('aftercare:auth:public', true)`.
 */
export const IS_PUBLIC_KEY = 'aftercare:auth:public';

/** Metadata key set by `@Roles(...)`: the `Role[]` allowed on a handler or controller. */
export const ROLES_KEY = 'aftercare:auth:roles';

/** Metadata key set by `@AnyTenant()`: the route acts on the platform, not inside one tenant. */
export const ANY_TENANT_KEY = 'aftercare:auth:any-tenant';

/** Injection token of the `AuthModuleOptions`. */
export const AUTH_MODULE_OPTIONS = Symbol('AUTH_MODULE_OPTIONS');

/** Name of the OpenAPI security scheme: `DocumentBuilder.addBearerAuth(..., BEARER_SECURITY)`. */
export const BEARER_SECURITY = 'bearer';

/** Stable error codes of this library (the `code` of the error body). */
export const AuthErrorCode = {
  TokenMissing: 'AUTH_TOKEN_MISSING',
  TokenInvalid: 'AUTH_TOKEN_INVALID',
  RoleForbidden: 'AUTH_ROLE_FORBIDDEN',
  JwksUnavailable: 'AUTH_JWKS_UNAVAILABLE',
  /** The token's tenant is not in the tenant registry (HTTP 403; the dead-letter reason of a message). */
  UnknownTenant: 'UNKNOWN_TENANT',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];
