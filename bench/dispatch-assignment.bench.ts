/**
 * Benchmark of automatic assignment (dispatch, issue #4): 1,000 open orders dispatched one after
 * another against 500 technicians, with seeded, realistic data around Shanghai (zones by distance,
 * skills, product lines, shift calendars with night shifts and days off, capacities and queues).
 *
 * One decision = `WorkOrder.autoAssign` (hard filters, ETA, ranking of all 500, the decision with
 * every candidate recorded on the order, the event) plus `Technician.takeOrder` for the winner.
 * Between decisions technicians finish jobs at random, as they would during a day.
 *
 *   node -r @swc-node/register bench/dispatch-assignment.bench.ts
 *
 * Writes bench/results/dispatch-assignment.json and prints it. Not a test: it asserts nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { ShiftCalendar, Technician, Weekday, Zone } from '../services/dispatch/src/technician/domain';
import {
  compareDispatchQueue,
  Priority,
  WorkOrder,
  WorkOrderType,
} from '../services/dispatch/src/work-order/domain';

const SEED = 20_250_512;
const ORDERS = 1_000;
const TECHNICIANS = 500;
const WARM_UP_ORDERS = 100;
const TENANT = 'acme-service';
const CONFIG = { averageSpeedKmh: 40, minutesPerQueuedJob: 60 };
/** Monday 12 May 2025, 09:00 in Shanghai: the dispatch run starts here, one decision every 20 s. */
const START = Date.parse('2025-05-12T01:00:00Z');
const DECISION_INTERVAL_MS = 20_000;
const CENTRE = { lat: 31.2304, lng: 121.4737 };

// ------------------------------------------------------------------ seeded randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = mulberry32(SEED);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
function weighted<T>(entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [v, w] of entries) if ((r -= w) < 0) return v;
  return entries[entries.length - 1][0];
}
function sample<T>(entries: readonly (readonly [T, number])[], n: number): T[] {
  const out = new Set<T>();
  while (out.size < n) out.add(weighted(entries));
  return [...out];
}
/** A point at a random bearing, `km` from the centre (good enough at this scale). */
function pointAt(km: number): { lat: number; lng: number } {
  const bearing = random() * 2 * Math.PI;
  const dLat = (km * Math.cos(bearing)) / 111.195;
  const dLng = (km * Math.sin(bearing)) / (111.195 * Math.cos((CENTRE.lat * Math.PI) / 180));
  return { lat: CENTRE.lat + dLat, lng: CENTRE.lng + dLng };
}
const zoneOf = (km: number): Zone => (km < 15 ? 'city' : km < 40 ? 'suburb' : 'remote');

// ------------------------------------------------------------------ realistic data

const SKILLS = [
  ['pump-mechanical', 30],
  ['electrical', 25],
  ['refrigeration', 15],
  ['controls-plc', 10],
  ['hydraulics', 8],
  ['vibration-analysis', 5],
  ['welding', 4],
  ['commissioning', 3],
] as const;
const LINES = [
  ['centrifugal-pumps', 30],
  ['chillers', 20],
  ['compressors', 15],
  ['air-handling', 15],
  ['boilers', 10],
  ['water-treatment', 10],
] as const;
const WEEKDAYS_MON_FRI: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const DECISION_DAY = '2025-05-12';

function calendar(): ShiftCalendar {
  const shift = weighted([
    ['office', 70],
    ['six-day', 15],
    ['late', 10],
    ['night', 5],
  ] as const);
  const days = (list: Weekday[], start: string, end: string) =>
    Object.fromEntries(list.map((d) => [d, [{ start, end }]]));
  const weekly =
    shift === 'office'
      ? days(WEEKDAYS_MON_FRI, '08:00', '18:00')
      : shift === 'six-day'
        ? days([...WEEKDAYS_MON_FRI, 'sat'], '08:00', '17:00')
        : shift === 'late'
          ? days(['tue', 'wed', 'thu', 'fri', 'sat'], '10:00', '19:00')
          : days(['sun', 'mon', 'tue', 'wed', 'thu'], '22:00', '06:00');
  const daysOff = random() < 0.04 ? [DECISION_DAY, '2025-05-13'] : random() < 0.3 ? ['2025-06-02'] : [];
  return { timeZone: 'Asia/Shanghai', weekly, daysOff };
}

function technicians(): Technician[] {
  return Array.from({ length: TECHNICIANS }, (_, i) => {
    const km = Math.sqrt(random()) * 60; // uniform over the disc
    const home = zoneOf(km);
    const zones: Zone[] =
      home === 'city'
        ? ['city', ...(random() < 0.6 ? (['suburb'] as Zone[]) : [])]
        : home === 'suburb'
          ? ['suburb', ...(random() < 0.5 ? (['city'] as Zone[]) : []), ...(random() < 0.4 ? (['remote'] as Zone[]) : [])]
          : ['remote', ...(random() < 0.7 ? (['suburb'] as Zone[]) : [])];
    const capacity = int(3, 8);
    const t = Technician.register({
      id: `tech-${String(i).padStart(4, '0')}`,
      tenantId: TENANT,
      name: `Technician ${i}`,
      skills: sample(SKILLS, int(2, 4)),
      productLines: sample(LINES, int(1, 3)),
      zones,
      baseLocation: pointAt(km),
      shiftCalendar: calendar(),
      capacity,
      active: random() >= 0.05,
    });
    if (t.active) for (let n = Math.floor(random() * random() * capacity); n > 0; n--) t.takeOrder();
    return t;
  });
}

const ARRIVAL_HOURS: Record<Zone, number> = { city: 6, suburb: 7, remote: 8 };

