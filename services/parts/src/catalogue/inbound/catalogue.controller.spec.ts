import type { Response } from 'express';
import type { PageCursors } from '@aftercare/http';
import type { CatalogueStore } from '../infrastructure/catalogue.store';
import { CatalogueController } from './catalogue.controller';

describe('CatalogueController', () => {
  it('answers a part the store lost right after storing it with an error naming it, not a 404 or an empty view', async () => {
    const store = { upsertIfNewer: jest.fn(async () => true), find: jest.fn(async () => null) };
    const controller = new CatalogueController(store as unknown as CatalogueStore, {} as PageCursors);
    await expect(controller.put('acme', 'SEAL-22', { name: 'Seal', unit: 'pcs' }, undefined, {} as Response)).rejects.toThrow(
      'catalogue part SEAL-22 (tenant acme): not found right after it was stored',
    );
    expect(store.upsertIfNewer).toHaveBeenCalledTimes(1);
  });
});
