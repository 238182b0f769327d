import { Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { ServiceRequestRepository } from '../../service-request/infrastructure/service-request.repository';
import type { TimelineEntry } from '../domain/timeline-entry';
import { CaseTimelineStore } from '../infrastructure/case-timeline.store';

export const SERVICE_REQUEST_NOT_FOUND = 'SERVICE_REQUEST_NOT_FOUND';

export interface CaseTimeline {
  caseId: string;
  entries: TimelineEntry[];
}

/** The whole life of one case across services, for the caller's tenant only. */
@Injectable()
export class GetCaseTimeline {
  constructor(
    private readonly cases: ServiceRequestRepository,
    private readonly timeline: CaseTimelineStore,
  ) {}

  async execute(tenantId: string, caseId: string): Promise<CaseTimeline> {
    // The case must exist for this tenant: another tenant's case is "not found", never "forbidden".
    const serviceRequest = await this.cases.findById(tenantId, caseId);
    if (!serviceRequest) {
      throw new DomainError(SERVICE_REQUEST_NOT_FOUND, `service request ${caseId} does not exist`, 'not_found', { id: caseId });
    }
    return { caseId, entries: await this.timeline.listForCase(tenantId, caseId) };
  }
}
