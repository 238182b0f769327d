import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { LevelLog, MONGO_CONNECTION } from '@aftercare/persistence';

/** One step of a quality claim's or a service complaint's escalation, as listed for its level (`_id` = the escalated event's id). */
export interface ClaimEscalationEntry {
  _id: string;
  tenantId: string;
  kind: 'quality_claim' | 'service_complaint';
  /** The claim or complaint id. */
  subjectId: string;
  caseId: string | null;
  /** The level of the chain reached: quality_engineer, service_manager, deputy_gm. */
  level: string;
  clock: string;
  step: number;
  breach: boolean;
  status: string;
  deadline: Date;
  escalatedAt: Date;
}

/**
 * The escalations read model (`escalations`), kept from claims' own escalated events (read in
 * `claims.main`, ADR 0056), so it can be rebuilt by replaying the topics (libs/persistence
 * `LevelLog`, as dispatch's).
 */
@Injectable()
export class ClaimEscalationLog extends LevelLog<ClaimEscalationEntry> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.collection('escalations') as unknown as Collection<ClaimEscalationEntry>);
  }
}
