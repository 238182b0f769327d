/** @aftercare/sla — business calendars, SLA policies and clocks. Pure: no Nest, Mongo, Kafka or I/O. */
export { SLA_ERROR_CODES, SlaError } from './errors';
export type { SlaErrorCode } from './errors';
export * from './calendar/business-calendar';
export { validateCalendar, assertValidCalendar } from './calendar/calendar-validation';
export {
  addBusinessMinutes,
  businessMinutesBetween,
  isWorkingTime,
  nextWorkingInstant,
  endOfWorkingDay,
} from './calendar/calendar-arithmetic';
export * from './calendar/default-calendars';
export * from './calendar/holiday-coverage';
export * from './policy/sla-policy';
export * from './policy/policy-resolution';
export * from './policy/policy-validation';
export * from './policy/default-policies';
export * from './clock/sla-clock';
export * from './clock/clock-transitions';
export * from './clock/clock-queries';
export * from './clock/escalation';
export * from './clock/revive-clock';
