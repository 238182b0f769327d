import { ALICE, at, hours, minutes, newOrder, T0 } from './__fixtures__/work-order.fixtures';
import {
  carryOverAssignmentDueAt,
  carryOverPriority,
  compareBoard,
  compareCarryOver,
  compareDispatchQueue,
  priorityRank,
  QueuedOrder,
  queueRank,
  type CarriedOverOrder,
} from './dispatch-queue';

const q = (overrides: Partial<QueuedOrder> = {}): QueuedOrder => ({
  id: 'wo-1',
  status: 'created',
  priority: 'P3',
  arrivalDeadline: at(hours(6)),
  createdAt: T0,
  carryOverCount: 0,
  lastCarriedOverAt: null,
  ...overrides,
});
const eod = at(hours(8));

describe('carryOverPriority', () => {
  it('carries over an order still waiting for a technician at the end of the day', () => {
    for (const status of ['created', 'declined'] as const)
      expect(carryOverPriority(q({ status }), eod, eod)).toEqual({
        carriedOver: true,
        carryOverCount: 1,
        lastCarriedOverAt: eod,
        queueRank: 2,
      });
  });

  it('does nothing before the end of the day', () => {
    expect(carryOverPriority(q(), at(hours(7)), eod)).toEqual({
      carriedOver: false,
      carryOverCount: 0,
      lastCarriedOverAt: null,
      queueRank: 3,
    });
  });

  it('does nothing for an order already dispatched (or finished)', () => {
    for (const status of ['assigned', 'accepted', 'in_progress', 'completed', 'cancelled'] as const)
      expect(carryOverPriority(q({ status }), eod, eod).carriedOver).toBe(false);
  });

  it('does nothing for an order created after the end of the day', () => {
    expect(carryOverPriority(q({ createdAt: at(hours(9)) }), at(hours(10)), eod).carriedOver).toBe(false);
  });

  it('is idempotent per day, and counts each further day', () => {
    const once = carryOverPriority(q(), eod, eod);
    const again = carryOverPriority(q({ ...once }), at(hours(12)), eod);
    expect(again).toEqual(once);
    const nextDay = carryOverPriority(q({ ...once }), at(hours(32)), at(hours(32)));
    expect(nextDay).toMatchObject({ carryOverCount: 2, queueRank: 1 });
  });

  it('does not mutate its input', () => {
    const order = q();
    carryOverPriority(order, eod, eod);
    expect(order.carryOverCount).toBe(0);
  });
});

describe('queue rank and order', () => {
  it('maps P1..P4 to 1..4 and raises one level per carry-over, never above 0', () => {
    expect(['P1', 'P2', 'P3', 'P4'].map((p) => priorityRank(p as never))).toEqual([1, 2, 3, 4]);
    expect([queueRank('P4', 0), queueRank('P4', 1), queueRank('P1', 1), queueRank('P1', 5)]).toEqual([4, 3, 0, 0]);
  });

  it('sorts by rank, then earlier arrival deadline, then older order, then id', () => {
    const orders = [
      q({ id: 'fresh-p1', priority: 'P1' }),
      q({ id: 'carried-p1', priority: 'P1', carryOverCount: 1 }),
      q({ id: 'carried-p2-later', priority: 'P2', carryOverCount: 1, arrivalDeadline: at(hours(9)) }),
      q({ id: 'fresh-p3', priority: 'P3' }),
      q({ id: 'b-p3-older', priority: 'P3', createdAt: at(-hours(1)) }),
      q({ id: 'a-p3-older', priority: 'P3', createdAt: at(-hours(1)) }),
    ];
    expect([...orders].sort(compareDispatchQueue).map((o) => o.id)).toEqual([
      'carried-p1',
      'fresh-p1',
      'carried-p2-later',
      'a-p3-older',
      'b-p3-older',
      'fresh-p3',
    ]);
  });
});

describe('carryOverAssignmentDueAt (offered again when shifts start)', () => {
  const shiftStart = at(hours(22));
  const carried = (overrides: Partial<CarriedOverOrder> = {}): CarriedOverOrder => ({
    ...q({ carryOverCount: 1, lastCarriedOverAt: eod }),
    lastAssignmentAttemptAt: at(minutes(1)),
    ...overrides,
  });

  it('is due at the start of shifts for a carried-over order still waiting (created or declined)', () => {
    expect(carryOverAssignmentDueAt(carried(), shiftStart)).toEqual(shiftStart);
    expect(carryOverAssignmentDueAt(carried({ status: 'declined' }), shiftStart)).toEqual(shiftStart);
    expect(carryOverAssignmentDueAt(carried({ lastAssignmentAttemptAt: null }), shiftStart)).toEqual(shiftStart);
  });

  it('is settled by an attempt made since the shifts started (automatic or by a dispatcher)', () => {
    expect(carryOverAssignmentDueAt(carried({ lastAssignmentAttemptAt: shiftStart }), shiftStart)).toBeNull();
    expect(carryOverAssignmentDueAt(carried({ lastAssignmentAttemptAt: at(hours(23)) }), shiftStart)).toBeNull();
  });

  it('is never due for an order not carried over, or one that has a technician', () => {
    expect(carryOverAssignmentDueAt(carried({ carryOverCount: 0, lastCarriedOverAt: null }), shiftStart)).toBeNull();
    for (const status of ['assigned', 'accepted', 'completed', 'cancelled'] as const) expect(carryOverAssignmentDueAt(carried({ status }), shiftStart)).toBeNull();
  });

  it('reads the order’s last assignment decision', () => {
    const order = newOrder();
    expect(order.lastAssignmentAttemptAt).toBeNull();
    order.autoAssign([], { now: at(minutes(3)) });
    order.autoAssign([ALICE], { now: at(minutes(7)) });
    expect(order.lastAssignmentAttemptAt).toEqual(at(minutes(7)));
  });
});

describe('compareCarryOver and the board', () => {
  const older = q({ id: 'wo-old', carryOverCount: 1, lastCarriedOverAt: eod, createdAt: at(-hours(5)), priority: 'P4' });
  const newer = q({ id: 'wo-new', carryOverCount: 1, lastCarriedOverAt: eod, createdAt: at(-hours(1)), priority: 'P1' });
  const twoDays = q({ id: 'wo-2d', carryOverCount: 2, lastCarriedOverAt: eod, createdAt: at(hours(1)), priority: 'P4' });
  const fresh = q({ id: 'wo-fresh', priority: 'P1', createdAt: at(-hours(9)) });
  const freshLater = q({ id: 'wo-fresh-2', priority: 'P2', createdAt: at(-hours(20)) });

  it('offers the oldest carry-over first: most days carried over, then the earliest created, then id', () => {
    expect([newer, twoDays, older].sort(compareCarryOver).map((o) => o.id)).toEqual(['wo-2d', 'wo-old', 'wo-new']);
    expect([q({ id: 'b' }), q({ id: 'a' })].sort(compareCarryOver).map((o) => o.id)).toEqual(['a', 'b']);
  });

  it('lists carried-over orders first on the board, then the rest in dispatch-queue order', () => {
    expect([freshLater, fresh, newer, older, twoDays].sort(compareBoard).map((o) => o.id)).toEqual(['wo-2d', 'wo-old', 'wo-new', 'wo-fresh', 'wo-fresh-2']);
  });
});
