import { randomBytes, randomUUID } from 'node:crypto';
import { BSON, type Document } from 'mongodb';
import type { BenchCase } from './messages';
import { log, perSecond, sleep } from './stats';
import type { PipelineSystem, ServiceName } from './system';
import type { PipelineTraffic } from './traffic';

/**
 * Collections that do not grow with the cases: configuration, the roster, and short-lived records
 * (leases, idempotency keys, archive read log) that an old case no longer has. Everything else the
 * services wrote for the seed cases is cloned.
 */
const NOT_PER_CASE = new Set(['technicians', 'sla_policies', 'sla_calendars', 'leases', 'idempotency_keys', 'archive_reads', 'due_work']);

/** Documents of one collection that trigger a write, and documents per insertMany. */
const BATCH = 2_000;
const CHUNK = 500;

/** The identifiers in stored documents: UUIDs (cases, events, requests, serials) and work order ids. */
const IDENTIFIER = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|wo-[0-9a-f]{24}/g;

/** One stored document of a seed case, as text cut at its identifiers (so a clone is a join, not a parse). */
interface TemplateDocument {
  service: ServiceName;
  collection: string;
  parts: string[];
  identifiers: string[];
}

export interface FillResult {
  /** Cases stored afterwards (service_requests). */
  storedCases: number;
  clonedCases: number;
  documents: number;
  seconds: number;
  documentsPerSecond: number;
}

/**
 * Fills the store with copies of real, finished cases. The seed cases ran through the pipeline and
 * the whole field workflow to `closed`; their documents in every per-case collection of both
 * services are grouped by case and cloned with fresh identifiers (every UUID and work order id is
 * replaced, consistently within one clone, so a clone's case, work order, clocks and timeline point
 * at each other and at nothing else). Outbox fields are cleared. Dates are kept: clones are as old
 * as their seed.
 */
export class StoreFill {
  private constructor(
    private readonly system: PipelineSystem,
    private readonly template: TemplateDocument[][],
  ) {}

  static async fromSeed(system: PipelineSystem, traffic: PipelineTraffic, seed: BenchCase[]): Promise<StoreFill> {
    await quiet(system);
    const ownerOf = new Map<string, number>();
    seed.forEach((c, i) => {
      ownerOf.set(c.requestId.replace('CRM-REQ-', ''), i);
      const caseId = traffic.caseIdOf(c.requestId);
      const workOrderId = traffic.decisionOf(c.requestId)?.workOrderId;
      if (caseId) ownerOf.set(caseId, i);
      if (workOrderId) ownerOf.set(workOrderId, i);
    });
    const template: TemplateDocument[][] = seed.map(() => []);
    let orphans = 0;
    for (const service of ['intake', 'dispatch'] as const) {
      for (const collection of await perCaseCollections(system, service)) {
        for (const document of await system.db(service).collection(collection).find().toArray()) {
          const text = BSON.EJSON.stringify(withoutOutbox(document), { relaxed: true });
          const identifiers = text.match(IDENTIFIER) ?? [];
          const owner = identifiers.map((id) => ownerOf.get(id)).find((i) => i !== undefined);
          if (owner === undefined) {
            orphans += 1;
            continue;
          }
          template[owner].push({ service, collection, parts: text.split(IDENTIFIER), identifiers });
        }
      }
    }
    const perCase = template.reduce((n, docs) => n + docs.length, 0) / Math.max(1, seed.length);
    log(`fill template: ${seed.length} closed seed cases, ${perCase.toFixed(1)} documents each${orphans ? `, ${orphans} documents of no seed case left out` : ''}`);
    return new StoreFill(system, template.filter((docs) => docs.length));
  }

  /** Cases stored now (intake's service_requests). */
  storedCases(): Promise<number> {
    return this.system.db('intake').collection('service_requests').estimatedDocumentCount();
  }

