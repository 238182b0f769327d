import type { ServiceRequestRouted } from '@aftercare/contracts';
import { WORK_ORDER_TYPES, type CaseTerms, type WorkOrderType } from '../domain';

/**
 * How a routed case becomes a job description. Stand-ins for master data that does not exist yet
 * (a product catalogue with lines and the skills each line needs):
 *
 * - **Product line** = the model's leading code: the letters (and digits) before the first `-`,
 *   `_` or space, upper-cased (`CP-200` → `CP`, `HX 40` → `HX`); `UNKNOWN` without a model.
 * - **Required skills** = the request type's skill (`repair`, `installation`, `commissioning`,
 *   `maintenance`, `training` — the type name itself) plus the product line's trade from
 *   `PRODUCT_LINE_SKILLS` (`CP` pumps → `hydraulics`, `HX` heat exchangers → `brazing`, `CTRL`
 *   controllers → `electrical`, `CH` chillers → `refrigeration`); a line not in the table adds none.
 */
export const PRODUCT_LINE_SKILLS: Readonly<Record<string, readonly string[]>> = {
  CP: ['hydraulics'],
  HX: ['brazing'],
  CTRL: ['electrical'],
  CH: ['refrigeration'],
};

export const UNKNOWN_PRODUCT = 'UNKNOWN';

export function isWorkOrderType(type: string): type is WorkOrderType {
  return (WORK_ORDER_TYPES as readonly string[]).includes(type);
}

export function productLineOf(model: string | null | undefined): string {
  const code = (model ?? '').trim().split(/[-_\s]/)[0]?.toUpperCase() ?? '';
  return code || UNKNOWN_PRODUCT;
}

export function requiredSkillsFor(type: WorkOrderType, productLine: string): string[] {
  return [type, ...(PRODUCT_LINE_SKILLS[productLine] ?? [])];
}

/**
 * The case's terms as the routed event gives them. Older producers send none of the three newer
 * fields: the call is then taken to be the routing, with no agreement and no quality problem.
 */
export function caseTermsOf(routed: ServiceRequestRouted): CaseTerms {
  const agreement = routed.serviceAgreement ?? null;
  return {
    receivedAt: new Date(routed.receivedAt ?? routed.routedAt),
    serviceAgreement: agreement && { id: agreement.id, level: agreement.level, validFrom: agreement.validFrom, validTo: agreement.validTo },
    qualityProblem: routed.qualityProblem === true,
    feeClass: routed.feeClass,
  };
}
