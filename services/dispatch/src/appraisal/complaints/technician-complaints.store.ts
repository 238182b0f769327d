import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION, prepareCollection, type UniqueIndex } from '@aftercare/persistence';
import { MonthEntries, upsertRacing } from '../month-entries';
import { complaintCounts, type CountedComplaint } from './technician-complaints';

/** What dispatch remembers of one complaint about a technician. */
interface ComplaintDocument {
  _id: string;
  tenantId: string;
  complaintId: string;
  /** From `opened`: the instant claims counts the complaint's month from. */
  receivedAt?: Date;
  /** The month it was counted in, once it was: a later `closed` of it counts nothing more. */
  countedIn?: string;
}

export const SERVICE_COMPLAINTS_UNIQUE_INDEXES: readonly UniqueIndex[] = [];

/** The filter of `service_complaints`, by `_id` (checked by dispatch-query-shapes.spec.ts). */
export const serviceComplaintFilters = {
  byComplaint: (tenantId: string, complaintId: string) => ({ _id: `${tenantId}|${complaintId}` }),
};

/**
 * dispatch's copy of the service complaints its appraisal needs, from claims' public events:
 * per complaint about a technician (`service_complaints`), when it was received and the month it
 * was counted in; per tenant and month (`technician_complaints`), the complaints counted, one
 * entry per complaint. Read and written by `_id` only.
 */
@Injectable()
export class TechnicianComplaints implements OnModuleInit {
  private readonly complaints: Collection<ComplaintDocument>;
  private readonly months: MonthEntries<CountedComplaint>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.complaints = connection.collection<ComplaintDocument>('service_complaints') as unknown as Collection<ComplaintDocument>;
    this.months = new MonthEntries(connection, 'technician_complaints', 'complaints');
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.complaints, { unique: SERVICE_COMPLAINTS_UNIQUE_INDEXES });
    await this.months.prepare();
  }

  /** Keeps when the complaint was received; an `opened` delivered again changes nothing. */
  received(tenantId: string, complaintId: string, receivedAt: Date): Promise<void> {
    return this.upsert(tenantId, complaintId, { $setOnInsert: { tenantId, complaintId, receivedAt } });
  }

  /** What dispatch knows of the complaint: when it was received (null when its `opened` was never seen) and where it was counted. */
  async find(tenantId: string, complaintId: string): Promise<{ receivedAt: Date | null; countedIn: string | null }> {
    const document = await this.complaints.findOne(serviceComplaintFilters.byComplaint(tenantId, complaintId) as never);
    if (!document || document.tenantId !== tenantId) return { receivedAt: null, countedIn: null };
    return { receivedAt: document.receivedAt ?? null, countedIn: document.countedIn ?? null };
  }

  /** Counts the complaint in its month, then remembers where (a crash in between counts it again in the same entry). */
  async count(tenantId: string, complaint: CountedComplaint): Promise<void> {
    await this.months.set(tenantId, complaint.month, complaint.complaintId, complaint);
    await this.upsert(tenantId, complaint.complaintId, { $set: { countedIn: complaint.month }, $setOnInsert: { tenantId, complaintId: complaint.complaintId } });
  }

  /** Per technician, the confirmed complaints counted in the month (empty when none). */
  async countsOf(tenantId: string, month: string): Promise<Record<string, number>> {
    return complaintCounts(await this.months.of(tenantId, month));
  }

  private async upsert(tenantId: string, complaintId: string, update: object): Promise<void> {
    const write = () => this.complaints.updateOne(serviceComplaintFilters.byComplaint(tenantId, complaintId) as never, update as never, { upsert: true });
    await upsertRacing(write);
  }
}
