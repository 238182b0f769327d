import { DEFAULT_POLICIES, resolveClock, type SlaPolicy } from '@aftercare/sla';
import { ALICE, at, eventsNamed, hours, minutes, newOrder, reach, T0 } from './__fixtures__/work-order.fixtures';
import { chainOf, stepsRecorded } from './escalation-ladder';

/** The default chain on a fixed (24x7) arrival deadline 6 h after T0: dispatcher at the breach, service manager 4 h later, deputy GM 24 h later. */
const BREACH = hours(6);

describe('climbing the escalation chain of an open deadline', () => {
  it('an unassigned order past its arrival deadline reaches the dispatcher, the service manager, then the deputy GM, each once', () => {
    const o = newOrder();
    o.checkDeadlines(at(BREACH + minutes(1)));
    expect(o.climbEscalations(at(BREACH + minutes(1)))).toEqual([]);
    expect(o.nextEscalationAt).toEqual(at(BREACH + minutes(240)));
    expect(o.climbEscalations(at(BREACH + minutes(239)))).toEqual([]);

    expect(o.climbEscalations(at(BREACH + minutes(240) + 1))).toEqual([{ reason: 'arrival_deadline_breached', step: 2, level: 'service_manager' }]);
    expect(o.climbEscalations(at(BREACH + minutes(300)))).toEqual([]);
    expect(o.nextEscalationAt).toEqual(at(BREACH + hours(24)));
    expect(o.climbEscalations(at(BREACH + hours(24) + 1))).toEqual([{ reason: 'arrival_deadline_breached', step: 3, level: 'deputy_gm' }]);
    expect(o.climbEscalations(at(BREACH + hours(30)))).toEqual([]);

    const arrival = o.escalations.filter((e) => e.reason === 'arrival_deadline_breached');
    expect(arrival.map((e) => [e.level ?? 'dispatcher', e.step ?? 1])).toEqual([
      ['dispatcher', 1],
      ['service_manager', 2],
      ['deputy_gm', 3],
    ]);
    const published = eventsNamed(o, 'escalated').filter((e) => e.reason === 'arrival_deadline_breached');
    // The first step's payload is unchanged (no level: the dispatcher at step 1); the later ones name their level.
    expect(published.map((e) => [e.level, e.step, e.escalatedTo])).toEqual([
      [undefined, undefined, 'dispatcher'],
      ['service_manager', 2, 'dispatcher'],
      ['deputy_gm', 3, 'dispatcher'],
    ]);
  });

  it('a late check records every step it missed, in order, and none twice', () => {
    const o = newOrder();
    o.checkDeadlines(at(BREACH + minutes(1)));
    expect(o.climbEscalations(at(BREACH + hours(30))).map((s) => s.level)).toEqual(['service_manager', 'deputy_gm']);
    expect(o.climbEscalations(at(BREACH + hours(40)))).toEqual([]);
    expect(o.nextEscalationAt).toBeNull();
  });

  it('nothing climbs before the breach is recorded, after the technician arrived, or once the order is cancelled', () => {
    const early = newOrder();
    expect(early.climbEscalations(at(BREACH + hours(30)))).toEqual([]);
    expect(early.nextEscalationAt).toBeNull();

    const arrived = reach('scheduled');
    arrived.checkDeadlines(at(BREACH + minutes(1)));
    arrived.departForSite({ at: at(BREACH + minutes(2)) });
    arrived.arriveOnSite({ at: at(BREACH + minutes(30)) });
    expect(arrived.climbEscalations(at(BREACH + hours(30))).filter((s) => s.reason === 'arrival_deadline_breached')).toEqual([]);

    const cancelled = newOrder();
    cancelled.checkDeadlines(at(BREACH + minutes(1)));
    cancelled.cancel({ reason: 'customer called it off', cancelledBy: 'dispatcher-1', at: at(BREACH + minutes(5)) });
    expect(cancelled.climbEscalations(at(BREACH + hours(30)))).toEqual([]);
    expect(cancelled.nextEscalationAt).toBeNull();
  });

  it("follows the tenant policy's own chain and levels", () => {
    const policy: SlaPolicy = {
      id: 'fast-arrival',
      tenantId: 'tenant-a',
      clocks: {
        arrival: {
          targetMinutes: 120,
          calendarId: '24x7',
          pauseInStates: [],
          escalationChain: [
            { afterMinutesOverdue: 60, level: 'regional_manager' },
            { afterMinutesOverdue: 0, level: 'dispatcher' },
          ],
        },
      },
    };
    const criteria = { tenantId: 'tenant-a', caseType: 'repair', priority: 'P3' as const };
    const clocks = {
      arrival: resolveClock([policy, ...DEFAULT_POLICIES], criteria, 'arrival')!,
      completion: resolveClock(DEFAULT_POLICIES, criteria, 'completion')!,
      startedAt: T0,
    };
    const o = newOrder({ clocks, arrivalDeadline: undefined, completionDeadline: undefined });
    expect(chainOf(o.clocks.arrival).map((s) => s.level)).toEqual(['dispatcher', 'regional_manager']);
    o.checkDeadlines(at(hours(2) + minutes(1)));
    expect(o.climbEscalations(at(hours(3) + 1))).toEqual([{ reason: 'arrival_deadline_breached', step: 2, level: 'regional_manager' }]);
    expect(stepsRecorded(o.escalations, 'arrival_deadline_breached')).toBe(2);
    expect(o.nextEscalationAt).toBeNull();
  });

  it('an assignment does not stop the climb: only the arrival does', () => {
    const o = newOrder();
    o.checkDeadlines(at(BREACH + minutes(1)));
    o.autoAssign([ALICE], { now: at(BREACH + minutes(10)) });
    expect(o.climbEscalations(at(BREACH + minutes(241))).map((s) => s.level)).toEqual(['service_manager']);
  });
});
