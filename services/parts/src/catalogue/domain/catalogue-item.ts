import { invalidFields, type FieldError } from '@aftercare/ddd';

/**
 * A spare part of the catalogue (source 001 §6: part name, specification/model, material), with
 * its unit, standard cost and the parts that may stand in for it when a requester allows it.
 */
export interface CatalogueItem {
  partNo: string;
  name: string;
  specification: string | null;
  material: string | null;
  unit: string;
  /** Best first; never the part itself. */
  substitutes: string[];
  standardCost: number | null;
  /** When the source (the ERP, or a clerk) last changed it: an older change never overwrites a newer one. */
  updatedAt: Date;
}

export const CATALOGUE_ERRORS = { INVALID: 'CATALOGUE_ITEM_INVALID', NOT_FOUND: 'CATALOGUE_ITEM_NOT_FOUND' } as const;

export interface CatalogueItemInput {
  partNo: string;
  name?: string | null;
  specification?: string | null;
  material?: string | null;
  unit?: string | null;
  substitutes?: string[] | null;
  standardCost?: number | null;
  updatedAt: Date;
}

/** Checks a part as maintained over HTTP or received from the ERP; every broken field is named. */
export function catalogueItem(input: CatalogueItemInput): CatalogueItem {
  const problems: FieldError[] = [];
  const name = input.name?.trim();
  const unit = input.unit?.trim();
  if (!input.partNo?.trim()) problems.push({ field: 'partNo', message: 'is required' });
  if (!name) problems.push({ field: 'name', message: 'is required' });
  if (!unit) problems.push({ field: 'unit', message: 'is required' });
  const substitutes = [...new Set(input.substitutes ?? [])];
  if (substitutes.includes(input.partNo)) problems.push({ field: 'substitutes', message: 'must not name the part itself' });
  if (input.standardCost !== null && input.standardCost !== undefined && !(input.standardCost >= 0)) problems.push({ field: 'standardCost', message: 'must not be negative' });
  // Each blank one is among the problems already; checked again so the compiler knows them set below.
  if (problems.length || !name || !unit) throw invalidFields(CATALOGUE_ERRORS.INVALID, 'catalogue item invalid', problems);
  return {
    partNo: input.partNo,
    name,
    specification: input.specification ?? null,
    material: input.material ?? null,
    unit,
    substitutes,
    standardCost: input.standardCost ?? null,
    updatedAt: input.updatedAt,
  };
}