  /** Clones seed cases until `target` cases are stored (nothing when there are already as many), for at most `timeoutMs`. */
  async fillTo(target: number, timeoutMs: number): Promise<FillResult> {
    const wanted = Math.max(0, target - (await this.storedCases()));
    const started = Date.now();
    const writer = new BatchWriter(this.system);
    let cloned = 0;
    for (; cloned < wanted; cloned++) {
      if (Date.now() - started > timeoutMs) {
        log(`fill stopped by the phase timeout after ${cloned} of ${wanted} cases`);
        break;
      }
      await writer.add(cloneCase(this.template[cloned % this.template.length]));
      if (cloned > 0 && cloned % 10_000 === 0) log(`  … ${cloned} of ${wanted} cases cloned (${perSecond(writer.documents, Date.now() - started)} documents/s)`);
    }
    await writer.finish();
    const ms = Date.now() - started;
    const storedCases = await this.storedCases();
    if (cloned === wanted && storedCases < target) log(`warning: ${storedCases} cases stored after the fill, ${target} wanted`);
    return {
      storedCases,
      clonedCases: cloned,
      documents: writer.documents,
      seconds: Math.round(ms / 100) / 10,
      documentsPerSecond: perSecond(writer.documents, ms),
    };
  }
}

interface ClonedDocument {
  service: ServiceName;
  collection: string;
  document: Document;
}

/**
 * Buffers cloned documents per collection; once one collection has BATCH, every buffer is written
 * in insertMany calls of CHUNK side by side, while the next batch is being cloned (one write in flight).
 */
class BatchWriter {
  documents = 0;
  private readonly buffers = new Map<string, ClonedDocument[]>();
  private inFlight: Promise<unknown> = Promise.resolve();
  private failure: Error | null = null;

  constructor(private readonly system: PipelineSystem) {}

  async add(documents: ClonedDocument[]): Promise<void> {
    let full = false;
    for (const cloned of documents) {
      const key = `${cloned.service}.${cloned.collection}`;
      const buffer = this.buffers.get(key) ?? [];
      this.buffers.set(key, buffer);
      if (buffer.push(cloned) >= BATCH) full = true;
    }
    if (full) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.settled();
  }

  /** Waits for the write in flight; a failed one fails the fill. */
  private async settled(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    await this.settled();
    const writes: Array<Promise<unknown>> = [];
    for (const buffer of this.buffers.values()) {
      const pending = buffer.splice(0);
      if (!pending.length) continue;
      const collection = this.system.db(pending[0].service).collection(pending[0].collection);
      for (let from = 0; from < pending.length; from += CHUNK) {
        writes.push(collection.insertMany(pending.slice(from, from + CHUNK).map((c) => c.document), { ordered: false }));
      }
      this.documents += pending.length;
    }
    this.inFlight = Promise.all(writes).catch((error: Error) => (this.failure = error));
  }
}

function cloneCase(documents: TemplateDocument[]): ClonedDocument[] {
  const fresh = new Map<string, string>();
  const renamed = (id: string) => {
    let value = fresh.get(id);
    if (!value) fresh.set(id, (value = id.startsWith('wo-') ? `wo-${randomBytes(12).toString('hex')}` : randomUUID()));
    return value;
  };
  return documents.map(({ service, collection, parts, identifiers }) => {
    let text = parts[0];
    for (let i = 0; i < identifiers.length; i++) text += renamed(identifiers[i]) + parts[i + 1];
    return { service, collection, document: BSON.EJSON.parse(text, { relaxed: true }) as Document };
  });
}

/** An old case has published everything: no outbox entries, no pending flag, no relay lease or claim. */
function withoutOutbox(document: Document): Document {
  const cleared: Document = {};
  for (const [key, value] of Object.entries(document)) {
    if (!key.startsWith('_outbox')) cleared[key] = value;
    else if (key === '_outbox') cleared[key] = [];
    else if (typeof value !== 'boolean') cleared[key] = null;
  }
  return cleared;
}

async function perCaseCollections(system: PipelineSystem, service: ServiceName): Promise<string[]> {
  const collections = await system.db(service).listCollections({}, { nameOnly: true }).toArray();
  return collections.map((c) => c.name).filter((name) => !NOT_PER_CASE.has(name));
}

/** Waits until the document counts of both services stop changing (the seed's last events are projected). */
async function quiet(system: PipelineSystem): Promise<void> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const counts: number[] = [];
    for (const service of ['intake', 'dispatch'] as const) {
      for (const collection of await perCaseCollections(system, service)) counts.push(await system.db(service).collection(collection).estimatedDocumentCount());
    }
    const now = counts.join(',');
    if (now === last) return;
    last = now;
    await sleep(2_000);
  }
}
