import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString } from 'class-validator';
import { createValidationPipe } from './validation';
import { ClosedObject, NestedList, NestedObject, Optional } from './dto';

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
