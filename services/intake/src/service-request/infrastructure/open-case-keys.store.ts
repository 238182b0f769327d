import type { Collection, Filter } from 'mongodb';

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
  constructor(private readonly collection: Collection<OpenCaseKeyDocument>) {}

  /** Lists the case under the key (one upsert by `_id`); listing it again adds a newer entry. */
  async list(key: string, tenantId: string, caseId: string, at: Date = new Date()): Promise<void> {
    await this.collection.updateOne(
      openCaseKeyFilters.byKey(key) as Filter<OpenCaseKeyDocument>,
      { $setOnInsert: { tenantId }, $push: { cases: { caseId, listedAt: at } } },
      { upsert: true },
    );
  }

  /**
   * Lists the case under the key and answers what was listed there before it, oldest first, in
   * one command (an upsert by `_id` returning the document as it was): a new case's duplicate
   * look-up and its listing, intent first, without a second round trip.
   */
  async listAndReadBefore(key: string, tenantId: string, caseId: string, at: Date = new Date()): Promise<ListedCase[]> {
    const before = await this.collection.findOneAndUpdate(
      openCaseKeyFilters.byKey(key) as Filter<OpenCaseKeyDocument>,
      { $setOnInsert: { tenantId }, $push: { cases: { caseId, listedAt: at } } },
      { upsert: true, returnDocument: 'before' },
    );
    return listingsOf(before);
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
