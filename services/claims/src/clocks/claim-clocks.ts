import {
  CN_STANDARD_CALENDAR_ID,
  DEFAULT_CALENDARS,
  DEFAULT_ESCALATION_CHAIN,
  ROUND_THE_CLOCK_CALENDAR_ID,
  addBusinessMinutes,
  findCalendar,
  type BusinessCalendar,
} from '@aftercare/sla';
import type { EscalationLevel, EscalationTiming } from '../common/escalation-ladder';

/**
 * The claim clocks of docs/domain.md "Service levels": first contact 48 h (source 003 §3),
 * rectification status to the customer 72 h (source 002 §3), closure urgent 2 days / normal 7 days
 * (source 003 §3), complaint first response 24 h and preliminary check 3 working days (source 004
 * §1.9, §3). The sources say "days" without saying which (source 003 §3 only "within two days"), so
 * each tenant chooses how a day is read:
 * - `calendar` (the default): a day is 24 hours of the clock, weekends and holidays included;
 * - `working`: a day is one working day of the `cn-standard` calendar (8 working hours, Chinese
 *   public holidays and make-up days), and "48 h" reads as two working days.
 * The preliminary check is "working days" in the source and runs on `cn-standard` in both readings.
 */
export type DayReading = 'calendar' | 'working';
export const DEFAULT_DAY_READING: DayReading = 'calendar';

const MINUTES_PER_DAY: Record<DayReading, number> = { calendar: 24 * 60, working: 8 * 60 };
const CALENDAR_OF: Record<DayReading, string> = { calendar: ROUND_THE_CLOCK_CALENDAR_ID, working: CN_STANDARD_CALENDAR_ID };

export const CLAIM_CLOCK_DAYS = {
  firstContact: 2,
  rectificationStatus: 3,
  closure: { urgent: 2, normal: 7 },
  complaintFirstResponse: 1,
  complaintPreliminaryCheck: 3,
} as const;

/**
 * Who a claim clock's breach climbs to: the timing of libs/sla's default chain (at the breach,
 * 240 overdue minutes later, 1440 later), with the quality department as its first level because
 * claims are theirs (design; the dispatcher of the default chain has no part in a claim).
 */
export const CLAIM_ESCALATION_CHAIN: readonly EscalationLevel[] = DEFAULT_ESCALATION_CHAIN.map((step, i) => ({
  afterMinutesOverdue: step.afterMinutesOverdue,
  level: i === 0 ? 'quality_engineer' : step.level,
}));

export class ClaimClocks {
  constructor(
    private readonly reading: DayReading = DEFAULT_DAY_READING,
    private readonly calendars: readonly BusinessCalendar[] = DEFAULT_CALENDARS,
  ) {}

  /** `days` days after `from`, in this tenant's reading. */
  daysAfter(from: Date, days: number, reading: DayReading = this.reading): Date {
    return addBusinessMinutes(findCalendar(this.calendars, CALENDAR_OF[reading]), from, days * MINUTES_PER_DAY[reading]);
  }

  firstContactDue(openedAt: Date): Date {
    return this.daysAfter(openedAt, CLAIM_CLOCK_DAYS.firstContact);
  }

  rectificationStatusDue(openedAt: Date): Date {
    return this.daysAfter(openedAt, CLAIM_CLOCK_DAYS.rectificationStatus);
  }

  /** Closure counts from the registration of the claim, not from its triage. */
  closureDue(openedAt: Date, urgency: 'urgent' | 'normal'): Date {
    return this.daysAfter(openedAt, CLAIM_CLOCK_DAYS.closure[urgency]);
  }

  complaintFirstResponseDue(receivedAt: Date): Date {
    return this.daysAfter(receivedAt, CLAIM_CLOCK_DAYS.complaintFirstResponse);
  }

  complaintPreliminaryCheckDue(receivedAt: Date): Date {
    return this.daysAfter(receivedAt, CLAIM_CLOCK_DAYS.complaintPreliminaryCheck, 'working');
  }

  /**
   * How a claim's breach climbs: overdue minutes count on the calendar of the tenant's reading
   * (around the clock, or cn-standard working time: nobody is escalated to over a holiday then).
   */
  get escalation(): EscalationTiming {
    const calendar = findCalendar(this.calendars, CALENDAR_OF[this.reading]);
    return { chain: CLAIM_ESCALATION_CHAIN, overdueBy: (deadline, minutes) => addBusinessMinutes(calendar, deadline, minutes) };
  }
}
