import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import { AggregateRepository, MONGO_CONNECTION, type AggregateDocument } from '@aftercare/persistence';
import { Technician, type TechnicianSnapshot } from '../domain';

export type TechnicianDocument = AggregateDocument &
  Omit<TechnicianSnapshot, 'id' | 'tenantId' | 'version' | 'handledMessageIds' | 'openOrders'> & {
    /**
     * The work orders the technician holds. The source of truth of `openOrders` (its length): a
     * set, so taking or releasing the same order twice (a redelivery, a retry) counts once.
     */
    openOrderIds?: string[];
    openOrders?: number;
    /** Capacity reconciliation bookkeeping: held order ids seen not to count, and since when. */
    capacitySuspects?: CapacitySuspect[];
  };

/** An order id a technician holds that was seen not to count against them (missing, finished, someone else's). */
export interface CapacitySuspect {
  orderId: string;
  since: Date;
}

/** A technician as the capacity reconciliation reads them. */
export interface CapacityHolder {
  id: string;
  tenantId: string;
  openOrderIds: string[];
  suspects: CapacitySuspect[];
}

const schema = new Schema<TechnicianDocument>(
  { _id: String, tenantId: String, version: Number },
  { collection: 'technicians', strict: false, versionKey: false, autoIndex: false },
);
schema.index({ tenantId: 1, active: 1, _id: 1 });
schema.index({ tenantId: 1, openOrderIds: 1 });

/** Outcome of a conditional capacity update. */
export type TakeResult = 'taken' | 'already_held' | 'at_capacity' | 'inactive' | 'not_found';

/**
 * The roster. Profile changes go through the aggregate (version-guarded save). The open-order
 * count changes only through `takeOrder` / `releaseOrder`: single conditional updates on the
 * document, so two assignments racing for the last slot can never both win, and a repeated call
 * for the same order changes nothing. Both bump the version, so a profile save that read the old
 * count fails with 409 instead of overwriting it. The Technician aggregate has no public events.
 */
@Injectable()
export class TechnicianRepository extends AggregateRepository<Technician, TechnicianDocument> implements OnModuleInit {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection.models.Technician ?? connection.model<TechnicianDocument>('Technician', schema), 'technician', {
      topic: TOPICS.dispatchWorkOrderEvents.name,
      source: '/aftercare/dispatch',
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  protected toDocument(technician: Technician): Record<string, unknown> {
    const { id: _id, tenantId: _tenant, version: _version, handledMessageIds: _handled, openOrders: _open, ...state } = technician.toSnapshot();
    return state;
  }

  protected toAggregate(document: TechnicianDocument): Technician {
    const { _id, _outbox, _outboxPending, _outboxLeaseUntil, _handled, openOrderIds, openOrders: _open, capacitySuspects: _suspects, ...state } = document;
    return Technician.fromSnapshot({
      ...(state as unknown as TechnicianSnapshot),
      id: _id,
      handledMessageIds: _handled ?? [],
      openOrders: openOrderIds?.length ?? 0,
    });
  }

