import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { Schema, type Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { TOPICS } from '@aftercare/contracts';
import {
  AGGREGATE_UNIQUE_INDEXES,
  AggregateRepository,
  MONGO_CONNECTION,
  RememberedDocuments,
  aggregateFilters,
  type AggregateDocument,
  type SaveOptions,
  type UniqueIndex,
} from '@aftercare/persistence';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../config/config';
import { Technician, type TechnicianSnapshot } from '../domain';
import { RosterCache, type CachedRoster } from './roster-cache';

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

/**
 * Answers `{ _id, tenantId }` (the reconciliation's bookkeeping write, which must not bump the
 * version). Trivially unique, like VERSION_GUARD_INDEX: it exists so that mongo-java-server looks
 * the document up instead of scanning the roster.
 */
export const TENANT_GUARD_INDEX: UniqueIndex = { name: 'tenant_guard', keys: { _id: 1, tenantId: 1 } };

/** The unique indexes of `technicians`: the aggregate's (load, save, relay) and the tenant guard. */
export const TECHNICIAN_UNIQUE_INDEXES: readonly UniqueIndex[] = [...AGGREGATE_UNIQUE_INDEXES, TENANT_GUARD_INDEX];

/**
 * The per-message filters of the roster, each matching a unique index exactly (checked by
 * dispatch-query-shapes.spec.ts): a load is by `_id` with the tenant checked on the document; a
 * capacity change is a compare-and-set on the version read with it.
 */
export const technicianFilters = {
  byId: aggregateFilters.byId,
  versionGuard: aggregateFilters.versionGuard,
  tenantGuard: (id: string, tenantId: string) => ({ _id: id, tenantId }),
};

/** How often a capacity change re-reads after losing its compare-and-set to a concurrent change. */
const CAPACITY_CHANGE_ATTEMPTS = 8;

/** A capacity change decided: its outcome, and the guarded write with the document after it (none: nothing to write). */
type CapacityDecision<R> = { outcome: R; update?: undefined } | { outcome: R; update: Record<string, unknown>; after: TechnicianDocument };

/** Outcome of a conditional capacity update. */
export type TakeResult = 'taken' | 'already_held' | 'at_capacity' | 'inactive' | 'not_found';

/**
 * The roster. Profile changes go through the aggregate (version-guarded save). The open-order
 * count changes only through `takeOrder` / `releaseOrder`: read by `_id` (see `changeCapacity`), decide, then one
 * update guarded by the version read (a compare-and-set answered by the `version_guard` index on
 * both stores), so two assignments racing for the last slot can never both win, and a repeated
 * call for the same order changes nothing. Both bump the version, so a profile save that read the
 * old count fails with 409 instead of overwriting it. The Technician aggregate has no public events.
 */
@Injectable()
export class TechnicianRepository extends AggregateRepository<Technician, TechnicianDocument> implements OnModuleInit {
  private readonly capacityChanges = new Map<string, Promise<void>>();
  private readonly rosters: RosterCache<TechnicianDocument, Technician>;
  /** The technicians this instance read or changed the capacity of last (see `changeCapacity`). */
  private readonly remembered = new RememberedDocuments<TechnicianDocument>();

  constructor(@Inject(MONGO_CONNECTION) connection: Connection, @Optional() @Inject(DISPATCH_CONFIG) config?: DispatchConfig) {
    super(connection.models.Technician ?? connection.model<TechnicianDocument>('Technician', schema), 'technician', {
      topic: TOPICS.dispatchWorkOrderEvents.name,
      source: '/aftercare/dispatch',
    });
    this.rosters = new RosterCache(config?.TECHNICIAN_ROSTER_CACHE_MS ?? 0, (d) => this.toAggregate(d));
  }

  async onModuleInit(): Promise<void> {
    await this.ensureIndexes();
  }

  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes([TENANT_GUARD_INDEX]);
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

  /**
   * The assignment's candidates — every technician of the tenant (all are ranked, so rejections
   * can be counted) — in id order, from this instance's cache
   * while it is younger than TECHNICIAN_ROSTER_CACHE_MS, else (or with `fresh`) read whole (a
   * scan of the roster on the embedded store) and cached. `cached` says which.
   */
  async candidates(tenantId: string, options: { fresh?: boolean } = {}): Promise<CachedRoster<Technician> & { cached: boolean }> {
    const hit = options.fresh ? null : this.rosters.get(tenantId);
    if (hit) return { ...hit, cached: true };
    const loadedAt = Date.now();
    const documents = (await this.collection.find({ tenantId } as Filter<TechnicianDocument>).sort({ _id: 1 }).toArray()) as TechnicianDocument[];
    return { ...this.rosters.put(tenantId, documents, loadedAt), cached: false };
  }

  /** A profile change (or a registration): the cached roster of the tenant is read again. */
  override async save(technician: Technician, options?: SaveOptions): Promise<void> {
    try {
      await super.save(technician, options);
    } finally {
      this.rosters.forget(technician.tenantId);
      this.remembered.forget(technician.id);
    }
  }

  /**
   * One page of the roster in id order, after `afterId`, with the orders each holds (the admin
   * list). Filters and paging are in the query; `limit + 1` are read to know whether more follow.
   */
  async pageWithOpenOrders(
    tenantId: string,
    filter: { active?: boolean; zone?: string; skill?: string; afterId?: string; limit: number },
  ): Promise<Array<{ technician: Technician; openOrderIds: string[] }>> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.active !== undefined) query.active = filter.active;
    if (filter.zone !== undefined) query.zones = filter.zone;
    if (filter.skill !== undefined) query.skills = filter.skill;
    if (filter.afterId !== undefined) query._id = { $gt: filter.afterId };
    const documents = await this.collection
      .find(query as Filter<TechnicianDocument>)
      .sort({ _id: 1 })
      .limit(filter.limit + 1)
      .toArray();
    return documents.map((d) => ({ technician: this.toAggregate(d as TechnicianDocument), openOrderIds: (d as TechnicianDocument).openOrderIds ?? [] }));
  }

  /**
   * Counts the order against the technician: succeeds only while the technician is active and
   * holds fewer than `capacity` orders (a dispatcher override may overfill: `ignoreCapacity`).
   * The decision is made on the document read and written under its version, so any concurrent
   * change (another take, a release, a profile edit) makes the write miss and the decision is made
   * again on a fresh read.
   */
  async takeOrder(tenantId: string, technicianId: string, workOrderId: string, options: { ignoreCapacity?: boolean } = {}): Promise<TakeResult> {
    return this.oneChangeAtATime(tenantId, technicianId, () => this.tryTakeOrder(tenantId, technicianId, workOrderId, options));
  }

  private tryTakeOrder(tenantId: string, technicianId: string, workOrderId: string, options: { ignoreCapacity?: boolean }): Promise<TakeResult> {
    return this.changeCapacity<TakeResult>(tenantId, technicianId, 'not_found', 'at_capacity', (current) => {
      const held = current.openOrderIds ?? [];
      if (held.includes(workOrderId)) return { outcome: 'already_held' };
      if (!current.active) return { outcome: 'inactive' };
      if (!options.ignoreCapacity && held.length >= current.capacity) return { outcome: 'at_capacity' };
      return {
        outcome: 'taken',
        update: { $push: { openOrderIds: workOrderId }, $inc: { openOrders: 1, version: 1 } },
        after: { ...current, openOrderIds: [...held, workOrderId], openOrders: held.length + 1, version: current.version + 1 },
      };
    });
  }

  /** The order no longer counts against the technician (finished, cancelled, declined). Idempotent. */
  async releaseOrder(tenantId: string, technicianId: string, workOrderId: string): Promise<boolean> {
    return this.oneChangeAtATime(tenantId, technicianId, () => this.tryReleaseOrder(tenantId, technicianId, workOrderId));
  }

  /**
   * Capacity changes of one technician made by this instance run one after another: concurrent
   * assignments pick the same best technician, and racing them on the version guard would make
   * all but one read and write again. The guard still settles races between instances.
   */
  private oneChangeAtATime<T>(tenantId: string, technicianId: string, change: () => Promise<T>): Promise<T> {
    const key = `${tenantId}|${technicianId}`;
    const next = (this.capacityChanges.get(key) ?? Promise.resolve()).then(change);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.capacityChanges.set(key, settled);
    void settled.then(() => {
      if (this.capacityChanges.get(key) === settled) this.capacityChanges.delete(key);
    });
    return next;
  }

  private tryReleaseOrder(tenantId: string, technicianId: string, workOrderId: string): Promise<boolean> {
    // Losing every attempt to concurrent changes leaves the slot held until the capacity reconciliation frees it.
    return this.changeCapacity<boolean>(tenantId, technicianId, false, false, (current) => {
      const held = current.openOrderIds ?? [];
      if (!held.includes(workOrderId)) return { outcome: false };
      const left = held.filter((id) => id !== workOrderId);
      return {
        outcome: true,
        update: { $pull: { openOrderIds: workOrderId }, $inc: { openOrders: -1, version: 1 } },
        after: { ...current, openOrderIds: left, openOrders: left.length, version: current.version + 1 },
      };
    });
  }

  /**
   * One capacity change: decided on the copy of the technician this instance remembers (its last
   * read or change; none for a technician it has not touched) or on a fresh read, then written
   * under the version it was decided on. The capacity changes of an instance run one after
   * another per technician (`oneChangeAtATime`), so each mostly finds the previous one's result
   * remembered and needs no read. A write that misses its guard (another instance, a profile
   * save) reads again; a decision to write nothing is only taken on a fresh read.
   */
  private async changeCapacity<R>(
    tenantId: string,
    technicianId: string,
    ifMissing: R,
    ifRacedOut: R,
    decide: (current: TechnicianDocument) => CapacityDecision<R>,
  ): Promise<R> {
    let remembered = this.remembered.recall(tenantId, technicianId);
    for (let attempt = 0; attempt < CAPACITY_CHANGE_ATTEMPTS; attempt++) {
      const current = remembered ?? (await this.load(tenantId, technicianId));
      const fromMemory = remembered !== undefined;
      remembered = undefined;
      if (!current) return ifMissing;
      this.rosters.refresh(current);
      const decision = decide(current);
      if (!decision.update) {
        if (fromMemory) continue;
        return decision.outcome;
      }
      const result = await this.collection.updateOne(
        technicianFilters.versionGuard(technicianId, tenantId, current.version) as Filter<TechnicianDocument>,
        decision.update as never,
      );
      if (result.matchedCount === 1) {
        this.remembered.remember(decision.after);
        this.rosters.refresh(decision.after);
        return decision.outcome;
      }
      this.remembered.forget(technicianId);
    }
    return ifRacedOut;
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
      technicianFilters.tenantGuard(technicianId, tenantId) as Filter<TechnicianDocument>,
      { $set: { capacitySuspects: suspects } } as never,
    );
  }

  /** The orders a technician holds (for the roster view). */
  async openOrderIdsOf(tenantId: string, technicianId: string): Promise<string[]> {
    const document = await this.load(tenantId, technicianId);
    return document?.openOrderIds ?? [];
  }

  /** The raw document by `_id` (`{ _id, tenantId }` would scan the roster on mongo-java-server), or null for another tenant's. */
  private async load(tenantId: string, technicianId: string): Promise<TechnicianDocument | null> {
    const document = (await this.collection.findOne(technicianFilters.byId(technicianId) as Filter<TechnicianDocument>)) as TechnicianDocument | null;
    if (document && document.tenantId === tenantId) {
      this.remembered.remember(document);
      return document;
    }
    this.rosters.remove(tenantId, technicianId);
    return null;
  }
}
