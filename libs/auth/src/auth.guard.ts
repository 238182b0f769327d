import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ANY_TENANT_KEY, IS_PUBLIC_KEY, ROLES_KEY } from './auth.constants';
import { roleForbidden, tenantUnknown, tokenMissing } from './auth.errors';
import { JwtVerifier } from './jwt-verifier';
import type { AuthenticatedRequest } from './principal';
import type { Role } from './roles';
import { TENANT_DIRECTORY, type TenantDirectory } from './tenant';

interface HttpRequestLike extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface HttpResponseLike {
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Global guard registered by `AuthModule.forRoot()`: `@Public()` routes pass; every other HTTP
 * route needs a valid RS256 bearer token and one of the roles its `@Roles()` declares. A route
 * without `@Roles()` is refused (403): every route must declare who may call it.
 *
 * Only HTTP is guarded. Kafka handlers of a hybrid app are trusted transport, carry the tenant in
 * the `ce_tenantid` header, and are let through.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JwtVerifier) private readonly verifier: JwtVerifier,
    @Optional() @Inject(TENANT_DIRECTORY) private readonly tenants?: TenantDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const response = http.getResponse<HttpResponseLike>();
    try {
      const token = bearerToken(request.headers['authorization']);
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (isUnauthorized(error)) setChallenge(response, error);
      throw error;
    }

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    const held = request.principal.roles;
    if (!required.some((role) => held.includes(role))) throw roleForbidden(required, held);
    const platformRoute = this.reflector.getAllAndOverride<boolean | undefined>(ANY_TENANT_KEY, targets) === true;
    const { tenantId } = request.principal;
    if (this.tenants && !platformRoute && !(await this.tenants.isKnown(tenantId))) throw tenantUnknown(tenantId);
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') {
    throw tokenMissing('an Authorization: Bearer <token> header is required');
  }
  const match = BEARER.exec(value.trim());
  if (!match?.[1]) {
    throw tokenMissing('the Authorization header must use the Bearer scheme: "Authorization: Bearer <token>"');
  }
  return match[1];
}

interface UnauthorizedLike {
  getStatus(): number;
  getResponse(): unknown;
}

function isUnauthorized(error: unknown): error is UnauthorizedLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as UnauthorizedLike).getStatus === 'function' &&
    (error as UnauthorizedLike).getStatus() === 401
  );
}

/** RFC 6750 §3: a 401 carries a Bearer challenge; `invalid_token` when a token was presented. */
function setChallenge(response: HttpResponseLike, error: UnauthorizedLike): void {
  const body = error.getResponse() as { code?: string; message?: string };
  const value =
    body.code === 'AUTH_TOKEN_INVALID'
      ? `Bearer error="invalid_token", error_description="${quoteSafe(body.message ?? 'invalid token')}"`
      : 'Bearer';
  if (typeof response.setHeader === 'function') response.setHeader('WWW-Authenticate', value);
  else if (typeof response.header === 'function') response.header('WWW-Authenticate', value);
}

function quoteSafe(text: string): string {
  // error_description allows %x20-21 / %x23-5B / %x5D-7E only.
  return text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "'");
}
