import { context, propagation, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Model } from 'mongoose';
import { SchemaRegistry } from '@aftercare/contracts';
import { AggregateRoot, type DomainEvent, type DomainFact } from '@aftercare/ddd';
import { traceIdOf, type OutboxEntry } from '@aftercare/messaging';
import { AggregateRepository, type AggregateDocument } from './aggregate-repository';

const spans = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

const BUMPED = 'test.ticket.bumped.v1';

interface Bumped extends DomainFact {
  kind: 'bumped';
}

class Ticket extends AggregateRoot<Bumped> {
  constructor(id: string, version = 0, public bumps = 0) {
    super(id, 'acme', version);
  }

  bump(): void {
    this.bumps += 1;
    this.record({ kind: 'bumped', at: new Date() });
  }

  protected toIntegrationEvent(fact: Bumped): DomainEvent {
    return { type: BUMPED, data: { bumps: this.bumps }, caseId: this.id, occurredAt: fact.at };
  }
}

interface TicketDocument extends AggregateDocument {
  bumps: number;
}

/** A stand-in for the collection (unit test): records the writes, answers the loads from `stored`. */
class FakeCollection {
  readonly inserts: TicketDocument[] = [];
  readonly updates: Array<{ filter: unknown; update: { $set: Record<string, unknown>; $push?: { _outbox: { $each: OutboxEntry[] } } } }> = [];
  stored: TicketDocument | null = null;
  readonly collectionName = 'tickets';

  async insertOne(document: TicketDocument) {
    this.inserts.push(document);
    this.stored = document;
    return { acknowledged: true };
  }

  async updateOne(filter: unknown, update: FakeCollection['updates'][number]['update']) {
    this.updates.push({ filter, update });
    return { matchedCount: 1 };
  }

  /** What the repository's shared writes send: each operation as the single command would. */
  async bulkWrite(operations: Array<{ insertOne?: { document: TicketDocument }; updateOne?: { filter: unknown; update: FakeCollection['updates'][number]['update'] } }>) {
    let matchedCount = 0;
    for (const operation of operations) {
      if (operation.insertOne) await this.insertOne(operation.insertOne.document);
      if (operation.updateOne) matchedCount += (await this.updateOne(operation.updateOne.filter, operation.updateOne.update)).matchedCount;
    }
    return { matchedCount, upsertedCount: 0 };
  }

  /** What the repository's shared loads send (`_id` among several). */
  find() {
    return { toArray: async () => (this.stored ? [structuredClone(this.stored)] : []) };
  }
}

class TicketRepository extends AggregateRepository<Ticket, TicketDocument> {
  constructor(readonly fake: FakeCollection) {
    const schemas = new SchemaRegistry();
    schemas.register(BUMPED, { type: 'object', required: ['bumps'], properties: { bumps: { type: 'integer' } } });
    super({ collection: fake } as unknown as Model<TicketDocument>, 'ticket', { topic: 'test.tickets.v1', source: '/test', schemas });
  }

  protected toDocument(ticket: Ticket): Record<string, unknown> {
    // As a careless mapper might: bookkeeping fields in the state are never written back.
    return { bumps: ticket.bumps, _trace: { traceparent: 'from-the-state' } };
  }

  protected toAggregate(document: TicketDocument): Ticket {
    return new Ticket(document._id, document.version, document.bumps);
  }
}

const tracer = trace.getTracer('test');

async function inNewTrace<T>(name: string, work: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer.startSpan(name, { root: true });
  try {
    return await context.with(trace.setSpan(context.active(), span), () => work(span));
  } finally {
    span.end();
  }
}

const traceIdsOf = (entries: OutboxEntry[] | undefined) => (entries ?? []).map((e) => traceIdOf(e.envelope));
const pushed = (update: FakeCollection['updates'][number]) => update.update.$push?._outbox.$each;

beforeEach(() => spans.reset());

