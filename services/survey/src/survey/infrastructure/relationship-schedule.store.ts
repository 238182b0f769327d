import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CollectionStore, ConcurrencyError, MONGO_CONNECTION, VERSION_GUARD_INDEX, aggregateFilters } from '@aftercare/persistence';
import type { SurveyLanguage } from '@aftercare/contracts';
import type { RelationshipSchedule } from '../domain';

/** Whom a customer's relationship survey goes to: the contact of the customer's latest case. */
export interface CustomerContact {
  name: string;
  phone: string | null;
  email: string | null;
}

/** A customer's relationship-survey schedule, with the invitation waiting for its due date. */
export interface StoredRelationshipSchedule extends RelationshipSchedule {
  tenantId: string;
  /** 1 at enrolment, one more per change (the API's ETag). */
  version: number;
  /** True once the customer's own cadence was set (a tenant-wide change then leaves it alone). */
  cadenceOfCustomer: boolean;
  /** The scheduled invitation for `nextAt`. */
  invitationId: string;
  language: SurveyLanguage;
  contact: CustomerContact;
}

/**
 * Each customer's relationship-survey schedule (`_id` = `<tenant>|<customer>`), enrolled from
 * intake's `registered` events. The due date itself is watched by the scheduled invitation (the
 * lifecycle job's due index), so this store is only read by `_id`.
 */
@Injectable()
export class RelationshipScheduleStore extends CollectionStore {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'relationship_schedules', { unique: [VERSION_GUARD_INDEX] });
  }

  async find(tenantId: string, customerId: string): Promise<StoredRelationshipSchedule | null> {
    const document = await this.collection.findOne(relationshipScheduleFilter(tenantId, customerId) as never);
    if (!document) return null;
    const { _id, ...schedule } = document;
    return schedule as unknown as StoredRelationshipSchedule;
  }

  /**
   * The tenant's customers that follow its cadence (no cadence of their own): a range of `_id`
   * (`<tenant>|…`), read once per tenant-wide cadence change (an admin action, not a hot path).
   */
  async followingTheTenant(tenantId: string): Promise<StoredRelationshipSchedule[]> {
    const documents = await this.collection.find({ _id: { $gt: `${tenantId}|`, $lt: `${tenantId}|\uffff` }, cadenceOfCustomer: false } as never).toArray();
    return documents.map(({ _id, ...schedule }) => schedule as unknown as StoredRelationshipSchedule);
  }

  /** Enrols the customer unless enrolled already (then only the contact is refreshed); true when enrolled now. */
  async enrol(schedule: StoredRelationshipSchedule): Promise<boolean> {
    const { contact, ...rest } = schedule;
    const result = await this.collection.updateOne(relationshipScheduleFilter(schedule.tenantId, schedule.customerId) as never, { $setOnInsert: rest, $set: { contact } }, { upsert: true });
    return result.upsertedCount === 1;
  }

  /** Writes the changed schedule over the version it was read at (`schedule.version`); the stored one is one more. */
  async replace(schedule: StoredRelationshipSchedule): Promise<StoredRelationshipSchedule> {
    const { _id } = relationshipScheduleFilter(schedule.tenantId, schedule.customerId);
    const changed = { ...schedule, version: schedule.version + 1 };
    if (!(await this.setIfStill(aggregateFilters.versionGuard(_id, schedule.tenantId, schedule.version) as never, changed))) {
      throw new ConcurrencyError('relationship schedule', _id, schedule.version);
    }
    return changed;
  }
}

/** The store's one filter, by `_id` (checked against the indexes by survey-query-shapes.spec.ts). */
export const relationshipScheduleFilter = (tenantId: string, customerId: string) => ({ _id: `${tenantId}|${customerId}` });
