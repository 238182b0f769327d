import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CollectionStore, MONGO_CONNECTION, isDuplicateKey } from '@aftercare/persistence';

/**
 * Which closed months of each tenant have been reviewed (`_id` = `<tenant>|<month>`), so that the
 * monthly review scores a month once, not at every pass. Written after the review's follow-up (if
 * any): a crash in between reviews the month again, and the follow-up's own id keeps it to one.
 */
@Injectable()
export class MonthReviews extends CollectionStore {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'month_reviews');
  }

  async isReviewed(tenantId: string, month: string): Promise<boolean> {
    return (await this.collection.findOne(monthReviewFilter(tenantId, month) as never)) !== null;
  }

  async markReviewed(tenantId: string, month: string, review: { belowTarget: boolean; at: Date }): Promise<void> {
    try {
      await this.collection.insertOne({ ...monthReviewFilter(tenantId, month), tenantId, month, ...review } as never);
    } catch (error) {
      // Another instance reviewed it at the same time: the same answer.
      if (!isDuplicateKey(error)) throw error;
    }
  }
}

/** The store's one filter, by `_id` (checked against the indexes by survey-query-shapes.spec.ts). */
export const monthReviewFilter = (tenantId: string, month: string) => ({ _id: `${tenantId}|${month}` });
