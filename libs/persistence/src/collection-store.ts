import type { OnModuleInit } from '@nestjs/common';
import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';
import type { Connection } from 'mongoose';
import { prepareCollection, type CollectionLayout } from './collections';
import { SharedReads } from './shared-reads';

/**
 * A store of one collection outside the aggregates (a service's copy of another's data, a read
 * model, settings): the collection by name, laid out (`prepareCollection`) when the module starts,
 * before its first read or write. A subclass injects the connection and names its collection and
 * layout.
 */
export abstract class CollectionStore<D extends Document = Document> implements OnModuleInit {
  protected readonly collection: Collection<D>;
  private sharedById?: SharedReads<D>;

  protected constructor(
    connection: Connection,
    name: string,
    private readonly layout: CollectionLayout = {},
  ) {
    this.collection = connection.collection(name) as unknown as Collection<D>;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, this.layout);
  }

  /** The document with this `_id`, read together with the other look-ups of the moment (ADR 0053). */
  protected findById(id: string): Promise<D | null> {
    this.sharedById ??= new SharedReads(this.collection);
    return this.sharedById.findOne(id);
  }

  /**
   * A compare-and-set: `changes` are written only if the document still matches `guard` (a version
   * guard the store's unique indexes serve); false when another writer changed it first.
   */
  protected async setIfStill(guard: Filter<D>, changes: Partial<D>): Promise<boolean> {
    const result = await this.collection.updateOne(guard, { $set: changes } as UpdateFilter<D>);
    return result.matchedCount === 1;
  }
}
