import type { BenchCase } from './messages';
import { log, sleep } from './stats';
import type { PipelineSystem } from './system';
import type { PipelineTraffic } from './traffic';

const CONCURRENCY = 16;

/**
 * Takes decided seed cases through the field workflow to the end, as people would: the technician
 * accepts, schedules, travels, works and reports; the dispatcher verifies and closes the order; once
 * intake has resolved the case (from dispatch's events), the agent closes it. What is left in the
 * store is what an old, finished case leaves: the documents the fill clones. Returns the cases closed.
 */
export async function closeCases(system: PipelineSystem, traffic: PipelineTraffic, cases: BenchCase[], timeoutMs: number): Promise<BenchCase[]> {
  const deadline = Date.now() + timeoutMs;
  const failed = new Set<string>();
  const fail = (c: BenchCase, why: string) => {
    if (!failed.has(c.requestId)) log(`seed case ${c.requestId} not closed: ${why}`);
    failed.add(c.requestId);
  };
  const live = () => cases.filter((c) => !failed.has(c.requestId));
  for (const c of cases) if (!traffic.decisionOf(c.requestId)?.technicianId) fail(c, 'not assigned');

  for (const [step, role] of WORK_ORDER_STEPS) {
    await inParallel(live(), async (c) => {
      const { workOrderId, technicianId } = traffic.decisionOf(c.requestId)!;
      const subject = role === 'technician' ? (technicianId ?? '') : 'bench-dispatcher';
      const answer = await system.call('dispatch', 'POST', `/work-orders/${workOrderId}/${step}`, [role], bodyOf(step), subject);
      if (answer.status !== 200) fail(c, `work order ${step}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    });
  }

  // intake resolves the case when it reads the verification from dispatch's topic; then the agent closes it.
  let open = live();
  while (open.length && Date.now() < deadline) {
    await inParallel(open, async (c) => {
      const caseId = traffic.caseIdOf(c.requestId);
      const answer = await system.call('intake', 'POST', `/service-requests/${caseId}/close`, ['agent'], { reason: 'manual' });
      if (answer.status === 200) open = open.filter((o) => o !== c);
      else if (answer.status !== 409) fail(c, `case close: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    });
    open = open.filter((c) => !failed.has(c.requestId));
    if (open.length) await sleep(500);
  }
  for (const c of open) fail(c, 'case not resolved in intake in time');
  return live();
}

type Role = 'technician' | 'dispatcher';
const WORK_ORDER_STEPS: Array<[string, Role]> = [
  ['accept', 'technician'],
  ['schedule', 'technician'],
  ['depart', 'technician'],
  ['arrive', 'technician'],
  ['start', 'technician'],
  ['complete', 'technician'],
  ['verify', 'dispatcher'],
  ['close', 'dispatcher'],
];

function bodyOf(step: string): unknown {
  const now = Date.now();
  if (step === 'schedule') return { windowStart: new Date(now + 3_600_000).toISOString(), windowEnd: new Date(now + 7_200_000).toISOString(), agreedWith: 'Li Wei' };
  if (step === 'verify') return { remarks: 'QC passed' };
  if (step !== 'complete') return {};
  return {
    report: {
      faultCause: 'Shaft seal worn by dry running',
      faultCategory: 'seal',
      resolution: 'Replaced the shaft seal and pressure-tested for 2 h',
      partsReplaced: [{ partNo: 'SEAL-CP200-01', quantity: 1 }],
      labourHours: 2,
      travelHours: 1,
      personTimes: 1,
      customerAcceptance: { name: 'Li Wei', signedAt: new Date(now).toISOString(), signatureRef: 'sig://acme/li-wei.png' },
    },
  };
}

async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
