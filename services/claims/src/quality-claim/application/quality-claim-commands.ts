import { Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { ConcurrencyError } from '@aftercare/persistence';
import { TenantClocks } from '../../clocks/tenant-clocks';
import type { Actor, PlannedAction, Prevention, QualityClaim, RejectCommand, Responsibility, Severity, SupplierDefect, TeamMember, Urgency } from '../domain';
import { QualityClaimRepository } from '../infrastructure/quality-claim.repository';

export const QUALITY_CLAIM_NOT_FOUND = 'QUALITY_CLAIM_NOT_FOUND';

export const qualityClaimNotFound = (id: string): DomainError =>
  new DomainError(QUALITY_CLAIM_NOT_FOUND, `Quality claim ${id} not found`, 'not_found', { claimId: id });

export interface CommandContext {
  tenantId: string;
  claimId: string;
  actor: Actor;
  expectedVersion?: number;
  at?: Date;
}

export interface TriageInput {
  urgency: Urgency;
  severity: Severity;
  department: string;
  responsibility: Responsibility;
  productionStopped: boolean;
  supplier?: SupplierDefect;
}

/**
 * The 8D commands: load the claim, check the caller's version (If-Match), apply, save in one
 * write. Each returns the claim as saved.
 */
@Injectable()
export class QualityClaimCommands {
  constructor(
    private readonly claims: QualityClaimRepository,
    private readonly clocks: TenantClocks,
  ) {}

  triage(ctx: CommandContext, input: TriageInput): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => {
      const closureDueAt = this.clocks.of(ctx.tenantId).closureDue(claim.state.openedAt, input.urgency === 'urgent' ? 'urgent' : 'normal');
      claim.triage({ ...input, closureDueAt, at });
    });
  }

  formTeam(ctx: CommandContext, team: { leader: TeamMember; members: TeamMember[] }): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.formTeam({ ...team, at }));
  }

  contain(ctx: CommandContext, input: { actions: string; quantitySuspect: number; quantityContained: number; locations: string[] }): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.contain({ ...input, at }));
  }

  identifyRootCause(
    ctx: CommandContext,
    input: { whyChain: string[]; rootCause: string; escapePoint: string; responsibility?: Responsibility; supplier?: SupplierDefect },
  ): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.identifyRootCause({ ...input, at }));
  }

  planActions(ctx: CommandContext, actions: PlannedAction[]): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.planActions({ actions, at }));
  }

  implement(ctx: CommandContext, input: { summary: string; evidence: string[] }): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.implement({ ...input, at }));
  }

  verify(ctx: CommandContext, input: { result: string; prevention: Prevention }): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.verify({ ...input, actor: ctx.actor, at }));
  }

  recognise(ctx: CommandContext, note: string): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.recognise({ note, at }));
  }

  addNote(ctx: CommandContext, text: string): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.addNote({ by: ctx.actor.id, text, at }));
  }

  recordCustomerContact(ctx: CommandContext, kind: 'first_contact' | 'rectification_status'): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.recordCustomerContact({ kind, at }));
  }

  explainLateReply(ctx: CommandContext, text: string): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.explainLateReply({ by: ctx.actor.id, text, at }));
  }

  close(ctx: CommandContext, finalReport: string | null): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.close({ actor: ctx.actor, finalReport, at }));
  }

  reject(ctx: CommandContext, input: Omit<RejectCommand, 'actor' | 'at'>): Promise<QualityClaim> {
    return this.change(ctx, (claim, at) => claim.reject({ ...input, actor: ctx.actor, at }));
  }

  async load(tenantId: string, claimId: string): Promise<QualityClaim> {
    const claim = await this.claims.findById(tenantId, claimId);
    if (!claim) throw qualityClaimNotFound(claimId);
    return claim;
  }

  private async change(ctx: CommandContext, apply: (claim: QualityClaim, at: Date) => void): Promise<QualityClaim> {
    const claim = await this.load(ctx.tenantId, ctx.claimId);
    if (ctx.expectedVersion !== undefined && claim.version !== ctx.expectedVersion) throw new ConcurrencyError('quality claim', ctx.claimId, ctx.expectedVersion);
    apply(claim, ctx.at ?? new Date());
    await this.claims.save(claim);
    return claim;
  }
}
