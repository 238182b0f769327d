import { AggregateRoot, DomainError, invalidFields, type DomainEvent } from '@aftercare/ddd';
import { GeoPoint, isValidGeoPoint, isZone, Zone } from './geo';
import { isOnShift, ShiftCalendar, shiftCalendarErrors } from './shift-calendar';

/** What automatic assignment needs to know about a technician (the aggregate satisfies it). */
export interface AssignableTechnician {
  readonly id: string;
  readonly tenantId: string;
  readonly skills: readonly string[];
  readonly productLines: readonly string[];
  readonly zones: readonly Zone[];
  readonly baseLocation: GeoPoint;
  readonly shiftCalendar: ShiftCalendar;
  /** Maximum number of open (assigned, not yet finished) orders. */
  readonly capacity: number;
  readonly active: boolean;
  /** Open orders now: the technician's queue. */
  readonly openOrders: number;
}

export interface TechnicianProfile {
  name: string;
  skills: readonly string[];
  productLines: readonly string[];
  zones: readonly Zone[];
  baseLocation: GeoPoint;
  shiftCalendar: ShiftCalendar;
  capacity: number;
}

export interface RegisterTechnicianInput extends TechnicianProfile {
  id: string;
  tenantId: string;
  active?: boolean;
}

/** The persisted shape (plain data; what the repository writes). */
export interface TechnicianSnapshot {
  id: string;
  tenantId: string;
  version: number;
  handledMessageIds: string[];
  name: string;
  skills: string[];
  productLines: string[];
  zones: Zone[];
  baseLocation: { lat: number; lng: number };
  shiftCalendar: ShiftCalendar;
  capacity: number;
  active: boolean;
  openOrders: number;
}

export const TechnicianErrors = {
  INVALID: 'TECHNICIAN_INVALID',
  INACTIVE: 'TECHNICIAN_INACTIVE',
  AT_CAPACITY: 'TECHNICIAN_AT_CAPACITY',
} as const;

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

function codes(list: readonly string[]): string[] {
  return [...new Set(list.map((s) => s.trim()))];
}

function cloneCalendar(c: ShiftCalendar): ShiftCalendar {
  const weekly: Record<string, { start: string; end: string }[]> = {};
  for (const [day, windows] of Object.entries(c.weekly)) {
    weekly[day] = (windows ?? []).map((w) => ({ start: w.start, end: w.end }));
  }
  return { timeZone: c.timeZone, weekly, daysOff: [...c.daysOff] };
}

function profileErrors(p: Partial<Record<keyof TechnicianProfile, unknown>>, only?: readonly string[]): string[] {
  const check = (field: string) => !only || only.includes(field);
  const errors: string[] = [];
  const isCodeList = (v: unknown) => Array.isArray(v) && v.every(isNonEmptyString);
  if (check('name') && !isNonEmptyString(p.name)) errors.push('name');
  if (check('skills') && !isCodeList(p.skills)) errors.push('skills');
  if (check('productLines') && !isCodeList(p.productLines)) errors.push('productLines');
  if (check('zones') && !(Array.isArray(p.zones) && p.zones.length > 0 && p.zones.every(isZone))) errors.push('zones');
  if (check('baseLocation') && !isValidGeoPoint(p.baseLocation)) errors.push('baseLocation');
  if (check('shiftCalendar')) errors.push(...shiftCalendarErrors(p.shiftCalendar));
  if (check('capacity') && !(Number.isInteger(p.capacity) && (p.capacity as number) >= 0)) errors.push('capacity');
  return errors;
}

/** Malformed profile fields (400), each named in `details.fieldErrors`. */
function invalid(fields: readonly string[]): DomainError {
  return invalidFields(TechnicianErrors.INVALID, 'Invalid technician', fields.map((field) => ({ field, message: 'is invalid' })), 'invalid');
}

/**
 * A field technician: what they can do (skills, product lines), where (zones, base location), when
 * (shift calendar) and how much (capacity against open orders). The open-order count is kept here so
 * a version-guarded write of this aggregate is what stops two assignments overfilling one person.
 */
export class Technician extends AggregateRoot<never> implements AssignableTechnician {
  private constructor(
    id: string,
    tenantId: string,
    version: number,
    handled: readonly string[],
    private profile: TechnicianProfile,
    private isActive: boolean,
    private open: number,
  ) {
    super(id, tenantId, version, handled);
    this.asLoaded = JSON.stringify(this.toSnapshot());
  }

  /** The state as loaded (or registered), to tell a no-op command from a change. */
  private readonly asLoaded: string;

