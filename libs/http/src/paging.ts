import { createHmac, timingSafeEqual } from 'node:crypto';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { invalidFields, type DomainError } from '@aftercare/ddd';
import { DEV_SECRET_PREFIX } from '@aftercare/observability';
import { Optional } from './dto';

/**
 * Cursor paging, the same for every list of every service.
 *
 * A cursor is the position after the last item of a page (e.g. `[createdAt, id]`), serialised and
 * signed with HMAC-SHA256 under the deployment's `CURSOR_SECRET`: `<payload>.<signature>`, both
 * base64url. Signed so that a client cannot forge positions (a hand-made cursor is a query the API
 * never offered) and so that a tampered or foreign cursor is a clear 422 INVALID_CURSOR rather than
 * a parse failure deep in a query. The signature also covers the list's name, so a cursor of one
 * list is refused by another.
 *
 * Two answers, as for any value whose meaning the server alone knows: a cursor not of the documented
 * shape (`CURSOR_PATTERN`, published in the OpenAPI document) is 400 VALIDATION_FAILED; one of that
 * shape that this API did not issue for this list is 422 INVALID_CURSOR. A client (or a fuzzer)
 * reading the document can tell the two apart; no schema can say which signatures are genuine.
 */
export const INVALID_CURSOR = 'INVALID_CURSOR';

/** The development secret; every deployment sets its own `CURSOR_SECRET` (production refuses this one). */
export const DEV_CURSOR_SECRET = `${DEV_SECRET_PREFIX}cursor-secret-change-me`;

/** One value of a position: what sorts a list (a time as ISO text, an id, a number). */
export type CursorValue = string | number;

export const invalidCursor = (): DomainError =>
  invalidFields(INVALID_CURSOR, 'Invalid cursor', [{ field: 'cursor', message: 'is not one this API returned for this list' }], 'rule');

/** `<payload>.<signature>`, both base64url (a SHA-256 HMAC is 43 characters). */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,800}\.[A-Za-z0-9_-]{43}$/;

/** Signs and checks the cursors of every list; injectable (PagingModule) with the deployment's secret. */
export class PageCursors {
  constructor(private readonly secret: string) {}

  /** The cursor of `position` in the list named `list`. */
  encode(list: string, position: readonly CursorValue[]): string {
    const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
    return `${payload}.${this.sign(list, payload)}`;
  }

  /** The position a cursor of `list` holds, of `arity` values; anything else is 422 INVALID_CURSOR. */
  decode(list: string, cursor: string, arity: number): CursorValue[] {
    if (!CURSOR_PATTERN.test(cursor)) throw invalidCursor();
    const [payload, signature] = cursor.split('.') as [string, string];
    const expected = Buffer.from(this.sign(list, payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
    let position: unknown;
    try {
      position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    if (!Array.isArray(position) || position.length !== arity || !position.every((v) => typeof v === 'string' || typeof v === 'number'))
      throw invalidCursor();
    return position as CursorValue[];
  }

  /** A `(time, id)` position, the usual one of a newest-first list. */
  encodeTimeAndId(list: string, at: Date, id: string): string {
    return this.encode(list, [at.toISOString(), id]);
  }

  decodeTimeAndId(list: string, cursor: string): { at: Date; id: string } {
    const [at, id] = this.decode(list, cursor, 2);
    const time = typeof at === 'string' ? new Date(at) : new Date(NaN);
    if (Number.isNaN(time.getTime()) || typeof id !== 'string' || id === '') throw invalidCursor();
    return { at: time, id };
  }

  private sign(list: string, payload: string): string {
    return createHmac('sha256', this.secret).update(`${list}\n${payload}`).digest('base64url');
  }
}

/** Makes `PageCursors` injectable everywhere (imported once by ServicePlatformModule). */
@Global()
@Module({})
export class PagingModule {
  static forRoot(secret: string): DynamicModule {
    return { module: PagingModule, providers: [{ provide: PageCursors, useValue: new PageCursors(secret) }], exports: [PageCursors] };
  }
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The page size asked for, within the bounds. */
export const pageSizeOf = (limit: number | undefined, bounds = { default: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE }): number =>
  Math.min(Math.max(limit ?? bounds.default, 1), bounds.max);

/** Query strings arrive as text: a whole number becomes a number, anything else stays (and fails). */
const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/** `limit` and `cursor`: every list's query DTO extends this (documented as query parameters). */
export class PagingQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, example: 20, description: 'Items per page' })
  @Optional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page (signed: one this list did not return answers 422 INVALID_CURSOR)',
    pattern: CURSOR_PATTERN.source,
    maxLength: 900,
  })
  @Optional()
  @IsString()
  @MaxLength(900)
  @Matches(CURSOR_PATTERN, { message: 'cursor must be the nextCursor of a page of this list' }) // the signature is checked where the list reads it: 422
  cursor?: string;
}