describe('AggregateRepository keeps the trace an aggregate was created in', () => {
  it('stores the trace context of the creating request with the new aggregate, and its events carry it', async () => {
    const repository = new TicketRepository(new FakeCollection());
    const created = await inNewTrace('POST /tickets', async (request) => {
      const ticket = new Ticket('t-1');
      ticket.bump();
      await repository.save(ticket);
      return request.spanContext().traceId;
    });

    const [document] = repository.fake.inserts;
    expect(traceIdOf(document._trace)).toBe(created);
    expect(traceIdsOf(document._outbox)).toEqual([created]);
  });

  it('emits the events of a later command, in another trace, with the stored trace id, and does not rewrite the stored trace', async () => {
    const repository = new TicketRepository(new FakeCollection());
    const caseTrace = await inNewTrace('POST /tickets', async (request) => {
      const ticket = new Ticket('t-1');
      ticket.bump();
      await repository.save(ticket);
      return request.spanContext().traceId;
    });

    const commandTrace = await inNewTrace('POST /tickets/:id/bump', async (request) => {
      const ticket = (await repository.findById('acme', 't-1'))!;
      ticket.bump();
      await repository.save(ticket);
      return request.spanContext().traceId;
    });

    expect(commandTrace).not.toBe(caseTrace);
    const [update] = repository.fake.updates;
    expect(traceIdsOf(pushed(update))).toEqual([caseTrace]);
    expect(update.update.$set).not.toHaveProperty('_trace');
    const change = spans.getFinishedSpans().find((s) => s.name === 'change ticket')!;
    const request = spans.getFinishedSpans().find((s) => s.name === 'POST /tickets/:id/bump')!;
    expect(change.spanContext().traceId).toBe(caseTrace);
    expect(change.attributes).toMatchObject({ 'aftercare.aggregate.type': 'ticket', 'aftercare.aggregate.id': 't-1' });
    expect(change.links.map((l) => l.context.spanId)).toEqual([request.spanContext().spanId]);
    expect(request.links.map((l) => l.context.spanId)).toEqual([change.spanContext().spanId]);
  });

  it('keeps the stored trace over saves of the same loaded aggregate', async () => {
    const repository = new TicketRepository(new FakeCollection());
    repository.fake.stored = { _id: 't-1', tenantId: 'acme', version: 3, bumps: 3, _trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } };

    await inNewTrace('POST /tickets/:id/bump', async () => {
      const ticket = (await repository.findById('acme', 't-1'))!;
      ticket.bump();
      await repository.save(ticket);
      ticket.bump();
      await repository.save(ticket);
    });

    expect(repository.fake.updates.flatMap((u) => traceIdsOf(pushed(u)))).toEqual(['0af7651916cd43dd8448eb211c80319c', '0af7651916cd43dd8448eb211c80319c']);
    expect(repository.fake.updates.map((u) => u.update.$set._trace)).toEqual([undefined, undefined]);
  });

  it('gives a document stored without a trace (before traces were kept) the trace of its next change', async () => {
    const repository = new TicketRepository(new FakeCollection());
    repository.fake.stored = { _id: 't-1', tenantId: 'acme', version: 3, bumps: 3 };

    const commandTrace = await inNewTrace('POST /tickets/:id/bump', async (request) => {
      const ticket = (await repository.findById('acme', 't-1'))!;
      ticket.bump();
      await repository.save(ticket);
      ticket.bump();
      await repository.save(ticket);
      return request.spanContext().traceId;
    });

    const [adopting, later] = repository.fake.updates;
    expect(traceIdOf(adopting.update.$set._trace as never)).toBe(commandTrace);
    expect(later.update.$set).not.toHaveProperty('_trace');
    expect(traceIdsOf(pushed(adopting))).toEqual([commandTrace]);
    expect(spans.getFinishedSpans().map((s) => s.name)).not.toContain('change ticket');
  });

  it('creates an aggregate in the trace of another it follows (inTraceOfAggregate), whatever trace the command came in', async () => {
    const parents = new TicketRepository(new FakeCollection());
    parents.fake.stored = { _id: 't-1', tenantId: 'acme', version: 3, bumps: 3, _trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } };
    const children = new TicketRepository(new FakeCollection());

    const commandTrace = await inNewTrace('POST /answers', async (request) => {
      const parent = (await parents.findById('acme', 't-1'))!;
      const child = new Ticket('t-2');
      child.bump();
      await parents.inTraceOfAggregate(parent, () => children.save(child));
      return request.spanContext().traceId;
    });

    const [document] = children.fake.inserts;
    expect(commandTrace).not.toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceIdOf(document._trace)).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceIdsOf(document._outbox)).toEqual(['0af7651916cd43dd8448eb211c80319c']);
  });

  it('stores no trace without telemetry, and writes as before', async () => {
    const repository = new TicketRepository(new FakeCollection());
    const ticket = new Ticket('t-2');
    ticket.bump();
    await context.with(trace.deleteSpan(context.active()), () => repository.save(ticket));

    const [document] = repository.fake.inserts;
    expect(document).not.toHaveProperty('_trace');
    expect(document._outbox?.[0].envelope).not.toHaveProperty('traceparent');
  });
});