function orders(count: number, idPrefix: string): WorkOrder[] {
  return Array.from({ length: count }, (_, i) => {
    const km = Math.sqrt(random()) * 70;
    const zone = zoneOf(km);
    const createdAt = START - int(0, 20 * 3_600_000); // registered during the previous day
    const arrivalHours = ARRIVAL_HOURS[zone] + weighted([[0, 60], [12, 25], [24, 15]] as const);
    const arrivalDeadline = new Date(START + i * DECISION_INTERVAL_MS + arrivalHours * 3_600_000);
    return WorkOrder.create({
      id: `${idPrefix}-${String(i).padStart(4, '0')}`,
      tenantId: TENANT,
      caseId: `sr-${idPrefix}-${i}`,
      type: weighted<WorkOrderType>([
        ['repair', 60],
        ['maintenance', 20],
        ['installation', 10],
        ['commissioning', 7],
        ['training', 3],
      ]),
      priority: weighted<Priority>([
        ['P1', 10],
        ['P2', 30],
        ['P3', 40],
        ['P4', 20],
      ]),
      site: { address: `${int(1, 999)} Site Road, Shanghai`, ...pointAt(km), zone },
      product: { model: `M-${int(100, 999)}`, line: weighted(LINES) },
      serialNo: `SN-${int(1, 9_999_999)}`,
      requiredSkills: sample(SKILLS, weighted([[1, 75], [2, 25]] as const)),
      arrivalDeadline,
      completionDeadline: new Date(arrivalDeadline.getTime() + 48 * 3_600_000),
      at: new Date(createdAt),
    });
  });
}

// ------------------------------------------------------------------ measurement

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1_048_576;
};
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function dispatch(queue: WorkOrder[], techs: Technician[], firstDecisionAt: number) {
  const durations: number[] = [];
  let assigned = 0;
  let unassigned = 0;
  let metDeadline = 0;
  let eligibleTotal = 0;
  queue.forEach((order, i) => {
    // Technicians finish jobs during the day.
    for (let k = 0; k < 2; k++) {
      const t = techs[Math.floor(random() * techs.length)];
      if (t.openOrders > 0 && random() < 0.5) t.releaseOrder();
    }
    const lastTechnicianId = random() < 0.3 ? pick(techs).id : null;
    const now = new Date(firstDecisionAt + i * DECISION_INTERVAL_MS);

    const started = process.hrtime.bigint();
    const decision = order.autoAssign(techs, { now, ...CONFIG, lastTechnicianId, repeatRepair: random() < 0.05 });
    const winner = decision.winnerTechnicianId ? techs.find((t) => t.id === decision.winnerTechnicianId) : undefined;
    winner?.takeOrder();
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);

    if (winner) assigned++;
    else unassigned++;
    const w = decision.candidates[0];
    if (winner && w.canMeetDeadline) metDeadline++;
    eligibleTotal += decision.candidates.filter((c) => c.eligible).length;
  });
  return { durations, assigned, unassigned, metDeadline, eligibleTotal };
}

function main(): void {
  const heapAtStart = heapMb();
  const techs = technicians();
  const warmUp = orders(WARM_UP_ORDERS, 'warm');
  const queue = orders(ORDERS, 'wo').sort(compareDispatchQueue);
  const heapAfterData = heapMb();

  dispatch(warmUp, techs, START - WARM_UP_ORDERS * DECISION_INTERVAL_MS);
  warmUp.length = 0;
  const heapBeforeDecisions = heapMb();

  const wallStart = process.hrtime.bigint();
  const run = dispatch(queue, techs, START);
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  const heapAfterDecisions = heapMb();

  const sorted = [...run.durations].sort((a, b) => a - b);
  const totalMs = run.durations.reduce((s, d) => s + d, 0);
  const snapshotBytes = queue.map((o) => Buffer.byteLength(JSON.stringify(o.toSnapshot())));

  const result = {
    benchmark: 'dispatch-assignment',
    description:
      'WorkOrder.autoAssign over 500 technicians (filters, ETA, ranking, decision with every candidate recorded) + Technician.takeOrder, per order, 1,000 orders in dispatch-queue order',
    ranAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
    },
    parameters: {
      seed: SEED,
      orders: ORDERS,
      technicians: TECHNICIANS,
      warmUpDecisions: WARM_UP_ORDERS,
      ...CONFIG,
      decisionIntervalSeconds: DECISION_INTERVAL_MS / 1000,
      firstDecisionAt: new Date(START).toISOString(),
    },
    outcome: {
      assigned: run.assigned,
      unassigned: run.unassigned,
      winnersMeetingArrivalDeadline: run.metDeadline,
      averageEligibleCandidates: round(run.eligibleTotal / ORDERS, 1),
    },
    decisionMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1]),
      mean: round(totalMs / ORDERS),
    },
    decisionsPerSecond: Math.round(ORDERS / (totalMs / 1000)),
    wallClockMs: round(wallMs, 1),
    heapUsedMb: {
      atStart: round(heapAtStart, 1),
      afterGeneratingData: round(heapAfterData, 1),
      beforeDecisions: round(heapBeforeDecisions, 1),
      afterDecisions: round(heapAfterDecisions, 1),
      retainedByDecisions: round(heapAfterDecisions - heapBeforeDecisions, 1),
      retainedPerDecisionKb: round(((heapAfterDecisions - heapBeforeDecisions) * 1024) / ORDERS, 1),
    },
    persistedOrderJsonBytes: {
      mean: Math.round(snapshotBytes.reduce((s, b) => s + b, 0) / snapshotBytes.length),
      max: Math.max(...snapshotBytes),
    },
  };

  const out = path.join(__dirname, 'results', 'dispatch-assignment.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

main();