  /** Every technician of the tenant (the assignment ranks them all, so rejections can be counted). */
  async findAll(tenantId: string, filter: { active?: boolean } = {}): Promise<Technician[]> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.active !== undefined) query.active = filter.active;
    const documents = await this.collection.find(query as Filter<TechnicianDocument>).sort({ _id: 1 }).toArray();
    return documents.map((d) => this.toAggregate(d as TechnicianDocument));
  }

  /** Like findAll, with the orders each technician holds (roster views). */
  async findAllWithOpenOrders(tenantId: string, filter: { active?: boolean } = {}): Promise<Array<{ technician: Technician; openOrderIds: string[] }>> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.active !== undefined) query.active = filter.active;
    const documents = await this.collection.find(query as Filter<TechnicianDocument>).sort({ _id: 1 }).toArray();
    return documents.map((d) => ({ technician: this.toAggregate(d as TechnicianDocument), openOrderIds: (d as TechnicianDocument).openOrderIds ?? [] }));
  }

  async findMany(tenantId: string, ids: readonly string[]): Promise<Technician[]> {
    const documents = await this.collection.find({ tenantId, _id: { $in: [...ids] } } as Filter<TechnicianDocument>).toArray();
    return documents.map((d) => this.toAggregate(d as TechnicianDocument));
  }

  /**
   * Counts the order against the technician: one conditional update that succeeds only while the
   * technician is active and holds fewer than `capacity` orders (a dispatcher override may
   * overfill: `ignoreCapacity`). "Fewer than capacity" is "no element at index capacity − 1".
   */
  async takeOrder(tenantId: string, technicianId: string, workOrderId: string, options: { ignoreCapacity?: boolean } = {}): Promise<TakeResult> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = (await this.collection.findOne({ _id: technicianId, tenantId } as Filter<TechnicianDocument>)) as TechnicianDocument | null;
      if (!current) return 'not_found';
      if ((current.openOrderIds ?? []).includes(workOrderId)) return 'already_held';
      if (!current.active) return 'inactive';
      const capacity = current.capacity;
      const filter: Record<string, unknown> = { _id: technicianId, tenantId, active: true, capacity, openOrderIds: { $ne: workOrderId } };
      if (!options.ignoreCapacity) {
        if (capacity <= 0) return 'at_capacity';
        filter[`openOrderIds.${capacity - 1}`] = { $exists: false };
      }
      const result = await this.collection.updateOne(
        filter as Filter<TechnicianDocument>,
        { $push: { openOrderIds: workOrderId }, $inc: { openOrders: 1, version: 1 } } as never,
      );
      if (result.matchedCount === 1) return 'taken';
      // Lost to a concurrent change (capacity edited, deactivated, the slot taken): read again.
      const after = (await this.collection.findOne({ _id: technicianId, tenantId } as Filter<TechnicianDocument>)) as TechnicianDocument | null;
      if (!after) return 'not_found';
      if (!options.ignoreCapacity && after.active && after.capacity === capacity && (after.openOrderIds ?? []).length >= capacity) return 'at_capacity';
    }
    return 'at_capacity';
  }

  /** The order no longer counts against the technician (finished, cancelled, declined). Idempotent. */
  async releaseOrder(tenantId: string, technicianId: string, workOrderId: string): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: technicianId, tenantId, openOrderIds: workOrderId } as Filter<TechnicianDocument>,
      { $pull: { openOrderIds: workOrderId }, $inc: { openOrders: -1, version: 1 } } as never,
    );
    return result.matchedCount === 1;
  }

  /**
   * Technicians (every tenant) holding orders or with reconciliation bookkeeping, by id after
   * `afterId`, at most `limit`: the capacity reconciliation pages through them.
   */
  async capacityHolders(afterId: string | null, limit: number): Promise<CapacityHolder[]> {
    const filter: Record<string, unknown> = { $or: [{ 'openOrderIds.0': { $exists: true } }, { 'capacitySuspects.0': { $exists: true } }] };
    if (afterId !== null) filter._id = { $gt: afterId };
    const documents = (await this.collection
      .find(filter as Filter<TechnicianDocument>, { projection: { _id: 1, tenantId: 1, openOrderIds: 1, capacitySuspects: 1 } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray()) as TechnicianDocument[];
    return documents.map((d) => ({
      id: String(d._id),
      tenantId: String(d.tenantId),
      openOrderIds: d.openOrderIds ?? [],
      suspects: (d.capacitySuspects ?? []).map((s) => ({ orderId: s.orderId, since: new Date(s.since) })),
    }));
  }

  /** Replaces the reconciliation bookkeeping (not a capacity change: no version bump). */
  async setCapacitySuspects(tenantId: string, technicianId: string, suspects: CapacitySuspect[]): Promise<void> {
    await this.collection.updateOne(
      { _id: technicianId, tenantId } as Filter<TechnicianDocument>,
      { $set: { capacitySuspects: suspects } } as never,
    );
  }

  /** The orders a technician holds (for the roster view). */
  async openOrderIdsOf(tenantId: string, technicianId: string): Promise<string[]> {
    const document = (await this.collection.findOne({ _id: technicianId, tenantId } as Filter<TechnicianDocument>)) as TechnicianDocument | null;
    return document?.openOrderIds ?? [];
  }
}
