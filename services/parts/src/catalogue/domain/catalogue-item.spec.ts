import type { DomainError } from '@aftercare/ddd';
import { catalogueItem } from './catalogue-item';

const at = new Date('2026-02-01T00:00:00Z');

describe('catalogue item', () => {
  it('keeps the fields of the procedure and drops repeated substitutes', () => {
    expect(catalogueItem({ partNo: 'SEAL-22', name: ' Seal ', specification: '22 mm', material: 'SiC', unit: 'pcs', substitutes: ['SEAL-22B', 'SEAL-22B'], standardCost: 180, updatedAt: at })).toEqual({
      partNo: 'SEAL-22',
      name: 'Seal',
      specification: '22 mm',
      material: 'SiC',
      unit: 'pcs',
      substitutes: ['SEAL-22B'],
      standardCost: 180,
      updatedAt: at,
    });
  });

  it('names every broken field', () => {
    let error: DomainError | undefined;
    try {
      catalogueItem({ partNo: 'SEAL-22', name: '', unit: null, substitutes: ['SEAL-22'], standardCost: -1, updatedAt: at });
    } catch (e) {
      error = e as DomainError;
    }
    expect(error?.code).toBe('CATALOGUE_ITEM_INVALID');
    expect(error?.fieldErrors.map((f) => f.field)).toEqual(['name', 'unit', 'substitutes', 'standardCost']);
  });
});
