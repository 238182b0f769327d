import { Injectable } from '@nestjs/common';
import type { AccompanyingMessage } from '@aftercare/persistence';
import { TenantSettingsDirectory, escalationNotices } from '@aftercare/tenant-settings';
import type { Escalation } from '../common/escalation-ladder';

/** A quality claim or a service complaint, as far as telling people of its escalations goes. */
interface Escalating {
  id: string;
  tenantId: string;
  state: { caseId: string | null; status: string; escalations: readonly Escalation<string>[] };
  pendingFacts: readonly ({ kind: string } | { kind: 'escalated'; escalation: Escalation<string> })[];
}

const isEscalated = (fact: { kind: string }): fact is { kind: 'escalated'; escalation: Escalation<string> } => fact.kind === 'escalated';

/**
 * Each step of a claim's or complaint's escalation chain reaches the people the tenant names for
 * its level (the tenant's escalation contacts, libs/tenant-settings; claims' chain is
 * quality_engineer → service_manager → deputy_gm): one notification request per person, in the
 * same write as the step. A complaint about no single case (a month's follow-up) has no case
 * for a notification request: its steps are published, nobody is written to.
 */
@Injectable()
export class ClaimEscalationNotices {
  constructor(private readonly settings: TenantSettingsDirectory) {}

  async for(subject: Escalating, kind: 'quality-claim' | 'service-complaint', requestedAt: Date = new Date()): Promise<AccompanyingMessage[]> {
    const caseId = subject.state.caseId;
    if (caseId === null) return [];
    const messages: AccompanyingMessage[] = [];
    for (const fact of subject.pendingFacts.filter(isEscalated)) {
      const { escalation } = fact;
      const contacts = await this.settings.contactsAt(subject.tenantId, escalation.level);
      const reason = `${escalation.clock}_${escalation.step === 1 ? 'breached' : 'escalated'}`;
      messages.push(
        ...escalationNotices(contacts, {
          tenantId: subject.tenantId,
          caseId,
          // Each clock's step happens once per claim: a retried save requests the same notifications.
          noticeKey: `${subject.id}-${escalation.clock}-${escalation.step}`,
          level: escalation.level,
          step: escalation.step,
          reason,
          template: `claims.${kind}.escalated`,
          parameters: { [kind === 'quality-claim' ? 'claimId' : 'complaintId']: subject.id, caseId, clock: escalation.clock, deadline: escalation.deadline.toISOString(), status: subject.state.status, level: escalation.level, step: escalation.step },
          requestedBy: 'claims',
          requestedAt,
        }),
      );
    }
    return messages;
  }
}
