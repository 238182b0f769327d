import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  OnModuleInit,
  Optional,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Connection } from 'mongoose';
import { defer, from, mergeMap, of, type Observable } from 'rxjs';
import { catchError } from 'rxjs/operators';
import type { Collection } from 'mongodb';
import {
  ExpiringRecords,
  MONGO_CONNECTION,
  prepareCollection,
  sweepExpired,
  type ExpiringCollection,
  type UniqueIndex,
} from '@aftercare/persistence';
import { versionOfIfMatch } from './etag';

/**
 * `Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): the first request with a
 * key runs and its response is stored; a retry with the same key and the same body gets the stored
 * response again (`Idempotency-Replayed: true`) without running the handler. The key is scoped by
 * tenant, method and path. A failed request (4xx/5xx) releases the key so it can be retried.
 * Every key carries `expiresAt` (creation + 24 h once completed, + the lock timeout while in
 * progress): a TTL index and the platform's store sweep delete it then, so the collection holds
 * one day of keys, not all of them.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_REPLAYED_HEADER = 'Idempotency-Replayed';
export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');
export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

export const IdempotencyErrorCode = {
  Reused: 'IDEMPOTENCY_KEY_REUSED',
  InProgress: 'IDEMPOTENCY_KEY_IN_PROGRESS',
  Invalid: 'IDEMPOTENCY_KEY_INVALID',
} as const;

/** Response headers worth replaying (the rest are per-request). */
const REPLAYED_HEADERS = ['location', 'content-location', 'etag'] as const;

export interface IdempotencyOptions {
  /** How long a completed key is remembered; default 24 h. */
  ttlMs: number;
  /** A key still `in_progress` after this long belongs to a request that died; default 5 min. */
  lockTimeoutMs: number;
  now: () => Date;
}

export const DEFAULT_IDEMPOTENCY_OPTIONS: IdempotencyOptions = {
  ttlMs: 24 * 60 * 60 * 1000,
  lockTimeoutMs: 5 * 60 * 1000,
  now: () => new Date(),
};

export interface IdempotencyRecord {
  /** `<tenant>|<METHOD>|<path>|<key>` */
  _id: string;
  tenantId: string | null;
  method: string;
  path: string;
  key: string;
  /** SHA-256 (hex) of the canonical JSON of the request body. */
  requestHash: string;
  status: 'in_progress' | 'completed';
  createdAt: Date;
  /** When the key may be deleted: creation + `lockTimeoutMs` while in progress, + `ttlMs` once completed. */
  expiresAt: Date;
  response?: StoredResponse;
  completedAt?: Date;
}

/** The first answer: status, body as JSON text, and the headers worth replaying (Location). */
export interface StoredResponse {
  status: number;
  body: string | null;
  headers: Record<string, string>;
}

/** Where keys live. `claim` is atomic: exactly one concurrent caller gets `claimed: true`. */
export interface IdempotencyStore {
  claim(record: IdempotencyRecord): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRecord | null }>;
  complete(id: string, response: StoredResponse, at: Date, expiresAt: Date): Promise<void>;
  release(id: string): Promise<void>;
  /** Removes `existing` if it is still the same record (same createdAt): a stale or expired key. */
  evict(existing: IdempotencyRecord): Promise<boolean>;
}

export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';

/**
 * Trivially unique (they contain `_id`): they let mongo-java-server answer release and evict
 * from an index instead of scanning every stored key.
 */
export const IDEMPOTENCY_UNIQUE_INDEXES: readonly UniqueIndex[] = [
  { name: 'key_status', keys: { _id: 1, status: 1 } },
  { name: 'key_created', keys: { _id: 1, createdAt: 1 } },
];

/** The per-request filters (checked against IDEMPOTENCY_UNIQUE_INDEXES by a unit test). */
export const idempotencyFilters = {
  byId: (id: string) => ({ _id: id }),
  inProgress: (id: string) => ({ _id: id, status: 'in_progress' as const }),
  sameRecord: (id: string, createdAt: Date) => ({ _id: id, createdAt }),
};

/** The `idempotency_keys` collection of the service's own database; an expiring collection. */
@Injectable()
export class MongoIdempotencyStore implements IdempotencyStore, ExpiringCollection, OnModuleInit {
  readonly name = IDEMPOTENCY_COLLECTION;
  private readonly collection: Collection<IdempotencyRecord>;
  private readonly ttlMs: number;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    @Optional() expiring?: ExpiringRecords,
    @Optional() @Inject(IDEMPOTENCY_OPTIONS) options?: Partial<IdempotencyOptions>,
  ) {
    this.collection = connection.collection<IdempotencyRecord>(IDEMPOTENCY_COLLECTION) as unknown as Collection<IdempotencyRecord>;
    this.ttlMs = options?.ttlMs ?? DEFAULT_IDEMPOTENCY_OPTIONS.ttlMs;
    expiring?.register(this);
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, { expiring: true, unique: IDEMPOTENCY_UNIQUE_INDEXES });
  }

  async claim(record: IdempotencyRecord): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRecord | null }> {
    try {
      await this.collection.insertOne(record);
      return { claimed: true };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return { claimed: false, existing: await this.collection.findOne(idempotencyFilters.byId(record._id)) };
    }
  }

  async complete(id: string, response: StoredResponse, at: Date, expiresAt: Date): Promise<void> {
    await this.collection.updateOne(idempotencyFilters.byId(id), { $set: { status: 'completed', response, completedAt: at, expiresAt } });
  }

  async release(id: string): Promise<void> {
    await this.collection.deleteOne(idempotencyFilters.inProgress(id));
  }

  async evict(existing: IdempotencyRecord): Promise<boolean> {
    const result = await this.collection.deleteOne(idempotencyFilters.sameRecord(existing._id, existing.createdAt));
    return result.deletedCount === 1;
  }

  /** Expired keys, and keys stored before keys carried `expiresAt` once older than the retention. */
  async sweep(now: Date): Promise<number> {
    return sweepExpired(this.collection, now, { expiresAt: { $exists: false }, createdAt: { $lte: new Date(now.getTime() - this.ttlMs) } });
  }
}

