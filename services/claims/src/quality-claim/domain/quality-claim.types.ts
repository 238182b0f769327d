export const URGENCIES = ['urgent', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Who caused the defect (source 003 §1.2). */
export const RESPONSIBILITIES = ['manufacturing', 'design', 'supplier', 'transport', 'customer_misuse', 'undetermined'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

export const CLAIM_ORIGINS = ['intake_case', 'repeat_repair', 'supplier_feedback', 'manual'] as const;
export type ClaimOrigin = (typeof CLAIM_ORIGINS)[number];

/** The caller of a command as the domain needs it: who, and with which roles. */
export interface Actor {
  id: string;
  roles: readonly string[];
}

/** Management ranks: they lead a major claim's team, approve its closure and approve goodwill. */
export const MANAGER_ROLES = ['manager', 'service_manager', 'deputy_gm', 'general_manager'] as const;

export const isManager = (actor: Actor): boolean => actor.roles.some((r) => (MANAGER_ROLES as readonly string[]).includes(r));
export const isQualityEngineer = (actor: Actor): boolean => actor.roles.includes('quality_engineer');
