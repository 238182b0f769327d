import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import { ConcurrencyError, MONGO_CONNECTION, isDuplicateKey, prepareCollection } from '@aftercare/persistence';
import { DEFAULT_CALENDARS, DEFAULT_POLICIES, type BusinessCalendar, type SlaPolicy } from '@aftercare/sla';

/** The tenant id of the defaults every tenant falls back to. */
export const ALL_TENANTS = '*';

interface PolicyDocument {
  _id: string;
  tenantId: string;
  policyId: string;
  policy: SlaPolicy;
  /** 1 on the first put, +1 on each; absent on documents written before versions (read as 1). */
  version?: number;
  updatedAt: Date;
  updatedBy: string;
}

interface CalendarDocument {
  _id: string;
  tenantId: string;
  calendarId: string;
  calendar: BusinessCalendar;
  version?: number;
  updatedAt: Date;
  updatedBy: string;
}

/**
 * A policy or calendar as a tenant sees it: its own (version ≥ 1) or the default it falls back to,
 * which the tenant has not written yet (version 0: `If-Match: "0"` creates the tenant's own).
 */
export interface ConfigEntry<T> {
  item: T;
  /** The owner: the tenant, or '*' for a default. */
  tenantId: string;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** A tenant-visible version of a stored document (defaults are version 0 to every tenant). */
function entryOf<T>(item: T, document: { tenantId: string; version?: number; updatedAt?: Date; updatedBy?: string }): ConfigEntry<T> {
  const own = document.tenantId !== ALL_TENANTS;
  return {
    item,
    tenantId: document.tenantId,
    version: own ? (document.version ?? 1) : 0,
    updatedAt: document.updatedAt ?? null,
    updatedBy: document.updatedBy ?? null,
  };
}

const keyOf = (tenantId: string, id: string): string => `${tenantId}|${id}`;
const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * SLA policies and business calendars, per tenant, in `sla_policies` and `sla_calendars` (one
 * document per tenant and id). The defaults of libs/sla are stored under tenant '*' at start-up
 * (an idempotent upsert: code is the source of the defaults, so a new release updates them);
 * tenants add their own, which win over the defaults (policies by resolution rank, calendars by id).
 */
/**
 * How long a tenant's resolved policies and calendars are reused: every case starts clocks with
 * them (four reads per case otherwise). A change made through this instance applies at once;
 * one made through another instance applies here within this time.
 */
const RESOLVED_CONFIG_TTL_MS = 5_000;

@Injectable()
export class SlaConfigStore implements OnModuleInit {
  private readonly policies: Collection<PolicyDocument>;
  private readonly calendars: Collection<CalendarDocument>;
  private readonly resolved = new Map<string, { until: number; value: Promise<SlaPolicy[] | BusinessCalendar[]> }>();

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.policies = connection.collection('sla_policies') as unknown as Collection<PolicyDocument>;
    this.calendars = connection.collection('sla_calendars') as unknown as Collection<CalendarDocument>;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.policies, { indexes: [{ keys: { tenantId: 1, policyId: 1 } }] });
    await prepareCollection(this.calendars, { indexes: [{ keys: { tenantId: 1, calendarId: 1 } }] });
    await this.seedDefaults();
  }

  /** Stores DEFAULT_POLICIES and DEFAULT_CALENDARS under tenant '*'; safe to run on every start and in parallel. */
  async seedDefaults(): Promise<void> {
    for (const policy of DEFAULT_POLICIES) {
      await upsert(this.policies, keyOf(ALL_TENANTS, policy.id), { tenantId: ALL_TENANTS, policyId: policy.id, policy: plain(policy) });
    }
    for (const calendar of DEFAULT_CALENDARS) {
      await upsert(this.calendars, keyOf(ALL_TENANTS, calendar.id), { tenantId: ALL_TENANTS, calendarId: calendar.id, calendar: plain(calendar) });
    }
  }

  /** The tenant's own policies (sorted by id). */
  async ownPolicies(tenantId: string): Promise<SlaPolicy[]> {
    const documents = await this.policies.find({ tenantId } as Filter<PolicyDocument>).toArray();
    return documents.map((d) => d.policy).sort(byId);
  }

  /** The tenant's policies followed by the defaults: the list resolveClock takes. */
  policiesFor(tenantId: string): Promise<SlaPolicy[]> {
    return this.reused(`policies|${tenantId}`, () => this.readPoliciesFor(tenantId));
  }

  private async readPoliciesFor(tenantId: string): Promise<SlaPolicy[]> {
    const defaults = await this.ownPolicies(ALL_TENANTS);
    if (tenantId === ALL_TENANTS) return defaults;
    return [...(await this.ownPolicies(tenantId)), ...(defaults.length ? defaults : DEFAULT_POLICIES)];
  }

  async findPolicy(tenantId: string, id: string): Promise<SlaPolicy | null> {
    const own = await this.policies.findOne({ _id: keyOf(tenantId, id) } as Filter<PolicyDocument>);
    const found = own ?? (await this.policies.findOne({ _id: keyOf(ALL_TENANTS, id) } as Filter<PolicyDocument>));
    return found?.policy ?? null;
  }

  /** The policy with its owner and version: the tenant's own, else the default (version 0). */
  async findPolicyEntry(tenantId: string, id: string): Promise<ConfigEntry<SlaPolicy> | null> {
    const own = await this.policies.findOne({ _id: keyOf(tenantId, id) } as Filter<PolicyDocument>);
    const found = own ?? (await this.policies.findOne({ _id: keyOf(ALL_TENANTS, id) } as Filter<PolicyDocument>));
    return found ? entryOf(found.policy, found) : null;
  }

  /** policiesFor with owners and versions. */
  async policyEntriesFor(tenantId: string): Promise<Array<ConfigEntry<SlaPolicy>>> {
    const documentsOf = async (tenant: string) =>
      (await this.policies.find({ tenantId: tenant } as Filter<PolicyDocument>).toArray()).sort((a, b) => byId(a.policy, b.policy));
    const defaults = await documentsOf(ALL_TENANTS);
    const own = tenantId === ALL_TENANTS ? [] : await documentsOf(tenantId);
    return [...own, ...defaults].map((d) => entryOf(d.policy, d));
  }

  /**
   * Creates or replaces one of the tenant's policies; returns its new version. With an expected
   * version the write happens only on that version (0: only while the tenant has none of its own),
   * else ConcurrencyError.
   */
  async putPolicy(policy: SlaPolicy, by: string, expectedVersion?: number): Promise<number> {
    const fields = { tenantId: policy.tenantId, policyId: policy.id, policy: plain(policy) };
    try {
      return await versionedPut(this.policies, keyOf(policy.tenantId, policy.id), fields, by, expectedVersion, 'SLA policy');
    } finally {
      this.resolved.clear();
    }
  }

  async ownCalendars(tenantId: string): Promise<BusinessCalendar[]> {
    const documents = await this.calendars.find({ tenantId } as Filter<CalendarDocument>).toArray();
    return documents.map((d) => d.calendar).sort(byId);
  }

  /** The calendars a tenant's clocks run on: its own, and the defaults it has not replaced (same id). */
  calendarsFor(tenantId: string): Promise<BusinessCalendar[]> {
    return this.reused(`calendars|${tenantId}`, () => this.readCalendarsFor(tenantId));
  }

  private async readCalendarsFor(tenantId: string): Promise<BusinessCalendar[]> {
    const defaults = await this.ownCalendars(ALL_TENANTS);
    const own = tenantId === ALL_TENANTS ? [] : await this.ownCalendars(tenantId);
    const ownIds = new Set(own.map((c) => c.id));
    return [...own, ...(defaults.length ? defaults : DEFAULT_CALENDARS).filter((c) => !ownIds.has(c.id))];
  }

  async findCalendar(tenantId: string, id: string): Promise<BusinessCalendar | null> {
    const own = await this.calendars.findOne({ _id: keyOf(tenantId, id) } as Filter<CalendarDocument>);
    const found = own ?? (await this.calendars.findOne({ _id: keyOf(ALL_TENANTS, id) } as Filter<CalendarDocument>));
    return found?.calendar ?? null;
  }

  async findCalendarEntry(tenantId: string, id: string): Promise<ConfigEntry<BusinessCalendar> | null> {
    const own = await this.calendars.findOne({ _id: keyOf(tenantId, id) } as Filter<CalendarDocument>);
    const found = own ?? (await this.calendars.findOne({ _id: keyOf(ALL_TENANTS, id) } as Filter<CalendarDocument>));
    return found ? entryOf(found.calendar, found) : null;
  }

  /** calendarsFor with owners and versions: the tenant's own, then the defaults it has not replaced. */
  async calendarEntriesFor(tenantId: string): Promise<Array<ConfigEntry<BusinessCalendar>>> {
    const documentsOf = async (tenant: string) =>
      (await this.calendars.find({ tenantId: tenant } as Filter<CalendarDocument>).toArray()).sort((a, b) => byId(a.calendar, b.calendar));
    const defaults = await documentsOf(ALL_TENANTS);
    const own = tenantId === ALL_TENANTS ? [] : await documentsOf(tenantId);
    const ownIds = new Set(own.map((d) => d.calendarId));
    return [...own, ...defaults.filter((d) => !ownIds.has(d.calendarId))].map((d) => entryOf(d.calendar, d));
  }

  private reused<T extends SlaPolicy[] | BusinessCalendar[]>(key: string, read: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.resolved.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = read();
    this.resolved.set(key, { until: now + RESOLVED_CONFIG_TTL_MS, value });
    value.catch(() => this.resolved.delete(key));
    return value;
  }

  /** Creates or replaces one of the tenant's calendars; versions as for putPolicy. */
  async putCalendar(tenantId: string, calendar: BusinessCalendar, by: string, expectedVersion?: number): Promise<number> {
    const fields = { tenantId, calendarId: calendar.id, calendar: plain(calendar) };
    try {
      return await versionedPut(this.calendars, keyOf(tenantId, calendar.id), fields, by, expectedVersion, 'business calendar');
    } finally {
      this.resolved.clear();
    }
  }
}

