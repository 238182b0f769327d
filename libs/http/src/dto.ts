import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, Matches, ValidateBy, ValidateIf, ValidateNested, buildMessage, type ValidationOptions } from 'class-validator';

/**
 * Decorators for request DTOs, so that every service validates nested input, optional fields and
 * unknown fields the same way, and documents exactly what it enforces.
 */

/**
 * The field may be left out, but not sent as `null`: `@IsOptional()` lets `null` through, which
 * the OpenAPI document does not allow (`expectedVersion: null` reached the command as a version).
 * A field that really accepts null says so with its own decorators.
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

type Constructor = new (...args: never[]) => unknown;

/**
 * A nested object validated by its own DTO class. Required unless `optional`; an array, a string,
 * `null` or a missing value is a 400 naming the field — `@ValidateNested()` alone accepts a missing
 * value and an array, which then reached the controller (500 on `POST /work-orders/{id}/complete`
 * with `{}`).
 */
export function NestedObject(type: () => Constructor, options: { optional?: boolean } = {}): PropertyDecorator {
  return applyDecorators(...(options.optional ? [Optional()] : []), IsObject(), ValidateNested(), Type(type));
}

/** A list of nested objects, each validated by its DTO class (no `null`, array or scalar items). */
export function NestedList(type: () => Constructor, options: { maxItems: number; optional?: boolean }): PropertyDecorator {
  return applyDecorators(
    ...(options.optional ? [Optional()] : []),
    IsArray(),
    ArrayMaxSize(options.maxItems),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(type),
  );
}

/**
 * Documents the class's schema with `additionalProperties: false`. True for every DTO the global
 * validation pipe checks (libs/http validation.ts: `whitelist` + `forbidNonWhitelisted`, nested DTOs
 * included), so a client generator and a fuzzer know that unknown fields are refused (400).
 * Put it on every request DTO class, nested ones too (the metadata is per class, not inherited).
 */
// @nestjs/swagger merges the last entry under this key into the class's schema (its `@ApiSchema`
// metadata; the constant is not exported by the package).
const API_SCHEMA_METADATA = 'swagger/apiSchema';

export function ClosedObject(): ClassDecorator {
  return mergeIntoClassSchema({ additionalProperties: false });
}

function mergeIntoClassSchema(keywords: Record<string, unknown>): ClassDecorator {
  return (target) => {
    const previous = (Reflect.getOwnMetadata(API_SCHEMA_METADATA, target) as object[] | undefined) ?? [];
    const last = previous[previous.length - 1] ?? {};
    Reflect.defineMetadata(API_SCHEMA_METADATA, [...previous.slice(0, -1), { ...last, ...keywords }], target);
  };
}

/**
 * What "not blank" means for a text field, as a JSON Schema `pattern` (unanchored: the text must
 * contain a match): at least one character that `String.prototype.trim` keeps. The domain trims
 * and treats an all-blank text as missing, so a field that must have content documents this.
 * Every ECMAScript white space and line terminator is listed rather than written `\S`, which other
 * regex engines (Python's, a fuzzer's) read as a different set.
 */
export const NOT_BLANK_PATTERN = '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
const NOT_BLANK = new RegExp(NOT_BLANK_PATTERN);

/** The field must hold a character that is not white space (400 otherwise); document it with `pattern: NOT_BLANK_PATTERN`. */
export const NotBlank = (options: ValidationOptions = {}): PropertyDecorator =>
  Matches(NOT_BLANK, { message: '$property must not be blank (white space only)', ...options });

// The per-property metadata of @ApiProperty (the constant is not exported by the package).
const API_MODEL_PROPERTIES_METADATA = 'swagger/apiModelProperties';

/**
 * Documents inherited optional fields as required on this class only — for a body whose fields
 * the domain requires (and answers 400 naming the missing ones) while a sibling DTO shares them as
 * optional (registration and update of one resource).
 */
export function ApiRequiredFields(...fields: string[]): ClassDecorator {
  return (target) => {
    for (const field of fields) {
      const existing = Reflect.getMetadata(API_MODEL_PROPERTIES_METADATA, target.prototype as object, field) as object | undefined;
      if (!existing) throw new Error(`ApiRequiredFields: ${target.name}.${field} has no @ApiProperty`);
      // An object property written out as a raw schema keeps its own `required` list of fields; Swagger
      // then reads the property's own requiredness from `selfRequired`.
      const ownFields = Array.isArray((existing as { required?: unknown }).required);
      ApiProperty({ ...existing, ...(ownFields ? { selfRequired: true } : { required: true }) } as ApiPropertyOptions)(target.prototype as object, field);
    }
  };
}

/**
 * An RFC 3339 `date-time`, exactly what `format: date-time` documents: `2025-03-14T09:00:00+08:00`,
 * fraction optional, `Z` or an offset, a real calendar day. Not class-validator's
 * `IsISO8601({ strict: true })`: it takes ISO forms the format does not (`2025-03-14`, no offset)
 * and refuses real dates in the years 0000–0099, which a fuzzer sends as valid.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

export function isDateTime(value: unknown): boolean {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

function isRealDay(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/**
 * A calendar date as `format: date` documents it (RFC 3339 `full-date`): `2025-03-14`, a real day.
 * The pattern spells the month and day ranges out, so a client reading the document alone does
 * not send month 37; the day of the month (no 30 February) is the format's.
 */
export const CALENDAR_DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
const CALENDAR_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export function isCalendarDate(value: unknown): boolean {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The field is a calendar date `YYYY-MM-DD` (400 otherwise); document it with `format: 'date'` and `CALENDAR_DATE_PATTERN`. */
export const IsCalendarDate = (): PropertyDecorator =>
  ValidateBy({ name: 'isCalendarDate', validator: { validate: isCalendarDate, defaultMessage: buildMessage((property) => `${property} must be a calendar date YYYY-MM-DD, e.g. 2025-03-14`) } });

/** The field is an RFC 3339 date-time (400 otherwise); document it with `format: 'date-time'`. */
export const IsDateTime = (): PropertyDecorator =>
  ValidateBy({ name: 'isDateTime', validator: { validate: isDateTime, defaultMessage: buildMessage((property) => `${property} must be an RFC 3339 date-time, e.g. 2025-03-14T09:00:00+08:00`) } });
