import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_CALENDARS, endOfWorkingDay, findCalendar, nextWorkingInstant, type BusinessCalendar } from '@aftercare/sla';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../config/config';
import { carryOverAssignmentDueAt, type CarriedOverOrder, type QueuedOrder, type WorkOrder } from '../domain';

/** At most this many carry-overs are caught up in one check (a service down for days). */
const MAX_CARRY_OVERS_PER_CHECK = 31;

/**
 * The dispatch day on the business calendar (`DISPATCH_CALENDAR_ID`, default 'cn-standard'): an
 * order still waiting for a technician at the end of the working day it arrived in is carried over
 * and gets priority the next day ([004]), once per working day.
 */
@Injectable()
export class DispatchDay {
  readonly calendar: BusinessCalendar;

  constructor(@Inject(DISPATCH_CONFIG) config: DispatchConfig) {
    this.calendar = findCalendar(DEFAULT_CALENDARS, config.DISPATCH_CALENDAR_ID);
  }

  /** The end of the next working day the order can be carried over from. */
  nextCarryOverAt(order: Pick<QueuedOrder, 'createdAt' | 'lastCarriedOverAt'>): Date {
    const from = order.lastCarriedOverAt ? new Date(order.lastCarriedOverAt.getTime() + 1) : order.createdAt;
    return endOfWorkingDay(this.calendar, from);
  }

  /** When shifts start after the day the order was carried over from: the next working instant. */
  shiftStartAfterCarryOver(order: Pick<QueuedOrder, 'lastCarriedOverAt'>): Date | null {
    return order.lastCarriedOverAt ? nextWorkingInstant(this.calendar, new Date(order.lastCarriedOverAt.getTime() + 1)) : null;
  }

  /** When the order is due to be offered again at the start of shifts (see `carryOverAssignmentDueAt`). */
  carryOverAssignmentDueAt(order: CarriedOverOrder): Date | null {
    const shiftStart = this.shiftStartAfterCarryOver(order);
    return shiftStart && carryOverAssignmentDueAt(order, shiftStart);
  }

  /** Carries the order over every working day that ended by `now` while it waited; whether it did. */
  carryOverUntil(order: WorkOrder, now: Date): boolean {
    let carried = false;
    for (let i = 0; i < MAX_CARRY_OVERS_PER_CHECK; i++) {
      const endOfDay = this.nextCarryOverAt(order);
      if (endOfDay > now || !order.carryOver(now, endOfDay)) break;
      carried = true;
    }
    return carried;
  }
}
