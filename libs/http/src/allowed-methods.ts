import { HttpException, HttpStatus } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A documented path as a matcher, with the methods it answers. */
interface PathMethods {
  pattern: RegExp;
  allow: string[];
}

/** The methods of each path of an OpenAPI document (`{id}` matches one path segment). */
export function pathMethodsOf(document: Pick<OpenAPIObject, 'paths'>): PathMethods[] {
  return Object.entries(document.paths).map(([path, item]) => {
    const allow = METHODS.filter((method) => (item as Record<string, unknown>)[method] !== undefined).map((m) => m.toUpperCase());
    if (allow.includes('GET') && !allow.includes('HEAD')) allow.push('HEAD');
    const pattern = new RegExp(`^${path.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}/?$`);
    return { pattern, allow };
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * 405 with `Allow` for a method a documented path does not answer (RFC 9110 §15.5.6), instead of
 * Nest's 404, which tells a client the resource does not exist. Paths outside the document are
 * left to routing (404). The document is read on the first request, once it exists.
 */
export function allowedMethodsMiddleware(document: () => Pick<OpenAPIObject, 'paths'> | undefined) {
  let paths: PathMethods[] | undefined;
  return function allowedMethods(request: Request, response: Response, next: NextFunction): void {
    const current = document();
    if (!current) return next();
    paths ??= pathMethodsOf(current);
    const matching = paths.filter(({ pattern }) => pattern.test(request.path));
    if (matching.length === 0) return next();
    const allow = [...new Set(matching.flatMap((p) => p.allow))];
    if (allow.includes(request.method)) return next();
    response.setHeader('Allow', allow.join(', '));
    next(new HttpException({ code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not allowed here; allowed: ${allow.join(', ')}` }, HttpStatus.METHOD_NOT_ALLOWED));
  };
}
