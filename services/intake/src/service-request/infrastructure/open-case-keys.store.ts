import type { Collection, Filter } from 'mongodb';
import { isDuplicateKey, SharedReads, SharedWrites } from '@aftercare/persistence';

/** The purpose-made collection that answers "which open cases share this duplicate key?" by `_id`. */
export const OPEN_CASE_KEYS_COLLECTION = 'open_case_keys';

/** One case listed under a key, and when it was listed (a listing whose case never got saved expires). */
export interface ListedCase {
  caseId: string;
  listedAt: Date;
}

/**
 * `_id` = the duplicate key (`duplicateKeyOf`: tenant, customer, serial, type); `cases` = the
 * cases listed under it. A case is listed BEFORE it is saved, so a crash in between leaves a
 * listing without a case (ignored, later removed) and never an open case that cannot be found.
 */
export interface OpenCaseKeyDocument {
  _id: string;
  tenantId: string;
  cases: ListedCase[];
}

/** Every filter this store sends: the key document by `_id` (served by the `_id_` index on both stores). */
export const openCaseKeyFilters = {
  byKey: (key: string) => ({ _id: key }),
};

export class OpenCaseKeys {
  /** The listings and look-ups of the moment share one command each (group commit, ADR 0053). */
  private readonly writes: SharedWrites<OpenCaseKeyDocument>;
  private readonly reads: SharedReads<OpenCaseKeyDocument>;

  constructor(private readonly collection: Collection<OpenCaseKeyDocument>) {
    this.writes = new SharedWrites(collection);
    this.reads = new SharedReads(collection);
  }

  /**
   * Lists the case under the key (an upsert by `_id`, shared with the listings of the moment);
   * listing it again adds a newer entry. Two first listings of one new key racing on separate
   * commands: the loser's upsert hits the duplicate `_id` and is written again, now an update.
   */
  async list(key: string, tenantId: string, caseId: string, at: Date = new Date()): Promise<void> {
    const listing = [
      {
        updateOne: {
          filter: openCaseKeyFilters.byKey(key) as Filter<OpenCaseKeyDocument>,
          update: { $setOnInsert: { tenantId }, $push: { cases: { caseId, listedAt: at } } },
          upsert: true,
        },
      },
    ];
    try {
      await this.writes.write(listing);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.writes.write(listing);
    }
  }

  /**
   * Lists the case under the key, then answers what was listed there before it, oldest first:
   * a new case's duplicate look-up and its listing, intent first. The listing and the read each
   * share a command with the other new cases of the moment — in a burst two commands for dozens
   * of cases, where one `findOneAndUpdate` each cannot be shared. "Before it" is what precedes
   * its own entry in the list (`$push` appends atomically), as the document before the upsert
   * would have shown, less listings pruned meanwhile, which are of cases gone from the key.
   */
  async listAndReadBefore(key: string, tenantId: string, caseId: string, at: Date = new Date()): Promise<ListedCase[]> {
    await this.list(key, tenantId, caseId, at);
    const listings = listingsOf(await this.reads.findOne(key));
    const own = listings.findIndex((l) => l.caseId === caseId && l.listedAt.getTime() === at.getTime());
    return own < 0 ? listings.filter((l) => l.caseId !== caseId) : listings.slice(0, own);
  }

  /** The listings under the key, oldest first. */
  async listed(key: string): Promise<ListedCase[]> {
    return listingsOf(await this.collection.findOne(openCaseKeyFilters.byKey(key) as Filter<OpenCaseKeyDocument>));
  }

  /**
   * Removes exactly these listings (case and time): a case listed again meanwhile (reopened, its
   * key changed back) keeps its newer listing, so pruning never races a concurrent save.
   */
  async unlist(key: string, listings: readonly ListedCase[]): Promise<void> {
    if (!listings.length) return;
    await this.collection.updateOne(openCaseKeyFilters.byKey(key) as Filter<OpenCaseKeyDocument>, {
      $pull: { cases: { $or: listings.map((l) => ({ caseId: l.caseId, listedAt: l.listedAt })) } },
    } as never);
  }
}

function listingsOf(document: OpenCaseKeyDocument | null): ListedCase[] {
  return (document?.cases ?? []).map((c) => ({ caseId: c.caseId, listedAt: new Date(c.listedAt) }));
}
