import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_CALENDARS, endOfWorkingDay, findCalendar, type BusinessCalendar } from '@aftercare/sla';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../config/config';
import type { QueuedOrder } from '../domain';

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
}
