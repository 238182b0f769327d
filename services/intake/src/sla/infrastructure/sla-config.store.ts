import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import { MONGO_CONNECTION, isDuplicateKey } from '@aftercare/persistence';
import { DEFAULT_CALENDARS, DEFAULT_POLICIES, type BusinessCalendar, type SlaPolicy } from '@aftercare/sla';

/** The tenant id of the defaults every tenant falls back to. */
export const ALL_TENANTS = '*';

interface PolicyDocument {
  _id: string;
  tenantId: string;
  policyId: string;
  policy: SlaPolicy;
  updatedAt: Date;
  updatedBy: string;
}

interface CalendarDocument {
  _id: string;
  tenantId: string;
  calendarId: string;
  calendar: BusinessCalendar;
  updatedAt: Date;
  updatedBy: string;
}

const keyOf = (tenantId: string, id: string): string => `${tenantId}|${id}`;
const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * SLA policies and business calendars, per tenant, in `sla_policies` and `sla_calendars` (one
 * document per tenant and id). The defaults of libs/sla are stored under tenant '*' at start-up
 * (an idempotent upsert: code is the source of the defaults, so a new release updates them);
 * tenants add their own, which win over the defaults (policies by resolution rank, calendars by id).
 */
@Injectable()
export class SlaConfigStore implements OnModuleInit {
  private readonly policies: Collection<PolicyDocument>;
  private readonly calendars: Collection<CalendarDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.policies = connection.collection('sla_policies') as unknown as Collection<PolicyDocument>;
    this.calendars = connection.collection('sla_calendars') as unknown as Collection<CalendarDocument>;
  }

  async onModuleInit(): Promise<void> {
    await this.policies.createIndex({ tenantId: 1, policyId: 1 });
    await this.calendars.createIndex({ tenantId: 1, calendarId: 1 });
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
  async policiesFor(tenantId: string): Promise<SlaPolicy[]> {
    const defaults = await this.ownPolicies(ALL_TENANTS);
    if (tenantId === ALL_TENANTS) return defaults;
    return [...(await this.ownPolicies(tenantId)), ...(defaults.length ? defaults : DEFAULT_POLICIES)];
  }

  async findPolicy(tenantId: string, id: string): Promise<SlaPolicy | null> {
    const own = await this.policies.findOne({ _id: keyOf(tenantId, id) } as Filter<PolicyDocument>);
    const found = own ?? (await this.policies.findOne({ _id: keyOf(ALL_TENANTS, id) } as Filter<PolicyDocument>));
    return found?.policy ?? null;
  }

  async putPolicy(policy: SlaPolicy, by: string): Promise<void> {
    await upsert(this.policies, keyOf(policy.tenantId, policy.id), { tenantId: policy.tenantId, policyId: policy.id, policy: plain(policy) }, by);
  }

  async ownCalendars(tenantId: string): Promise<BusinessCalendar[]> {
    const documents = await this.calendars.find({ tenantId } as Filter<CalendarDocument>).toArray();
    return documents.map((d) => d.calendar).sort(byId);
  }

  /** The calendars a tenant's clocks run on: its own, and the defaults it has not replaced (same id). */
  async calendarsFor(tenantId: string): Promise<BusinessCalendar[]> {
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

  async putCalendar(tenantId: string, calendar: BusinessCalendar, by: string): Promise<void> {
    await upsert(this.calendars, keyOf(tenantId, calendar.id), { tenantId, calendarId: calendar.id, calendar: plain(calendar) }, by);
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

/** Readonly library constants (and request bodies) as plain JSON data for a document. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
