import { ApiProperty } from '@nestjs/swagger';
import type { CatalogueItem } from '../domain/catalogue-item';

export class CatalogueItemView {
  @ApiProperty({ example: 'SEAL-22' }) partNo!: string;
  @ApiProperty({ type: 'integer', description: 'Also the ETag' }) version!: number;
  @ApiProperty({ example: 'Mechanical seal' }) name!: string;
  @ApiProperty({ type: 'string', nullable: true, example: '22 mm' }) specification!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'SiC/carbon' }) material!: string | null;
  @ApiProperty({ example: 'pcs' }) unit!: string;
  @ApiProperty({ type: [String], example: ['SEAL-22B'] }) substitutes!: string[];
  @ApiProperty({ type: 'number', nullable: true, example: 180 }) standardCost!: number | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: string;
}

export class CatalogueItemPage {
  @ApiProperty({ type: [CatalogueItemView] }) items!: CatalogueItemView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

export function toCatalogueItemView(item: CatalogueItem, version: number): CatalogueItemView {
  return {
    partNo: item.partNo,
    version,
    name: item.name,
    specification: item.specification,
    material: item.material,
    unit: item.unit,
    substitutes: [...item.substitutes],
    standardCost: item.standardCost,
    updatedAt: item.updatedAt.toISOString(),
  };
}
