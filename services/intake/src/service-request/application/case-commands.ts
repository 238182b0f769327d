import { Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { ConcurrencyError } from '@aftercare/persistence';
import {
  FEE_CLASS_OF,
  SERVICE_REQUEST_ERRORS,
  type Attachment,
  type CancelledBy,
  type CloseReason,
  type Entitlement,
  type FeeClass,
  type ReopenReason,
  type RoutingOverrides,
  type ServiceRequest,
} from '../domain';
import { ServiceRequestRepository } from '../infrastructure/service-request.repository';
import { serviceRequestNotFound } from './service-request.queries';
import { TenantCaseHandling } from './tenant-case-handling';

export type DecidableEntitlement = Exclude<Entitlement, 'unknown'>;

/** Optimistic concurrency: the version the caller read (If-Match), when it sent one. */
export interface Expect {
  expectedVersion?: number;
}

/**
 * The agent's commands on an existing case: load (tenant-scoped), run the aggregate command,
 * check the version the caller read (when it sent one), save with the version it was loaded with.
 * A stale or concurrent change surfaces as CONCURRENT_MODIFICATION (409, or 412 over If-Match);
 * the caller reloads and decides again.
 */
@Injectable()
export class CaseCommands {
  constructor(
    private readonly cases: ServiceRequestRepository,
    private readonly caseHandling: TenantCaseHandling,
  ) {}

  async load(tenantId: string, id: string, expect: Expect = {}): Promise<ServiceRequest> {
    const found = await this.cases.findById(tenantId, id);
    if (!found) throw serviceRequestNotFound(id);
    if (expect.expectedVersion !== undefined && found.version !== expect.expectedVersion)
      throw new ConcurrencyError('service request', id, expect.expectedVersion);
    return found;
  }

  /**
   * The case a command addressed to `id` applies to: the case itself, or — when it was merged
   * as a duplicate — the surviving case (docs/domain.md, duplicates). The caller's If-Match is
   * checked against the case it addressed, the one whose version it read.
   */
  async loadTarget(tenantId: string, id: string, expect: Expect = {}): Promise<ServiceRequest> {
    const addressed = await this.load(tenantId, id, expect);
    // A survivor is an open case registered before its duplicates, never itself merged: one hop.
    return addressed.duplicateOf ? this.load(tenantId, addressed.duplicateOf) : addressed;
  }

  /** Information and attachments; for a merged duplicate they reach the surviving case. Returns the case that received them. */
  addInformation(tenantId: string, id: string, input: Expect & { text?: string | null; attachments?: Attachment[]; addedBy: string }): Promise<ServiceRequest> {
    return this.change(tenantId, id, input, (c) => c.addInformation({ text: input.text, attachments: input.attachments, addedBy: input.addedBy }));
  }

  /** The agent flags a field-service case a quality problem (8 h on site). */
  flagQualityProblem(tenantId: string, id: string, input: Expect & { source: 'agent' | 'quality_complaint' }): Promise<ServiceRequest> {
    return this.change(tenantId, id, input, (c) => c.flagQualityProblem({ source: input.source }));
  }

  /** The agent's answer resolves a consultation. */
  answerConsultation(tenantId: string, id: string, input: Expect & { answer: string; answeredBy: string }): Promise<ServiceRequest> {
    return this.change(tenantId, id, input, (c) => c.answerConsultation({ answer: input.answer, answeredBy: input.answeredBy }));
  }

  /** A suggestion goes to its reviewer. */
  startReview(tenantId: string, id: string, input: Expect & { owner: string; reviewDate: string }): Promise<ServiceRequest> {
    return this.change(tenantId, id, input, (c) => c.startReview({ owner: input.owner, reviewDate: input.reviewDate }));
  }

  /** The reviewer's reply resolves the suggestion. */
  replyToSuggestion(tenantId: string, id: string, input: Expect & { reply: string; repliedBy: string }): Promise<ServiceRequest> {
    return this.change(tenantId, id, input, (c) => c.replyToSuggestion({ reply: input.reply, repliedBy: input.repliedBy }));
  }

  cancel(tenantId: string, id: string, input: Expect & { reason: string; cancelledBy: CancelledBy }): Promise<ServiceRequest> {
    return this.change(tenantId, id, input, (c) => c.cancel({ reason: input.reason, cancelledBy: input.cancelledBy }));
  }

  /** The customer confirms the result. */
  confirm(tenantId: string, id: string, expect: Expect = {}): Promise<ServiceRequest> {
    return this.change(tenantId, id, expect, (c) => c.confirm());
  }

  reopen(tenantId: string, id: string, input: Expect & { reason: ReopenReason; note?: string | null }): Promise<ServiceRequest> {
    return this.change(tenantId, id, input, (c) => c.reopen({ reason: input.reason, note: input.note }));
  }

  close(tenantId: string, id: string, input: Expect & { reason: CloseReason }): Promise<ServiceRequest> {
    return this.change(tenantId, id, input, (c) => c.close({ reason: input.reason }));
  }

  /**
   * The agent settles the entitlement (reason `agent_decision`), typically one the installed base
   * could not decide; the fee class defaults to the coverage's. A case that was waiting for it is
   * routed in the same write.
   */
  async decideEntitlement(
    tenantId: string,
    id: string,
    input: Expect & { entitlement: DecidableEntitlement; feeClass?: FeeClass; contractId?: string | null },
  ): Promise<ServiceRequest> {
    const { routing } = await this.caseHandling.of(tenantId);
    return this.change(tenantId, id, input, (c) => {
      c.setEntitlement({
        entitlement: {
          entitlement: input.entitlement,
          feeClass: input.feeClass ?? FEE_CLASS_OF[input.entitlement],
          reason: 'agent_decision',
          contractId: input.contractId ?? null,
        },
      });
      routeIfWaiting(c, routing);
    });
  }

  /** Every command follows a merged duplicate to its survivor: whatever the customer says about the request reaches it. */
  private async change(tenantId: string, id: string, expect: Expect, command: (request: ServiceRequest) => void): Promise<ServiceRequest> {
    const request = await this.loadTarget(tenantId, id, expect);
    command(request);
    await this.cases.save(request);
    return request;
  }
}

/** Routes a case that waits for routing (acknowledged or reopened, not routed in this round). */
function routeIfWaiting(request: ServiceRequest, routing: RoutingOverrides): void {
  if (!request.can('route')) return;
  try {
    request.route({ routing });
  } catch (error) {
    if (error instanceof DomainError && error.code === SERVICE_REQUEST_ERRORS.ALREADY_ROUTED) return;
    throw error;
  }
}
