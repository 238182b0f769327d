import { DomainError } from '@aftercare/ddd';
import type { ServiceRequest } from './service-request';
import { SERVICE_REQUEST_TRANSITIONS, STATUSES, type Status, isCommandAllowed } from './service-request.state-machine';
import {
  UNDER_CONTRACT,
  acknowledged,
  cancelled,
  cancelledInProgress,
  closed,
  confirmed,
  days,
  hours,
  inProgress,
  received,
  registered,
  rejected,
  reopened,
  resolved,
  routed,
} from './testing/service-request.builders';

/**
 * The full matrix: every command × every starting situation. The expectations are written out
 * here, independently of the production table, so a change to the table fails this test.
 */

const FIXTURES = {
  received: () => received(),
  registered: () => registered(),
  acknowledged: () => acknowledged(),
  'acknowledged+routed': () => routed(),
  in_progress: () => inProgress(),
  resolved: () => resolved(),
  confirmed: () => confirmed(),
  closed: () => closed(),
  rejected: () => rejected(),
  cancelled: () => cancelled(),
  'cancelled(in_progress)': () => cancelledInProgress(),
  reopened: () => reopened(),
} satisfies Record<string, () => ServiceRequest>;
type Fixture = keyof typeof FIXTURES;

const AT = days(3);

const COMMANDS = {
  register: (c: ServiceRequest) => c.register({ severity: 'minor', urgency: 'low', entitlement: UNDER_CONTRACT, at: AT }),
  acknowledge: (c: ServiceRequest) => c.acknowledge({ at: AT }),
  route: (c: ServiceRequest) => c.route({ at: AT }),
  startWork: (c: ServiceRequest) => c.startWork({ kind: 'claim', reference: 'claim-9', at: AT }),
  completeWork: (c: ServiceRequest) => c.completeWork({ reference: 'wo-1', at: AT }),
  resolve: (c: ServiceRequest) => c.resolve({ summary: 'done', at: AT }),
  confirm: (c: ServiceRequest) => c.confirm({ at: AT }),
  close: (c: ServiceRequest) => c.close({ reason: 'survey_completed', at: AT }),
  reopen: (c: ServiceRequest) => c.reopen({ reason: 'customer_dispute', at: AT }),
  reject: (c: ServiceRequest) => c.reject({ note: 'spam', at: AT }),
  markDuplicateOf: (c: ServiceRequest) => c.markDuplicateOf({ survivor: { id: 'case-0', tenantId: 'tenant-a' }, at: AT }),
  cancel: (c: ServiceRequest) => c.cancel({ reason: 'withdrawn', at: AT }),
  updateDetails: (c: ServiceRequest) => c.updateDetails({ problemDescription: 'Leaks and rattles', at: AT }),
  addInformation: (c: ServiceRequest) => c.addInformation({ text: 'Photo of the nameplate follows', at: AT }),
  reclassify: (c: ServiceRequest) => c.reclassify({ severity: 'critical', urgency: 'high', at: AT }),
  setEntitlement: (c: ServiceRequest) => c.setEntitlement({ entitlement: UNDER_CONTRACT, at: AT }),
  flagMisuse: (c: ServiceRequest) => c.flagMisuse({ at: AT }),
  escalate: (c: ServiceRequest) => c.escalate({ level: 1, reason: 'manual', at: AT }),
  recordSlaBreach: (c: ServiceRequest) => c.recordSlaBreach({ clock: 'reply', dueAt: hours(24), at: AT }),
  linkDuplicate: (c: ServiceRequest) =>
    c.linkDuplicate({ duplicate: received({ id: 'case-2', receivedAt: hours(1) }), at: AT }),
};
type Command = keyof typeof COMMANDS;

/** `to`: succeeds and leaves this status; `noop`: returns false, nothing recorded; `error`: that code. */
type Outcome = { to: Status } | { noop: true } | { error: string };

const ILLEGAL = { error: 'SERVICE_REQUEST_ILLEGAL_TRANSITION' } as const;
const to = (status: Status): Outcome => ({ to: status });

