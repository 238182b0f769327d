import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, type AggregateDocument } from '@aftercare/persistence';
import { SurveyInvitation, type InvitationSnapshot } from '../domain';

export type InvitationDocument = AggregateDocument &
  Omit<InvitationSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds'> & {
    /** When a background pass must look at it next (send, remind, expire); null when done. */
    nextCheckAt: Date | null;
  };

const schema = new Schema<InvitationDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'invitations', strict: false, versionKey: false, autoIndex: false },
);

/**
 * Survey invitations. A job invitation's id derives from tenant and work order, so the `_id`
 * index is what makes a redelivered `verified` find the invitation it created (one per order).
 * Loads are by `_id` (tenant checked on the document); saves are the version guard.
 */
@Injectable()
export class InvitationRepository extends AggregateRepository<SurveyInvitation, InvitationDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection.models.SurveyInvitation ?? connection.model<InvitationDocument>('SurveyInvitation', schema), 'survey invitation', {
      topic: TOPICS.surveyInvitationEvents.name,
      source: '/aftercare/survey',
      relay,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  protected toDocument(invitation: SurveyInvitation): Record<string, unknown> {
    const { id: _id, tenantId: _tenant, version: _version, handledMessageIds: _handled, ...state } = invitation.toSnapshot();
    return { ...state, nextCheckAt: invitation.nextCheckAt };
  }

  protected toAggregate(document: InvitationDocument): SurveyInvitation {
    const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, nextCheckAt: _next, ...state } = document;
    return SurveyInvitation.fromSnapshot({ ...(state as unknown as InvitationSnapshot), id: _id, handledMessageIds: _handled ?? [] });
  }
}
