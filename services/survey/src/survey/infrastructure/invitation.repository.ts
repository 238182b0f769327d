import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import { TOPICS } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import {
  AggregateRepository,
  NextCheckIndex,
  LeaseStore,
  MONGO_CONNECTION,
  MongoDueWorkStore,
  type AggregateDocument,
  type ClaimedCheck,
  type PassOptions,
  type PassReport,
  type SaveOptions,
} from '@aftercare/persistence';
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
// The lifecycle job's backstop scan (MongoDB; a scan on the embedded store, run rarely).
schema.index({ nextCheckAt: 1 }, { sparse: true });

/** The reminder and expiry job's name: its keys in `due_work` and `leases` start with it. */
export const INVITATION_LIFECYCLE_JOB = 'survey-invitation-lifecycle';

export type ClaimedInvitation = ClaimedCheck;

/**
 * Survey invitations. A job invitation's id derives from tenant and work order, so the `_id`
 * index is what makes a redelivered `verified` find the invitation it created (one per order).
 * Loads are by `_id` (tenant checked on the document); saves are the version guard. Each saved
 * invitation's next check (send, remind, expire) has an entry in the due index (`due_work`,
 * docs/local-stack.md rule 4), so the lifecycle job never scans the invitations.
 */
@Injectable()
export class InvitationRepository extends AggregateRepository<SurveyInvitation, InvitationDocument> implements OnModuleInit {
  private readonly dueChecks: NextCheckIndex<SurveyInvitation>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay, leases: LeaseStore, dueWork: MongoDueWorkStore) {
    super(connection.models.SurveyInvitation ?? connection.model<InvitationDocument>('SurveyInvitation', schema), 'survey invitation', {
      topic: TOPICS.surveyInvitationEvents.name,
      source: '/aftercare/survey',
      relay,
    });
    this.dueChecks = new NextCheckIndex(INVITATION_LIFECYCLE_JOB, () => this.collection as never, dueWork, leases);
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  protected toDocument(invitation: SurveyInvitation): Record<string, unknown> {
    const { id: _id, tenantId: _tenant, version: _version, handledMessageIds: _handled, ...state } = invitation.toSnapshot();
    return { ...state, nextCheckAt: invitation.nextCheckAt };
  }

  protected toAggregate(document: InvitationDocument): SurveyInvitation {
    const { _id, _outbox, _outboxPending, _outboxSince, _outboxLeaseUntil, _outboxClaim, _handled, _trace, nextCheckAt, ...state } = document;
    const invitation = SurveyInvitation.fromSnapshot({ ...(state as unknown as InvitationSnapshot), id: _id, handledMessageIds: _handled ?? [] });
    this.dueChecks.track(invitation, nextCheckAt ?? null);
    return invitation;
  }

  /** Intent first: the due-index entry of the next check is written before the invitation. */
  override async save(invitation: SurveyInvitation, options?: SaveOptions): Promise<void> {
    await this.dueChecks.scheduleFor(invitation, invitation.nextCheckAt);
    return super.save(invitation, options);
  }

  // ---- due work (the reminder and expiry job) ---------------------------------------------------

  /** One pass at `now`: each invitation due by then is leased to this instance and handed to `check`. */
  passDueChecks(now: Date, options: PassOptions, check: (claimed: ClaimedInvitation) => Promise<void>): Promise<PassReport> {
    return this.dueChecks.pass(now, options, check);
  }

  /** Ends a check (the lease); a save of the invitation has already moved its next check. */
  endCheck(claimed: ClaimedInvitation): Promise<void> {
    return this.dueChecks.end(claimed);
  }

}
