import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CollectionStore, MONGO_CONNECTION, VERSION_GUARD_INDEX } from '@aftercare/persistence';
import type { MonthlyReportSnapshot } from '@aftercare/monthly-report';

export interface StoredReport {
  report: MonthlyReportSnapshot;
  version: number;
}

/**
 * One document per tenant and month (`_id` = `<tenant>|<month>`) holding every revision: a new
 * revision is a compare-and-set on the version, so two writers never lose one. Documents are kept
 * until `retainUntil` (five years after the close); nothing here deletes them.
 */
@Injectable()
export class MonthlyReportStore extends CollectionStore {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'monthly_reports', { unique: [VERSION_GUARD_INDEX] });
  }

  async find(tenantId: string, month: string): Promise<StoredReport | null> {
    const document = await this.collection.findOne(monthlyReportFilters.byId(tenantId, month) as never);
    return document && document.tenantId === tenantId ? { report: document.report as MonthlyReportSnapshot, version: document.version as number } : null;
  }

  /** The reports of several months (the trend's history), those that exist. */
  async findMonths(tenantId: string, months: readonly string[]): Promise<MonthlyReportSnapshot[]> {
    if (months.length === 0) return [];
    const documents = await this.collection.find(monthlyReportFilters.byIds(tenantId, months) as never).toArray();
    return documents.filter((d) => d.tenantId === tenantId).map((d) => d.report as MonthlyReportSnapshot);
  }

  /** The first revision; false when another writer created the month's report first. */
  async insert(report: MonthlyReportSnapshot): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: keyOf(report.tenantId, report.month), tenantId: report.tenantId, month: report.month, version: 1, report } as never);
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** Stores a later revision if nobody wrote since `version` was read; false otherwise (read again and retry). */
  async replace(report: MonthlyReportSnapshot, version: number): Promise<boolean> {
    return this.setIfStill(monthlyReportFilters.versionGuard(report.tenantId, report.month, version) as never, { report, version: version + 1 });
  }
}

const keyOf = (tenantId: string, month: string) => `${tenantId}|${month}`;

/** The store's filters (checked against the indexes by monthly-report-query-shapes.spec.ts). */
export const monthlyReportFilters = {
  byId: (tenantId: string, month: string) => ({ _id: keyOf(tenantId, month) }),
  byIds: (tenantId: string, months: readonly string[]) => ({ _id: { $in: months.map((m) => keyOf(tenantId, m)) } }),
  versionGuard: (tenantId: string, month: string, version: number) => ({ _id: keyOf(tenantId, month), tenantId, version }),
};