/** Default for every cell not listed: illegal. */
const LEGAL: Record<Command, Partial<Record<Fixture, Outcome>>> = {
  register: { received: to('registered') },
  acknowledge: { registered: to('acknowledged') },
  route: {
    acknowledged: to('acknowledged'),
    'acknowledged+routed': { error: 'SERVICE_REQUEST_ALREADY_ROUTED' },
    reopened: to('reopened'),
  },
  startWork: {
    acknowledged: { error: 'SERVICE_REQUEST_NOT_ROUTED' },
    'acknowledged+routed': to('in_progress'),
    in_progress: to('in_progress'),
    reopened: to('in_progress'),
  },
  completeWork: {
    // no such work item before work started
    received: { error: 'SERVICE_REQUEST_WORK_ITEM_NOT_FOUND' },
    registered: { error: 'SERVICE_REQUEST_WORK_ITEM_NOT_FOUND' },
    acknowledged: { error: 'SERVICE_REQUEST_WORK_ITEM_NOT_FOUND' },
    'acknowledged+routed': { error: 'SERVICE_REQUEST_WORK_ITEM_NOT_FOUND' },
    rejected: { error: 'SERVICE_REQUEST_WORK_ITEM_NOT_FOUND' },
    cancelled: { error: 'SERVICE_REQUEST_WORK_ITEM_NOT_FOUND' },
    in_progress: to('in_progress'),
    // already completed: a redelivery changes nothing
    resolved: { noop: true },
    confirmed: { noop: true },
    closed: { noop: true },
    reopened: { noop: true },
  },
  resolve: { in_progress: { error: 'SERVICE_REQUEST_WORK_OUTSTANDING' } },
  confirm: { resolved: to('confirmed') },
  close: { resolved: to('closed'), confirmed: to('closed') },
  reopen: { resolved: to('reopened'), confirmed: to('reopened'), closed: to('reopened') },
  reject: { received: to('rejected'), registered: to('rejected'), acknowledged: to('rejected'), 'acknowledged+routed': to('rejected') },
  markDuplicateOf: {
    received: to('rejected'),
    registered: to('rejected'),
    acknowledged: to('rejected'),
    'acknowledged+routed': to('rejected'),
  },
  cancel: {
    received: to('cancelled'),
    registered: to('cancelled'),
    acknowledged: to('cancelled'),
    'acknowledged+routed': to('cancelled'),
    in_progress: to('cancelled'),
    reopened: to('cancelled'),
  },
  updateDetails: {
    received: to('received'),
    registered: to('registered'),
    acknowledged: to('acknowledged'),
    'acknowledged+routed': to('acknowledged'),
    in_progress: to('in_progress'),
    reopened: to('reopened'),
  },
  addInformation: {
    received: to('received'),
    registered: to('registered'),
    acknowledged: to('acknowledged'),
    'acknowledged+routed': to('acknowledged'),
    in_progress: to('in_progress'),
    resolved: to('resolved'),
    confirmed: to('confirmed'),
    reopened: to('reopened'),
  },
  reclassify: {
    registered: to('registered'),
    acknowledged: to('acknowledged'),
    'acknowledged+routed': to('acknowledged'),
    in_progress: to('in_progress'),
    reopened: to('reopened'),
  },
  setEntitlement: {
    registered: to('registered'),
    acknowledged: to('acknowledged'),
    'acknowledged+routed': to('acknowledged'),
    in_progress: to('in_progress'),
    reopened: to('reopened'),
    resolved: to('resolved'),
  },
  flagMisuse: {
    received: to('received'),
    registered: to('registered'),
    acknowledged: to('acknowledged'),
    'acknowledged+routed': to('acknowledged'),
    in_progress: to('in_progress'),
    reopened: to('reopened'),
    resolved: to('resolved'),
  },
  escalate: {
    received: to('received'),
    registered: to('registered'),
    acknowledged: to('acknowledged'),
    'acknowledged+routed': to('acknowledged'),
    in_progress: to('in_progress'),
    reopened: to('reopened'),
  },
  recordSlaBreach: {
    received: to('received'),
    registered: to('registered'),
    acknowledged: to('acknowledged'),
    'acknowledged+routed': to('acknowledged'),
    in_progress: to('in_progress'),
    reopened: to('reopened'),
  },
  linkDuplicate: {
    received: to('received'),
    registered: to('registered'),
    acknowledged: to('acknowledged'),
    'acknowledged+routed': to('acknowledged'),
    in_progress: to('in_progress'),
    resolved: to('resolved'),
    confirmed: to('confirmed'),
    reopened: to('reopened'),
  },
};

