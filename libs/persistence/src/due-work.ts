import type { Lease, LeaseStore } from './leases';

/** A piece of due work leased to this instance: handle it, then `done` (or let the lease expire). */
export interface ClaimedWork<T> {
  readonly item: T;
  readonly lease: Lease;
}

/**
 * Reads candidates that are due at `now`: at most `limit`, none of the ids in `exclude` (held by
 * a live lease), earliest first. Written by the repository that owns the collection — the only
 * place that knows how "due" is stored.
 */
export type FindDue<T> = (now: Date, limit: number, exclude: readonly string[]) => Promise<T[]>;

/**
 * The one way background jobs find their due work. The due state stays in the job's own
 * documents (e.g. `nextCheckAt`, written in the same single-document write as the state it
 * derives from, so nothing due can be lost between two writes); the lease lives in the `leases`
 * collection under `<job>|<id>`. A claim is one read of candidates plus one exact-key insert per
 * candidate: two instances never hold the same item, and an instance that dies mid-item leaves a
 * lease that simply expires.
 */
export class DueWorkQueue<T extends { _id: string }> {
  constructor(
    /** The job's name: the lease key prefix. */
    readonly job: string,
    private readonly leases: LeaseStore,
    private readonly findDue: FindDue<T>,
  ) {}

  /** Leases up to `limit` items due at `now` for `leaseMs` to this claim. */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<Array<ClaimedWork<T>>> {
    const prefix = `${this.job}|`;
    const held = (await this.leases.heldKeys(prefix, now)).map((key) => key.slice(prefix.length));
    const candidates = await this.findDue(now, limit, held);
    const owner = this.leases.newOwner();
    const claimed: Array<ClaimedWork<T>> = [];
    for (const item of candidates) {
      const lease = await this.leases.acquire(prefix + item._id, owner, now, leaseMs);
      if (lease) claimed.push({ item, lease });
    }
    return claimed;
  }

  /** The item is handled (or handed back): its lease ends now. */
  async done(work: ClaimedWork<T>): Promise<void> {
    await this.leases.release(work.lease);
  }
}

/**
 * A lease on a whole pass of a job that needs no more than one instance at a time (e.g. a
 * reconciliation walking every technician): null when another instance's pass holds it.
 */
export async function claimPass(leases: LeaseStore, job: string, now: Date, leaseMs: number): Promise<Lease | null> {
  return leases.acquire(`${job}|pass`, leases.newOwner(), now, leaseMs);
}
