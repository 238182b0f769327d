import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { LevelLog, MONGO_CONNECTION } from '@aftercare/persistence';

/** One step of a case's SLA clock escalation, as listed for its level (`_id` = the clock-escalated event's id). */
export interface CaseEscalationEntry {
  _id: string;
  tenantId: string;
  caseId: string;
  /** The level of the chain reached: dispatcher, service_manager, deputy_gm, or a tenant's own. */
  level: string;
  /** The clock that ran out (`reply`). */
  clock: string;
  step: number;
  /** The case's status and priority at the step. */
  status: string;
  priority: string | null;
  escalatedAt: Date;
}

/**
 * The escalations read model (`escalations`), kept from intake's own clock-escalated events (read
 * in `intake.timeline`, ADR 0056), so it is rebuilt with the timeline by replaying the topic
 * (libs/persistence `LevelLog`, as dispatch's and claims').
 */
@Injectable()
export class CaseEscalationLog extends LevelLog<CaseEscalationEntry> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.collection('escalations') as unknown as Collection<CaseEscalationEntry>);
  }
}