const describeOutcome = (o: Outcome) => ('to' in o ? `→ ${o.to}` : 'noop' in o ? 'no-op' : o.error);

const CELLS = (Object.keys(COMMANDS) as Command[]).flatMap((command) =>
  (Object.keys(FIXTURES) as Fixture[]).map((fixture) => {
    const outcome = LEGAL[command][fixture] ?? ILLEGAL;
    return { command, fixture, outcome, label: `${command} from ${fixture}: ${describeOutcome(outcome)}` };
  }),
);

describe('ServiceRequest transition matrix', () => {
  it('covers every command in every situation', () => {
    expect(CELLS).toHaveLength(Object.keys(COMMANDS).length * Object.keys(FIXTURES).length);
    expect(new Set(Object.values(FIXTURES).map((make) => make().status))).toEqual(new Set(STATUSES));
  });

  it.each(CELLS)('$label', ({ command, fixture, outcome }) => {
    const c = FIXTURES[fixture]();
    const statusBefore = c.status;
    const eventsBefore = c.pendingEvents.length;
    const snapshotBefore = c.toSnapshot();
    const run = () => COMMANDS[command](c);

    if ('error' in outcome) {
      let thrown: unknown;
      try {
        run();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect({ code: (thrown as DomainError).code }).toEqual({ code: outcome.error });
      if (outcome.error === ILLEGAL.error) {
        expect((thrown as DomainError).kind).toBe('conflict');
        expect((thrown as DomainError).details).toEqual(expect.objectContaining({ from: statusBefore }));
      }
      // nothing changed, nothing recorded
      expect(c.toSnapshot()).toEqual(snapshotBefore);
      expect(c.pendingEvents).toHaveLength(eventsBefore);
    } else if ('noop' in outcome) {
      expect(run()).toBe(false);
      expect(c.toSnapshot()).toEqual(snapshotBefore);
      expect(c.pendingEvents).toHaveLength(eventsBefore);
    } else {
      const result = run();
      if (typeof result === 'boolean') expect(result).toBe(true);
      expect(c.status).toBe(outcome.to);
      expect(c.pendingEvents.length).toBeGreaterThan(eventsBefore);
      for (const event of c.pendingEvents.slice(eventsBefore)) {
        expect(event.caseId).toBe(c.id);
        expect(event.occurredAt).toEqual(AT);
      }
    }
  });

  it('resolves from in_progress once the open work is done', () => {
    const c = inProgress();
    c.completeWork({ reference: 'wo-1', at: AT });
    c.resolve({ at: AT });
    expect(c.status).toBe('resolved');
  });

  it('the status-changing table has exactly the documented edges', () => {
    const edges = Object.entries(SERVICE_REQUEST_TRANSITIONS).flatMap(([action, { from, to: target }]) =>
      from.map((f) => `${f} -${action}-> ${target}`),
    );
    expect(edges.sort()).toEqual(
      [
        'received -register-> registered',
        'registered -acknowledge-> acknowledged',
        'acknowledged -startWork-> in_progress',
        'reopened -startWork-> in_progress',
        'in_progress -resolve-> resolved',
        'resolved -confirm-> confirmed',
        'resolved -close-> closed',
        'confirmed -close-> closed',
        'received -reject-> rejected',
        'registered -reject-> rejected',
        'acknowledged -reject-> rejected',
        'received -cancel-> cancelled',
        'registered -cancel-> cancelled',
        'acknowledged -cancel-> cancelled',
        'in_progress -cancel-> cancelled',
        'reopened -cancel-> cancelled',
        'resolved -reopen-> reopened',
        'confirmed -reopen-> reopened',
        'closed -reopen-> reopened',
      ].sort(),
    );
  });

  it('can() answers from the same tables', () => {
    expect(received().can('register')).toBe(true);
    expect(received().can('acknowledge')).toBe(false);
    expect(inProgress().can('startWork')).toBe(false);
    expect(inProgress().can('addWork')).toBe(true);
    expect(resolved().can('escalate')).toBe(false);
    for (const status of STATUSES) expect(isCommandAllowed(status, 'linkDuplicate')).toBe(!['closed', 'cancelled', 'rejected'].includes(status));
  });
});
