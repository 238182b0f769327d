import { AggregateRoot, invalidFields, type DomainEvent, type DomainFact, type FieldError } from '@aftercare/ddd';
import type { BusinessCalendar, SlaPolicy } from '@aftercare/sla';
import { caseHandlingProblems, type CaseHandlingSettings } from './case-handling';
import { escalationContactProblems, type EscalationLevelContacts } from './escalation-contacts';
import { toTenantSettingsEvent } from './tenant-settings.event-mapper';

export const TENANT_SETTINGS_INVALID = 'TENANT_SETTINGS_INVALID';

/** What a tenant configures once for every service. */
export interface TenantSettingsData {
  /** The tenant's own SLA policies (the defaults of libs/sla come after them in resolution). */
  readonly policies: readonly SlaPolicy[];
  /** The tenant's own business calendars (one with a default's id replaces it). */
  readonly calendars: readonly BusinessCalendar[];
  readonly escalationContacts: readonly EscalationLevelContacts[];
  readonly caseHandling: CaseHandlingSettings;
}

export interface TenantSettingsSnapshot extends TenantSettingsData {
  readonly tenantId: string;
  /** The publishing service's count of changes: a copy keeps the highest it has seen. 0 = never changed. */
  readonly revision: number;
  readonly changedAt: Date | null;
  readonly changedBy: string | null;
  readonly version: number;
  readonly handledMessageIds: readonly string[];
}

export interface TenantSettingsChanged extends DomainFact {
  readonly kind: 'changed';
  readonly by: string;
}

export type TenantSettingsFact = TenantSettingsChanged;

export const EMPTY_SETTINGS: TenantSettingsData = Object.freeze({ policies: [], calendars: [], escalationContacts: [], caseHandling: {} });

/** Plain JSON data: readonly library constants and request bodies become storable documents. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * One tenant's settings (id = the tenant). The service whose admin API changes them records
 * `changed` and publishes the whole settings at the next revision; every other service holds a
 * copy adopted from the topic, which records nothing. A change that changes nothing records
 * nothing (and writes nothing). Policies and calendars are validated by the caller against
 * libs/sla (it knows the defaults they layer on); contacts and case handling here.
 */
export class TenantSettings extends AggregateRoot<TenantSettingsFact> {
  private constructor(
    tenantId: string,
    private state: Omit<TenantSettingsSnapshot, 'tenantId' | 'version' | 'handledMessageIds'>,
    version: number,
    handled: readonly string[],
    private readonly loaded: string,
  ) {
    super(tenantId, tenantId, version, handled);
  }

  /** A tenant that has configured nothing yet: every value is a default. */
  static empty(tenantId: string): TenantSettings {
    return new TenantSettings(tenantId, { ...EMPTY_SETTINGS, revision: 0, changedAt: null, changedBy: null }, 0, [], '');
  }

  static fromSnapshot(snapshot: TenantSettingsSnapshot): TenantSettings {
    const { tenantId, version, handledMessageIds, ...state } = snapshot;
    return new TenantSettings(tenantId, state, version, handledMessageIds, JSON.stringify(state));
  }

  get revision(): number {
    return this.state.revision;
  }

  get data(): TenantSettingsData {
    const { policies, calendars, escalationContacts, caseHandling } = this.state;
    return { policies, calendars, escalationContacts, caseHandling };
  }

  get changedAt(): Date | null {
    return this.state.changedAt;
  }

  get changedBy(): string | null {
    return this.state.changedBy;
  }

  override get unchanged(): boolean {
    return this.version > 0 && JSON.stringify(this.state) === this.loaded;
  }

  /** Replaces the parts given; publishes the whole settings at the next revision when anything changed. */
  change(part: Partial<TenantSettingsData>, by: string, at: Date): void {
    const problems: FieldError[] = [
      ...(part.escalationContacts ? escalationContactProblems(part.escalationContacts) : []),
      ...(part.caseHandling ? caseHandlingProblems(part.caseHandling) : []),
    ];
    if (!by?.trim()) problems.push({ field: 'changedBy', message: 'is required' });
    if (problems.length) throw invalidFields(TENANT_SETTINGS_INVALID, 'tenant settings', problems);
    const next = { ...this.data, ...plain(part) };
    if (same(next, this.data)) return;
    this.state = { ...next, revision: this.state.revision + 1, changedAt: at, changedBy: by };
    this.record({ kind: 'changed', at, by });
  }

  /** Takes the publisher's settings at `revision` unless this copy already has that one or a later one. */
  adopt(data: TenantSettingsData, revision: number, changedAt: Date, changedBy: string): boolean {
    if (revision <= this.state.revision) return false;
    this.state = { ...plain(data), revision, changedAt, changedBy };
    return true;
  }

  toSnapshot(): TenantSettingsSnapshot {
    return { tenantId: this.tenantId, ...this.state, version: this.version, handledMessageIds: [...this.handledMessageIds] };
  }

  protected toIntegrationEvent(fact: TenantSettingsFact): DomainEvent {
    return toTenantSettingsEvent(fact, this.toSnapshot());
  }
}
