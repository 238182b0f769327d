import { Injectable } from '@nestjs/common';
import type { AccompanyingMessage } from '@aftercare/persistence';
import { TenantSettingsDirectory, escalationNotices } from '@aftercare/tenant-settings';
import type { ServiceRequest } from '../../service-request/domain';

/** One step of a case's SLA clock escalation: its place in the clock's chain and the level it reaches. */
export interface ClockEscalationStep {
  clock: string;
  /** 1 = the chain's first level (the case's escalation level). */
  step: number;
  /** The chain's level reached (dispatcher, service_manager, deputy_gm, or a tenant's own). */
  level: string;
  at: Date;
}

/**
 * Escalation reaches people (ADR 0023), for intake's clocks as for dispatch's orders: a
 * notification request to each person the tenant names at the level reached, saved in the same
 * write as the case's escalation (libs/tenant-settings `escalationNotices`). A level nobody is
 * named for notifies nobody; the escalation is still recorded and published.
 */
@Injectable()
export class ReplyEscalationNotices {
  constructor(private readonly settings: TenantSettingsDirectory) {}

  async for(serviceRequest: ServiceRequest, escalation: ClockEscalationStep): Promise<AccompanyingMessage[]> {
    const { clock, step, level, at } = escalation;
    const contacts = await this.settings.contactsAt(serviceRequest.tenantId, level);
    return escalationNotices(contacts, {
      tenantId: serviceRequest.tenantId,
      caseId: serviceRequest.id,
      // A clock reaches each step of its chain once: stable, so a retried save requests the same notifications.
      noticeKey: `${serviceRequest.id}-${clock}-${step}`,
      level,
      step,
      reason: `${clock}_deadline_breached`,
      template: 'case-escalated',
      parameters: { caseId: serviceRequest.id, clock, level, step, status: serviceRequest.status, escalatedAt: at.toISOString() },
      requestedBy: 'intake',
      requestedAt: at,
    });
  }
}
