import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString } from 'class-validator';
import { createValidationPipe } from './validation';
import { CALENDAR_DATE_PATTERN, ClosedObject, NOT_BLANK_PATTERN, NestedList, NestedObject, Optional, isCalendarDate, isDateTime } from './dto';

@ClosedObject()
class Signature {
  @ApiProperty() @IsString() name!: string;
}

@ClosedObject()
class Command {
  @ApiPropertyOptional({ type: 'integer' }) @Optional() @IsInt() expectedVersion?: number;
  @ApiProperty({ type: Signature }) @NestedObject(() => Signature) signature!: Signature;
  @ApiPropertyOptional({ type: Signature }) @NestedObject(() => Signature, { optional: true }) witness?: Signature;
  @ApiPropertyOptional({ type: [Signature] }) @NestedList(() => Signature, { maxItems: 2, optional: true }) others?: Signature[];
}

const pipe = createValidationPipe();
const validate = (body: unknown) => pipe.transform(body, { type: 'body', metatype: Command });
async function fieldsRefused(body: unknown): Promise<string[]> {
  try {
    await validate(body);
    return [];
  } catch (error) {
    const response = (error as { getResponse(): { errors: Array<{ field: string }> } }).getResponse();
    return [...new Set(response.errors.map((e) => e.field.split('.')[0]!))];
  }
}

describe('request DTO decorators under the global validation pipe', () => {
  it('accepts a good body, optional parts left out', async () => {
    await expect(validate({ signature: { name: 'Li Wei' } })).resolves.toBeInstanceOf(Command);
    await expect(validate({ expectedVersion: 3, signature: { name: 'Li Wei' }, witness: { name: 'Wang' }, others: [{ name: 'Zhao' }] })).resolves.toBeInstanceOf(Command);
  });

  it('refuses a required nested object left out, null, a list or a scalar', async () => {
    for (const signature of [undefined, null, [], [{ name: 'Li Wei' }], 'Li Wei', 7]) {
      expect(await fieldsRefused({ signature })).toEqual(['signature']);
    }
  });

  it('refuses null for an optional field, nested or not', async () => {
    const good = { signature: { name: 'Li Wei' } };
    expect(await fieldsRefused({ ...good, expectedVersion: null })).toEqual(['expectedVersion']);
    expect(await fieldsRefused({ ...good, witness: null })).toEqual(['witness']);
    expect(await fieldsRefused({ ...good, others: null })).toEqual(['others']);
  });

  it('refuses list items that are not objects, too many items and unknown fields at any depth', async () => {
    const good = { signature: { name: 'Li Wei' } };
    expect(await fieldsRefused({ ...good, others: [null] })).toEqual(['others']);
    expect(await fieldsRefused({ ...good, others: [['x']] })).toEqual(['others']);
    expect(await fieldsRefused({ ...good, others: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] })).toEqual(['others']);
    expect(await fieldsRefused({ ...good, colour: 'red' })).toEqual(['colour']);
    expect(await fieldsRefused({ signature: { name: 'Li Wei', colour: 'red' } })).toEqual(['signature']);
  });
});

describe('NOT_BLANK_PATTERN', () => {
  it('matches exactly the texts String.prototype.trim leaves non-empty, character by character', () => {
    const notBlank = new RegExp(NOT_BLANK_PATTERN);
    const mismatches: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const text = String.fromCharCode(code);
      if (notBlank.test(text) !== (text.trim() !== '')) mismatches.push(code.toString(16));
    }
    expect(mismatches).toEqual([]);
    expect(notBlank.test(' \t\u3000\ufeff\n')).toBe(false);
    expect(notBlank.test(' \u3000x ')).toBe(true);
  });
});

describe('isDateTime (RFC 3339, what format: date-time documents)', () => {
  it.each(['2025-03-14T09:00:00+08:00', '2025-03-14T01:00:00.123Z', '0097-10-16T13:11:08.657-22:53', '2024-02-29T00:00:00z', '9999-12-31t23:59:59Z'])('takes %s', (value) => {
    expect(isDateTime(value)).toBe(true);
  });

  it.each(['2025-03-14', '2025-03-14T09:00:00', '2025-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2025-13-01T00:00:00Z', '2025-03-14T24:00:00Z', '2025-03-14T09:00:00+24:00', '2025-03-14 09:00:00Z', ' 2025-03-14T09:00:00Z', 20250314])(
    'refuses %j',
    (value) => {
      expect(isDateTime(value)).toBe(false);
    },
  );
});

describe('isCalendarDate (what format: date documents)', () => {
  it.each(['2025-03-14', '2024-02-29', '0097-10-16', '2025-12-31'])('takes %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
    expect(new RegExp(CALENDAR_DATE_PATTERN).test(value)).toBe(true);
  });

  it.each(['5055-37-20', '3011-55-53', '2025-02-29', '2025-04-31', '2025-3-14', '2025-03-14T00:00:00Z', '', 20250314])('refuses %s', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });

  it('documents no month or day outside its range', () => {
    for (const value of ['2025-13-01', '2025-00-10', '2025-01-32', '2025-01-00']) expect(new RegExp(CALENDAR_DATE_PATTERN).test(value)).toBe(false);
  });
});
