import type { Collection, Filter } from 'mongodb';
import { DueIndex, type ClaimedWork, type DueIndexSettings, type DueSource, type Leases, type PassOptions, type PassReport } from './due-work';
import type { DueWorkStore } from './due-work-store';

/** What a pass reads of a document whose next check is stored in `nextCheckAt`. */
export interface NextCheckRef {
  _id: string;
  tenantId: string;
  nextCheckAt: Date | null;
}

/** A document due for its check, leased to this instance until the check ends. */
export type ClaimedCheck = ClaimedWork<NextCheckRef>;

/** The aggregate as the index sees it: its identity and the version its save guards on. */
export interface CheckedAggregate {
  readonly id: string;
  readonly tenantId: string;
  readonly version: number;
}

/**
 * The due checks of an aggregate collection whose documents carry `nextCheckAt` — when a
 * background job (deadline scanner, reminder job) must look at the aggregate next; null: never.
 * A repository keeps `nextCheckAt` in its documents and calls `track` when it loads one and
 * `scheduleFor` before it saves one (intent first); the job runs `pass` and ends every check with
 * `end`. Passes find their work through the due index (`DueIndex`, ADR 0014), never by scanning
 * the collection; only the rare backstop scans `nextCheckAt`.
 */
export class NextCheckIndex<A extends CheckedAggregate> {
  private readonly index: DueIndex<NextCheckRef>;

  constructor(
    job: string,
    private readonly collection: () => Collection<never>,
    store: DueWorkStore & { settings?: Partial<DueIndexSettings> },
    leases: Leases,
  ) {
    this.index = new DueIndex(job, store, leases, nextCheckSource(collection), store.settings);
  }

  /** Remembers the next check an aggregate had when it was loaded: a save that keeps it writes no entry. */
  track(aggregate: A, stored: Date | null | undefined): void {
    this.index.track(aggregate, stored ?? null);
  }

  /** Intent first: writes the due-index entry of the aggregate's next check before the save that stores it. */
  scheduleFor(aggregate: A, next: Date | null): Promise<void> {
    return this.index.scheduleFor(aggregate, aggregate.id, next);
  }

  /** One pass at `now`: each aggregate due by then (up to `options.limit`) is leased and handed to `check`. */
  pass(now: Date, options: PassOptions, check: (claimed: ClaimedCheck) => Promise<void>): Promise<PassReport> {
    return this.index.pass(now, options, check);
  }

  /**
   * Ends a check. With `unchanged` — an aggregate the check did not change although it was due
   * (its stored next check was stale, e.g. its tenant's calendar changed) — its next check moves
   * to `unchanged.next` first, only if nobody saved the aggregate meanwhile (a save already
   * recomputed it). Then the lease ends.
   */
  async end(claimed: ClaimedCheck, unchanged?: { aggregate: A; next: Date | null }): Promise<void> {
    if (unchanged) {
      const { aggregate, next } = unchanged;
      await this.scheduleFor(aggregate, next);
      await this.collection().updateOne(
        { _id: aggregate.id, tenantId: aggregate.tenantId, version: aggregate.version } as Filter<never>,
        { $set: { nextCheckAt: next } } as never,
      );
    }
    await this.index.done(claimed);
  }
}

const NEXT_CHECK_PROJECTION = { _id: 1, tenantId: 1, nextCheckAt: 1 };

function refOf(document: Record<string, unknown>): NextCheckRef {
  return {
    _id: String(document._id),
    tenantId: String(document.tenantId),
    nextCheckAt: (document.nextCheckAt as Date | null | undefined) ?? null,
  };
}

/** Loads by `_id $in` (the `_id` index on both stores); the backstop alone scans `nextCheckAt`. */
export function nextCheckSource(collection: () => Collection<never>): DueSource<NextCheckRef> {
  const find = (filter: Record<string, unknown>) => collection().find(filter as Filter<never>, { projection: NEXT_CHECK_PROJECTION });
  return {
    load: async (ids) => (await find({ _id: { $in: [...ids] } }).toArray()).map((document) => refOf(document as Record<string, unknown>)),
    dueAt: (ref) => ref.nextCheckAt,
    async *scan(upTo) {
      for await (const document of find(upTo ? { nextCheckAt: { $lte: upTo } } : { nextCheckAt: { $ne: null } })) {
        const ref = refOf(document as Record<string, unknown>);
        if (ref.nextCheckAt) yield { id: ref._id, due: ref.nextCheckAt };
      }
    },
  };
}
