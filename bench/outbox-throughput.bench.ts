/**
 * Messaging throughput against the real local stack: N aggregates saved (state + outbox in one
 * write each), relayed to Kafka by the outbox relay, consumed by a handler in another group that
 * applies each event idempotently. Measures save rate, end-to-end latency (save → handled) and
 * overall events/s. Not a test: it asserts nothing.
 *
 *   npm run stack:up && KAFKA_BROKERS=127.0.0.1:9092 MONGO_URL=mongodb://127.0.0.1:27017 \
 *     node tools/run.cjs ts bench/outbox-throughput.bench.ts [--events 2000] [--concurrency 20]
 *
 * Writes bench/results/outbox-throughput.json.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Controller, Injectable, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import { Schema, type Connection } from 'mongoose';
import { Inject } from '@nestjs/common';
import { SchemaRegistry } from '@aftercare/contracts';
import { AggregateRoot, type DomainEvent, type DomainFact } from '@aftercare/ddd';
import { ConsumerGroups, MessagingModule, OutboxRelay, onTopic, startMessaging } from '@aftercare/messaging';
import { AggregateRepository, MONGO_CONNECTION, MongoModule, type AggregateDocument } from '@aftercare/persistence';

const { values } = parseArgs({ options: { events: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '20' } } });
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const TOPIC = 'bench.public.ticket.events.v1';
// eslint-disable-next-line aftercare/no-message-type-literals -- the benchmark's own type (its schema is registered below): no contract publishes it
const OPENED = 'aftercare.bench.ticket.opened.v1';
const run = `bench-${Date.now()}`;

const schemas = new SchemaRegistry();
schemas.register(OPENED, {
  type: 'object',
  additionalProperties: false,
  required: ['ticketId', 'openedAt'],
  properties: { ticketId: { type: 'string' }, openedAt: { type: 'number' } },
});

interface TicketOpened extends DomainFact {
  kind: 'opened';
}

class Ticket extends AggregateRoot<TicketOpened> {
  constructor(id: string) {
    super(id, 'bench', 0);
    this.record({ kind: 'opened', at: new Date() });
  }
  protected toIntegrationEvent(fact: TicketOpened): DomainEvent {
    return { type: OPENED, data: { ticketId: this.id, openedAt: fact.at.getTime() }, caseId: this.id, occurredAt: fact.at };
  }
}

@Injectable()
class TicketRepository extends AggregateRepository<Ticket> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection, relay: OutboxRelay) {
    super(connection.model<AggregateDocument>('Ticket', new Schema({ _id: String }, { strict: false })), 'ticket', { topic: TOPIC, source: '/aftercare/bench', relay, schemas });
  }
  protected toDocument(): Record<string, unknown> {
    return {};
  }
  protected toAggregate(): Ticket {
    throw new Error('not needed');
  }
}

const latencies: number[] = [];
let handled = 0;

@Controller()
class TicketHandler {
  @EventPattern(onTopic(TOPIC, { types: [OPENED], group: 'reader' }))
  async onOpened(@Payload() opened: { openedAt: number }): Promise<void> {
    latencies.push(Date.now() - opened.openedAt);
    handled += 1;
  }
}

@Module({
  imports: [
    MongoModule.forRoot({ url: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017', dbName: run.replace(/-/g, '_') }),
    MessagingModule.forRoot({
      service: 'bench',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: `${run}.`,
      schemas,
      produces: [{ name: TOPIC, partitions: 6 }],
      outbox: { pollIntervalMs: 200, batchSize: 200 },
    }),
  ],
  controllers: [TicketHandler],
  providers: [TicketRepository],
})
class BenchModule {}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const app = await NestFactory.create(BenchModule, { logger: ['error'] });
  await startMessaging(app);
  await app.get(ConsumerGroups).waitUntilJoined();
  const repository = app.get(TicketRepository);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EVENTS) {
        const id = `t-${next++}`;
        await repository.save(new Ticket(id));
      }
    }),
  );
  const saved = Date.now();
  while (handled < EVENTS) await new Promise((resolve) => setTimeout(resolve, 20));
  const done = Date.now();
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    benchmark: 'outbox-throughput',
    at: new Date().toISOString(),
    machine: 'local stack: Kafka 3.9.1 single node, mongo-java-server in memory; 2 cores shared with the broker and the store',
    events: EVENTS,
    saveConcurrency: CONCURRENCY,
    savesPerSecond: Math.round(EVENTS / ((saved - started) / 1000)),
    endToEndEventsPerSecond: Math.round(EVENTS / ((done - started) / 1000)),
    latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] },
    heapGrowthMb: Math.round(((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024) * 10) / 10,
  };
  await app.close();
  const file = path.join(__dirname, 'results', 'outbox-throughput.json');
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