  /** Nothing differs from the state as loaded (a PATCH with no field, or the same values): no write. */
  override get unchanged(): boolean {
    return this.version > 0 && JSON.stringify(this.toSnapshot()) === this.asLoaded;
  }

  /** A technician records no facts (nothing about them is published), so there is nothing to map. */
  protected toIntegrationEvent(fact: never): DomainEvent {
    return fact;
  }

  static register(input: RegisterTechnicianInput): Technician {
    const errors = profileErrors(input);
    if (!isNonEmptyString(input.id)) errors.unshift('id');
    if (!isNonEmptyString(input.tenantId)) errors.unshift('tenantId');
    if (errors.length) throw invalid(errors);
    return new Technician(input.id, input.tenantId, 0, [], Technician.normalise(input), input.active ?? true, 0);
  }

  static fromSnapshot(s: TechnicianSnapshot): Technician {
    return new Technician(
      s.id,
      s.tenantId,
      s.version,
      s.handledMessageIds,
      Technician.normalise(s),
      s.active,
      s.openOrders,
    );
  }

  private static normalise(p: TechnicianProfile): TechnicianProfile {
    return {
      name: p.name.trim(),
      skills: codes(p.skills),
      productLines: codes(p.productLines),
      zones: [...new Set(p.zones)],
      baseLocation: { lat: p.baseLocation.lat, lng: p.baseLocation.lng },
      shiftCalendar: cloneCalendar(p.shiftCalendar),
      capacity: p.capacity,
    };
  }

  toSnapshot(): TechnicianSnapshot {
    const p = this.profile;
    return {
      id: this.id,
      tenantId: this.tenantId,
      version: this.version,
      handledMessageIds: [...this.handledMessageIds],
      name: p.name,
      skills: [...p.skills],
      productLines: [...p.productLines],
      zones: [...p.zones],
      baseLocation: { lat: p.baseLocation.lat, lng: p.baseLocation.lng },
      shiftCalendar: cloneCalendar(p.shiftCalendar),
      capacity: p.capacity,
      active: this.isActive,
      openOrders: this.open,
    };
  }

  get name(): string {
    return this.profile.name;
  }
  get skills(): readonly string[] {
    return this.profile.skills;
  }
  get productLines(): readonly string[] {
    return this.profile.productLines;
  }
  get zones(): readonly Zone[] {
    return this.profile.zones;
  }
  get baseLocation(): GeoPoint {
    return this.profile.baseLocation;
  }
  get shiftCalendar(): ShiftCalendar {
    return this.profile.shiftCalendar;
  }
  get capacity(): number {
    return this.profile.capacity;
  }
  get active(): boolean {
    return this.isActive;
  }
  get openOrders(): number {
    return this.open;
  }
  get hasCapacity(): boolean {
    return this.open < this.profile.capacity;
  }

  isOnShift(at: Date): boolean {
    return isOnShift(this.profile.shiftCalendar, at);
  }

  /** Changes any part of the profile; the fields given are validated, the others kept. */
  updateProfile(changes: Partial<TechnicianProfile>): void {
    const given = Object.keys(changes).filter((k) => (changes as Record<string, unknown>)[k] !== undefined);
    const errors = profileErrors(changes, given);
    if (errors.length) throw invalid(errors);
    this.profile = Technician.normalise({ ...this.profile, ...stripUndefined(changes) });
  }

  activate(): void {
    this.isActive = true;
  }

  /** An inactive technician is never offered orders; orders already held stay with them. */
  deactivate(): void {
    this.isActive = false;
  }

  /**
   * One more open order. Refused when inactive, or at capacity unless a dispatcher overrides
   * (an override may knowingly overfill a technician who agreed to it).
   */
  takeOrder(options: { override?: boolean } = {}): void {
    if (!this.isActive)
      throw new DomainError(TechnicianErrors.INACTIVE, `Technician ${this.id} is not active`, 'rule', {
        technicianId: this.id,
      });
    if (!this.hasCapacity && !options.override)
      throw new DomainError(TechnicianErrors.AT_CAPACITY, `Technician ${this.id} is at capacity`, 'conflict', {
        technicianId: this.id,
        capacity: this.profile.capacity,
        openOrders: this.open,
      });
    this.open += 1;
  }

  /**
   * One open order fewer (completed, cancelled, declined or reassigned). Never below zero: a count
   * already at zero stays there (the caller's idempotency check is what prevents double releases).
   */
  releaseOrder(): void {
    this.open = Math.max(0, this.open - 1);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
