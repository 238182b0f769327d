import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { LevelLog, MONGO_CONNECTION, type LevelLogPosition } from '@aftercare/persistence';

/** One escalation of a work order as listed for its level (`_id` = the escalated event's id). */
export interface EscalationEntry {
  _id: string;
  tenantId: string;
  /** The level of the escalation chain reached (dispatcher, service_manager, deputy_gm, or a tenant's own). */
  level: string;
  step: number;
  reason: string;
  workOrderId: string;
  caseId: string;
  status: string;
  technicianId: string | null;
  note: string | null;
  escalatedAt: Date;
}

/** Where a page starts: after this entry in newest-first order. */
export type EscalationPosition = LevelLogPosition;

/**
 * The escalations read model (`escalations`), kept from dispatch's own escalated events (read in
 * `dispatch.main`, ADR 0056), so it can be rebuilt by replaying the topic (libs/persistence `LevelLog`).
 */
@Injectable()
export class EscalationLog extends LevelLog<EscalationEntry> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.collection('escalations') as unknown as Collection<EscalationEntry>);
  }
}