interface RequestLike {
  method: string;
  originalUrl?: string;
  url: string;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  principal?: { tenantId: string };
}

interface ResponseLike {
  statusCode: number;
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  getHeader(name: string): unknown;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Registered globally by `ServicePlatformModule`: only POST requests with the header are touched. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly options: IdempotencyOptions;

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Optional() @Inject(IDEMPOTENCY_OPTIONS) options?: Partial<IdempotencyOptions>,
  ) {
    this.options = { ...DEFAULT_IDEMPOTENCY_OPTIONS, ...options };
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<RequestLike>();
    const response = http.getResponse<ResponseLike>();
    if (request.method.toUpperCase() !== 'POST') return next.handle();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      throw new BadRequestException({
        code: IdempotencyErrorCode.Invalid,
        message: 'the Idempotency-Key header must be 1 to 255 visible ASCII characters',
        errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
      });
    }

    // A replay answers only a request that would be taken: a malformed If-Match (not part of the
    // body's fingerprint) is refused here as the route would refuse it, never answered from the store.
    const ifMatch = request.headers['if-match'];
    versionOfIfMatch(Array.isArray(ifMatch) ? ifMatch.join(', ') : ifMatch);

    const tenantId = request.principal?.tenantId ?? null;
    const [path = '/'] = (request.originalUrl ?? request.url).split('?');
    const createdAt = this.options.now();
    const record: IdempotencyRecord = {
      _id: [tenantId ?? '-', 'POST', path, key].join('|'),
      tenantId,
      method: 'POST',
      path,
      key,
      requestHash: fingerprint(request.body),
      status: 'in_progress',
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.options.lockTimeoutMs),
    };

    return from(this.claim(record)).pipe(
      mergeMap((existing) => {
        if (existing) return of(this.replay(existing, response));
        return defer(() => next.handle()).pipe(
          mergeMap(async (body: unknown) => {
            if (response.statusCode >= 400) await this.store.release(record._id);
            else await this.store.complete(record._id, this.capture(response, body), this.options.now(), this.expiryOfCompleted(record));
            return body;
          }),
          catchError(async (error: unknown) => {
            await this.store.release(record._id).catch(() => undefined);
            throw error;
          }),
        );
      }),
    );
  }

  /** Null when this request owns the key; the stored response to replay otherwise. */
  private async claim(record: IdempotencyRecord): Promise<StoredResponse | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await this.store.claim(record);
      if (result.claimed) return null;
      const existing = result.existing;
      if (!existing) continue; // released or evicted in between: try again
      if (this.isStale(existing)) {
        await this.store.evict(existing);
        continue;
      }
      if (existing.requestHash !== record.requestHash) {
        throw new UnprocessableEntityException({
          code: IdempotencyErrorCode.Reused,
          message: `the Idempotency-Key ${JSON.stringify(record.key)} was already used with a different request body`,
        });
      }
      if (existing.status !== 'completed' || !existing.response) {
        throw new ConflictException({
          code: IdempotencyErrorCode.InProgress,
          message: `a request with the Idempotency-Key ${JSON.stringify(record.key)} is still being processed; retry later`,
        });
      }
      return existing.response;
    }
    throw new ConflictException({
      code: IdempotencyErrorCode.InProgress,
      message: `the Idempotency-Key ${JSON.stringify(record.key)} is contended; retry later`,
    });
  }

  private expiryOfCompleted(record: IdempotencyRecord): Date {
    return new Date(record.createdAt.getTime() + this.options.ttlMs);
  }

  private isStale(existing: IdempotencyRecord): boolean {
    const age = this.options.now().getTime() - new Date(existing.createdAt).getTime();
    return existing.status === 'completed' ? age >= this.options.ttlMs : age >= this.options.lockTimeoutMs;
  }

  private capture(response: ResponseLike, body: unknown): StoredResponse {
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    return { status: response.statusCode, body: body === undefined ? null : JSON.stringify(body), headers };
  }

  private replay(stored: StoredResponse, response: ResponseLike): unknown {
    response.status(stored.status);
    for (const [name, value] of Object.entries(stored.headers ?? {})) response.setHeader(name, value);
    response.setHeader(IDEMPOTENCY_REPLAYED_HEADER, 'true');
    return stored.body === null ? undefined : JSON.parse(stored.body);
  }
}

/** SHA-256 of the body as canonical JSON (object keys sorted), so key order does not matter. */
export function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body ?? null)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
