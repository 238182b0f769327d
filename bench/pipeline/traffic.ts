import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, KafkaMessage, Producer } from 'kafkajs';
import { SERVICE_REQUEST_REGISTERED_V1, TOPICS, WORK_ORDER_ASSIGNED_V1, WORK_ORDER_UNASSIGNED_V1 } from '@aftercare/contracts';
import { assetMessage, crmMessage, type BenchCase, type OutsideMessage } from './messages';
import { latencyOf, log, perSecond, round, sleep, waitFor, type Latency } from './stats';
import type { PipelineSystem } from './system';

/** What a set of cases did between the first CRM message and the last decision. */
export interface FlowResult {
  sent: number;
  decided: number;
  assigned: number;
  unassigned: number;
  /** False when the phase timed out before every case was decided. */
  complete: boolean;
  seconds: number;
  casesPerSecond: number;
  /** CRM message sent → assignment decision (assigned, or unassigned + escalated) seen on dispatch's topic. */
  latency: Latency;
}

/** A work order's assignment decision as the bench saw it. */
export interface Decision {
  at: number;
  type: string;
  workOrderId: string;
  technicianId: string | null;
}

/** What a fetch of the bench's watcher waits for (at most `maxWaitTimeInMs`): bytes of a few dozen events. */
const WATCH_MIN_BYTES = 64 * 1024;

/**
 * Watches intake's and dispatch's public topics: intake's `registered` event ties the CRM request id
 * to the case id, dispatch's `assigned` / `unassigned` (the latter with `escalated`, same write) is
 * the decision. A decision's time is its record's timestamp — set by dispatch's producer when it
 * published the decision, on this machine's clock — not when the bench read it: the watcher can
 * then fetch in batches (`WATCH_MIN_BYTES`, at most 100 ms late) and commit nothing, where a
 * watcher that answered every event at once sent the broker more requests than both services
 * together (a burst of 2,000: 1,409 fetches and 3,626 offset commits, against the services' ~430
 * fetches and ~140 commits).
 */
export class PipelineTraffic {
  private readonly caseOfRequest = new Map<string, string>();
  private readonly decisions = new Map<string, Decision>();
  private readonly sentAt = new Map<string, number>();
  private consumer?: Consumer;
  private producer?: Producer;
  private lastEventAt = Date.now();

  constructor(private readonly system: PipelineSystem) {}

