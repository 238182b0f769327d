/**
 * A tenant's settings, one source for every service (libs/tenant-settings). Topic
 * `aftercare.internal.tenant-settings.v1`, compacted, key = tenant id: the service whose admin
 * API changed them (intake's `/api/v1/sla/…`) publishes the tenant's whole settings through its
 * outbox, and every service keeps a copy of the latest revision. Compaction keeps one message per
 * tenant, so a new or wiped service learns every tenant's settings by reading the topic.
 */
export const TENANT_SETTINGS_CHANGED_V1 = 'aftercare.platform.tenant-settings.changed.v1';

export const TENANT_SETTINGS_MESSAGE_TYPES = [TENANT_SETTINGS_CHANGED_V1] as const;

/** One clock of a policy: libs/sla `ClockDefinition`. */
export interface TenantSettingsClockV1 {
  targetMinutes: number;
  calendarId: string;
  pauseInStates: string[];
  escalationChain: Array<{ afterMinutesOverdue: number; level: string }>;
}

/** A tenant's own SLA policy: libs/sla `SlaPolicy`. */
export interface TenantSettingsPolicyV1 {
  id: string;
  tenantId: string;
  caseType?: string;
  priority?: 'P1' | 'P2' | 'P3' | 'P4';
  agreement?: string;
  zone?: 'city' | 'suburb' | 'remote';
  urgency?: 'urgent' | 'normal';
  clocks: Record<string, TenantSettingsClockV1>;
}

export interface TenantSettingsPeriodV1 {
  start: string;
  end: string;
}

/** A tenant's own business calendar: libs/sla `BusinessCalendar`. */
export interface TenantSettingsCalendarV1 {
  id: string;
  timeZone: string;
  mode: 'business_hours' | '24x7';
  week: Record<string, TenantSettingsPeriodV1[]>;
  holidays: string[];
  extraWorkingDays?: string[];
  extraWorkingDayHours?: TenantSettingsPeriodV1[];
}

/** Someone an escalation step notifies. */
export interface TenantSettingsPersonV1 {
  id: string;
  name: string;
  phone?: string | null;
  email?: string | null;
  preferredChannel?: 'sms' | 'email' | 'wechat' | 'phone' | null;
}

/** Who a level of the escalation chain (a policy clock's `escalationChain[].level`) reaches. */
export interface TenantSettingsEscalationLevelV1 {
  level: string;
  /** The Aftercare role of the people at this level (dispatcher, manager), for lists by role. */
  role: string;
  people: TenantSettingsPersonV1[];
}

/** intake's case handling: unset fields take the deployment's environment value. */
export interface TenantSettingsCaseHandlingV1 {
  priorityMatrix?: Partial<Record<'critical' | 'major' | 'minor', Partial<Record<'high' | 'normal' | 'low', 'P1' | 'P2' | 'P3' | 'P4'>>>>;
  duplicateWindowHours?: number;
  confirmationSilenceDays?: number;
  /** Requested type → routing target (dispatch, claims, agent, review), overriding the default table. */
  routingOverrides?: Record<string, string>;
}

/** The tenant's whole settings at `revision` (each change publishes all of them). */
export interface TenantSettingsChangedV1 {
  tenantId: string;
  /** 1 for the first change, +1 for each: a copy keeps the highest it has seen. */
  revision: number;
  changedAt: string;
  changedBy: string;
  policies: TenantSettingsPolicyV1[];
  calendars: TenantSettingsCalendarV1[];
  escalationContacts: TenantSettingsEscalationLevelV1[];
  caseHandling: TenantSettingsCaseHandlingV1;
}