/** Upsert by _id; two instances seeding at once may both try to insert, and the loser just retries as an update. */
async function upsert<D extends { _id: string }>(collection: Collection<D>, _id: string, fields: Record<string, unknown>, by = 'system'): Promise<void> {
  const update = { $set: { ...fields, updatedAt: new Date(), updatedBy: by } };
  try {
    await collection.updateOne({ _id } as Filter<D>, update as never, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await collection.updateOne({ _id } as Filter<D>, update as never);
  }
}

/**
 * One tenant item written under optimistic concurrency, in one single-document write: without an
 * expected version it bumps whatever is there (or creates version 1); with 0 it only creates; with
 * n it only replaces version n (a document from before versions counts as 1).
 */
async function versionedPut<D extends { _id: string; version?: number }>(
  collection: Collection<D>,
  _id: string,
  fields: Record<string, unknown>,
  by: string,
  expectedVersion: number | undefined,
  what: string,
): Promise<number> {
  const set = { ...fields, updatedAt: new Date(), updatedBy: by };
  if (expectedVersion === 0) {
    try {
      await collection.insertOne({ _id, ...set, version: 1 } as never);
      return 1;
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConcurrencyError(what, _id, 0);
      throw error;
    }
  }
  if (expectedVersion !== undefined) {
    const version = expectedVersion === 1 ? { $or: [{ version: 1 }, { version: { $exists: false } }] } : { version: expectedVersion };
    const result = await collection.updateOne({ _id, ...version } as Filter<D>, { $set: { ...set, version: expectedVersion + 1 } } as never);
    if (result.matchedCount === 0) throw new ConcurrencyError(what, _id, expectedVersion);
    return expectedVersion + 1;
  }
  for (;;) {
    const current = await collection.findOne({ _id } as Filter<D>);
    if (!current) {
      try {
        await collection.insertOne({ _id, ...set, version: 1 } as never);
        return 1;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        continue;
      }
    }
    const known = current.version ?? 1;
    const guard = current.version === undefined ? { version: { $exists: false } } : { version: known };
    const result = await collection.updateOne({ _id, ...guard } as Filter<D>, { $set: { ...set, version: known + 1 } } as never);
    if (result.matchedCount === 1) return known + 1;
  }
}

/** Readonly library constants (and request bodies) as plain JSON data for a document. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