  async start(): Promise<void> {
    const { kafka } = this.system;
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    this.consumer = kafka.consumer({ groupId: `bench-watch-${randomUUID()}`, maxWaitTimeInMs: 100, minBytes: WATCH_MIN_BYTES });
    await this.consumer.connect();
    const topics = [TOPICS.intakeServiceRequestEvents.name, TOPICS.dispatchWorkOrderEvents.name].map((t) => this.system.topic(t));
    await this.consumer.subscribe({ topics, fromBeginning: true });
    let joined = false;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (joined = true));
    await this.consumer.run({
      // A group of this run only, read from the beginning: nothing to commit.
      autoCommit: false,
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        if (batch.messages.length) this.lastEventAt = Date.now();
        for (const message of batch.messages) this.watch(message);
      },
    });
    if (!(await waitFor(() => joined, 30_000))) throw new Error('the bench consumer did not join its group');
  }

  private watch(message: KafkaMessage): void {
    const type = message.headers?.ce_type?.toString();
    if (type === SERVICE_REQUEST_REGISTERED_V1) {
      const data = JSON.parse(message.value?.toString() ?? '{}') as { caseId?: string; externalRef?: string | null };
      if (data.caseId && data.externalRef) this.caseOfRequest.set(data.externalRef, data.caseId);
    } else if (type === WORK_ORDER_ASSIGNED_V1 || type === WORK_ORDER_UNASSIGNED_V1) {
      const caseId = message.headers?.ce_caseid?.toString();
      if (!caseId || this.decisions.has(caseId)) return;
      const data = JSON.parse(message.value?.toString() ?? '{}') as { workOrderId?: string; technicianId?: string };
      this.decisions.set(caseId, { at: Number(message.timestamp), type, workOrderId: data.workOrderId ?? '', technicianId: data.technicianId ?? null });
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
  }

  caseIdOf(requestId: string): string | undefined {
    return this.caseOfRequest.get(requestId);
  }

  decisionOf(requestId: string): Decision | undefined {
    const caseId = this.caseOfRequest.get(requestId);
    return caseId ? this.decisions.get(caseId) : undefined;
  }

  /** Sends each case's installed-base record and waits until intake stored them all. */
  async sendAssets(cases: BenchCase[], timeoutMs: number): Promise<void> {
    const stored = this.system.db('intake').collection('installed_base');
    const expected = (await stored.estimatedDocumentCount()) + cases.length;
    await this.send(TOPICS.erpInstalledBase.name, cases.map(assetMessage));
    const done = await waitFor(async () => (await stored.estimatedDocumentCount()) >= expected, timeoutMs, 250);
    if (!done) log(`warning: not every installed-base record was stored within ${timeoutMs / 1000} s`);
  }

  /**
   * Waits until the system has drained (at most `timeoutMs`): no event on the watched topics for
   * `quietMs`, and then no message left unhandled by any consumer group of the system — the
   * projections (timeline, reply clock, escalation logs) still work through a burst's events
   * after its last decision, and a phase measured meanwhile would pay for them. Logs what it waited
   * for.
   */
  async quiet(quietMs: number, timeoutMs: number): Promise<boolean> {
    const started = Date.now();
    if (!(await waitFor(() => Date.now() - this.lastEventAt >= quietMs, timeoutMs, 200))) return false;
    const admin = this.system.kafka.admin();
    await admin.connect();
    try {
      const first = await this.unhandledMessages(admin);
      const drained = first === 0 || (await waitFor(async () => (await this.unhandledMessages(admin)) === 0, Math.max(0, timeoutMs - (Date.now() - started)), 500));
      if (first > 0) log(`drained: ${first} messages were still to be handled by the system's consumer groups; waited ${round((Date.now() - started) / 1000, 1)} s in all`);
      return drained;
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Messages the system's consumer groups have not handled yet: each topic's end against the
   * group's committed offset (groups commit within a second of handling, ADR 0055). A group counts
   * from the first offset it committed on a topic; the bench's groups have all committed during
   * the seed or the warm-up.
   */
  private async unhandledMessages(admin: Admin): Promise<number> {
    const prefix = this.system.topicPrefix;
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
    const ends = new Map<string, Array<{ partition: number; high: string }>>();
    let unhandled = 0;
    for (const groupId of groups) {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
        if (!ends.has(topic)) ends.set(topic, await admin.fetchTopicOffsets(topic));
        for (const { partition, offset } of partitions) {
          const end = ends.get(topic)?.find((e) => e.partition === partition);
          if (end && Number(offset) >= 0) unhandled += Math.max(0, Number(end.high) - Number(offset));
        }
      }
    }
    return unhandled;
  }

  /** All CRM messages at once, in chunks, as fast as the producer takes them. */
  async sendBurst(cases: BenchCase[]): Promise<void> {
    for (let from = 0; from < cases.length; from += 500) await this.sendRequests(cases.slice(from, from + 500));
  }

  /** `rate` CRM messages per second for `seconds`, in 100 ms ticks. */
  async sendPaced(cases: BenchCase[], rate: number, seconds: number): Promise<void> {
    const started = Date.now();
    let next = 0;
    while (next < cases.length) {
      const due = Math.min(cases.length, Math.floor(((Date.now() - started) / 1000) * rate));
      if (due > next) {
        await this.sendRequests(cases.slice(next, due));
        next = due;
      }
      if (Date.now() - started > (seconds + 30) * 1000) break; // the producer cannot keep up: stop offering
      await sleep(100);
    }
  }

  /** Waits for every case's decision (or the timeout) and summarises. */
  async settle(cases: BenchCase[], timeoutMs: number): Promise<FlowResult> {
    // Decisions come roughly in order: each poll looks on from the first case still undecided.
    let undecided = 0;
    const complete = await waitFor(
      () => {
        while (undecided < cases.length && this.decisionOf(cases[undecided].requestId)) undecided += 1;
        return undecided === cases.length;
      },
      timeoutMs,
      200,
    );
    return this.result(cases, complete);
  }

  result(cases: BenchCase[], complete: boolean): FlowResult {
    const latencies: number[] = [];
    let first = Infinity;
    let last = 0;
    let assigned = 0;
    for (const c of cases) {
      const sent = this.sentAt.get(c.requestId);
      if (sent !== undefined) first = Math.min(first, sent);
      const decision = this.decisionOf(c.requestId);
      if (!decision || sent === undefined) continue;
      latencies.push(decision.at - sent);
      last = Math.max(last, decision.at);
      if (decision.type === WORK_ORDER_ASSIGNED_V1) assigned += 1;
    }
    const ms = latencies.length ? last - first : 0;
    return {
      sent: cases.filter((c) => this.sentAt.has(c.requestId)).length,
      decided: latencies.length,
      assigned,
      unassigned: latencies.length - assigned,
      complete,
      seconds: Math.round(ms / 100) / 10,
      casesPerSecond: perSecond(latencies.length, ms),
      latency: latencyOf(latencies),
    };
  }

  private async sendRequests(cases: BenchCase[]): Promise<void> {
    const at = Date.now();
    for (const c of cases) this.sentAt.set(c.requestId, at);
    await this.send(TOPICS.crmServiceRequests.name, cases.map(crmMessage));
  }

  private async send(topic: string, messages: OutsideMessage[]): Promise<void> {
    if (!this.producer) throw new Error('traffic not started');
    for (let from = 0; from < messages.length; from += 500) {
      await this.producer.send({ topic: this.system.topic(topic), messages: messages.slice(from, from + 500) });
    }
  }
}
