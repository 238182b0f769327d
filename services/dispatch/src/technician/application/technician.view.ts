import { ApiProperty } from '@nestjs/swagger';
import { WEEKDAYS, ZONES, type TechnicianSnapshot } from '../domain';


export class GeoPointView {
  @ApiProperty() lat!: number;
  @ApiProperty() lng!: number;
}

export class ShiftWindowView {
  @ApiProperty({ example: '08:00' }) start!: string;
  @ApiProperty({ example: '17:00' }) end!: string;
}

export class WeeklyShiftsView {
  @ApiProperty({ type: [ShiftWindowView] }) mon!: ShiftWindowView[];
  @ApiProperty({ type: [ShiftWindowView] }) tue!: ShiftWindowView[];
  @ApiProperty({ type: [ShiftWindowView] }) wed!: ShiftWindowView[];
  @ApiProperty({ type: [ShiftWindowView] }) thu!: ShiftWindowView[];
  @ApiProperty({ type: [ShiftWindowView] }) fri!: ShiftWindowView[];
  @ApiProperty({ type: [ShiftWindowView] }) sat!: ShiftWindowView[];
  @ApiProperty({ type: [ShiftWindowView] }) sun!: ShiftWindowView[];
}

export class ShiftCalendarView {
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ type: WeeklyShiftsView, description: 'Shift windows per weekday (a day without windows is off)' }) weekly!: WeeklyShiftsView;
  @ApiProperty({ type: [String], description: 'YYYY-MM-DD' }) daysOff!: string[];
}

/** A technician as the API shows it: the profile by name, and the orders counted against the capacity. */
export class TechnicianView {
  @ApiProperty({ description: "The technician's login subject" }) id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ description: 'The version, also the ETag; send it back as If-Match' }) version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty({ type: [String] }) productLines!: string[];
  @ApiProperty({ enum: ZONES, isArray: true }) zones!: string[];
  @ApiProperty({ type: GeoPointView }) baseLocation!: GeoPointView;
  @ApiProperty({ type: ShiftCalendarView }) shiftCalendar!: ShiftCalendarView;
  @ApiProperty({ description: 'Maximum open orders' }) capacity!: number;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Open orders now (the queue)' }) openOrders!: number;
  @ApiProperty({ type: [String], description: 'The work orders counted against the capacity' }) openOrderIds!: string[];
}

/** One page of the roster, in id order. */
export class TechnicianPage {
  @ApiProperty({ type: [TechnicianView] }) items!: TechnicianView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

export function toTechnicianView(t: TechnicianSnapshot, openOrderIds: readonly string[]): TechnicianView {
  const weekly = Object.fromEntries(
    WEEKDAYS.map((day) => [day, (t.shiftCalendar.weekly[day] ?? []).map((w) => ({ start: w.start, end: w.end }))]),
  ) as unknown as WeeklyShiftsView;
  return {
    id: t.id,
    tenantId: t.tenantId,
    version: t.version,
    name: t.name,
    skills: [...t.skills],
    productLines: [...t.productLines],
    zones: [...t.zones],
    baseLocation: { lat: t.baseLocation.lat, lng: t.baseLocation.lng },
    shiftCalendar: { timeZone: t.shiftCalendar.timeZone, weekly, daysOff: [...t.shiftCalendar.daysOff] },
    capacity: t.capacity,
    active: t.active,
    openOrders: t.openOrders,
    openOrderIds: [...openOrderIds],
  };
}
