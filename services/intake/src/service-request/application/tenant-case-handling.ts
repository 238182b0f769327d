import { Injectable, Optional } from '@nestjs/common';
import { TenantSettingsDirectory, type CaseHandlingSettings } from '@aftercare/tenant-settings';
import { priorityMatrix, type PriorityMatrix, type PriorityMatrixOverrides, type RoutingOverrides } from '../domain';
import { IntakeSettings } from './intake-settings';

/** How intake handles one tenant's cases: the tenant's own settings over the deployment's. */
export interface CaseHandling {
  readonly priorityMatrix: PriorityMatrix;
  readonly duplicateWindowHours: number;
  readonly confirmationSilenceDays: number;
  readonly routing: RoutingOverrides;
}

/**
 * The tenant's case handling (managed through `/sla/case-handling`, libs/tenant-settings) over the
 * deployment's environment values: each field the tenant set wins, an unset one keeps the
 * environment's (PRIORITY_MATRIX, DUPLICATE_WINDOW_HOURS, CONFIRMATION_SILENCE_DAYS, the default
 * routing table). The tenant's matrix overrides single cells of the deployment's matrix. Pure.
 */
export function effectiveCaseHandling(deployment: IntakeSettings, own: CaseHandlingSettings): CaseHandling {
  return {
    priorityMatrix: own.priorityMatrix ? priorityMatrix(own.priorityMatrix as PriorityMatrixOverrides, deployment.priorityMatrix) : deployment.priorityMatrix,
    duplicateWindowHours: own.duplicateWindowHours ?? deployment.duplicateWindowHours,
    confirmationSilenceDays: own.confirmationSilenceDays ?? deployment.confirmationSilenceDays,
    // Checked when managed (`caseHandlingProblems`); the domain checks them again when it routes.
    routing: (own.routingOverrides ?? {}) as RoutingOverrides,
  };
}

/** Reads a tenant's case handling for the use cases (the settings reused a few seconds, see SETTINGS_REUSE_MS). */
@Injectable()
export class TenantCaseHandling {
  constructor(
    private readonly deployment: IntakeSettings,
    // Absent in slimmed test modules: the deployment's values then apply to every tenant.
    @Optional() private readonly directory?: TenantSettingsDirectory,
  ) {}

  async of(tenantId: string): Promise<CaseHandling> {
    const own = this.directory ? (await this.directory.settingsOf(tenantId)).caseHandling : {};
    return effectiveCaseHandling(this.deployment, own);
  }
}
