import { HttpException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of, Subject, throwError, type Observable } from 'rxjs';
import {
  IdempotencyInterceptor,
  fingerprint,
  type IdempotencyOptions,
  type IdempotencyRecord,
  type IdempotencyStore,
} from './idempotency';
import { toProblem } from './problem-details';

class MemoryStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();

  async claim(record: IdempotencyRecord) {
    const existing = this.records.get(record._id);
    if (existing) return { claimed: false as const, existing: structuredClone(existing) };
    this.records.set(record._id, structuredClone(record));
    return { claimed: true as const };
  }
  async complete(id: string, response: NonNullable<IdempotencyRecord['response']>, at: Date, expiresAt: Date) {
    const record = this.records.get(id);
    if (record) Object.assign(record, { status: 'completed', response, completedAt: at, expiresAt });
  }
  async release(id: string) {
    if (this.records.get(id)?.status === 'in_progress') this.records.delete(id);
  }
  async evict(existing: IdempotencyRecord) {
    const current = this.records.get(existing._id);
    if (!current || current.createdAt.getTime() !== new Date(existing.createdAt).getTime()) return false;
    this.records.delete(existing._id);
    return true;
  }
}

interface FakeResponse {
  statusCode: number;
  headers: Record<string, string>;
  status(code: number): FakeResponse;
  setHeader(name: string, value: string): void;
  getHeader(name: string): string | undefined;
}

function fakeResponse(statusCode = 201): FakeResponse {
  const response: FakeResponse = {
    statusCode,
    headers: {},
    status(code) {
      response.statusCode = code;
      return response;
    },
    setHeader(name, value) {
      response.headers[name.toLowerCase()] = value;
    },
    getHeader(name) {
      return response.headers[name.toLowerCase()];
    },
  };
  return response;
}

function httpContext(request: Record<string, unknown>, response: FakeResponse): ExecutionContext {
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
}

const post = (body: unknown, key: string | null = 'key-1', extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  originalUrl: '/api/v1/things?x=1',
  url: '/api/v1/things?x=1',
  body,
  headers: key === null ? {} : { 'idempotency-key': key },
  principal: { tenantId: 'acme', subject: 's', roles: [] },
  ...extra,
});

/** A handler that counts its calls and answers with a new id each time (like a create). */
function creatingHandler(response: FakeResponse) {
  let calls = 0;
  const handler: CallHandler = {
    handle: () => {
      calls += 1;
      response.status(201);
      response.setHeader('Location', `/api/v1/things/${calls}`);
      response.setHeader('ETag', '"1"');
      return of({ id: `thing-${calls}` });
    },
  };
  return { handler, calls: () => calls };
}

async function run(interceptor: IdempotencyInterceptor, request: Record<string, unknown>, response: FakeResponse, handler: CallHandler) {
  return firstValueFrom(interceptor.intercept(httpContext(request, response), handler) as Observable<unknown>);
}

async function runError(interceptor: IdempotencyInterceptor, request: Record<string, unknown>, response: FakeResponse, handler: CallHandler) {
  try {
    await run(interceptor, request, response, handler);
  } catch (error) {
    return toProblem(error);
  }
  throw new Error('expected the request to fail');
}

describe('IdempotencyInterceptor', () => {
  let store: MemoryStore;
  let clock: Date;
  let interceptor: IdempotencyInterceptor;
  const options = (): Partial<IdempotencyOptions> => ({ now: () => new Date(clock) });

  beforeEach(() => {
    store = new MemoryStore();
    clock = new Date('2025-06-01T08:00:00Z');
    interceptor = new IdempotencyInterceptor(store, options());
  });

  it('runs the handler once and replays the stored response (status, body, Location, ETag, Idempotency-Replayed)', async () => {
    const first = fakeResponse();
    const { handler, calls } = creatingHandler(first);
    expect(await run(interceptor, post({ a: 1 }), first, handler)).toEqual({ id: 'thing-1' });
    expect(first.headers['idempotency-replayed']).toBeUndefined();

    const second = fakeResponse(201);
    expect(await run(interceptor, post({ a: 1 }), second, handler)).toEqual({ id: 'thing-1' });
    expect(calls()).toBe(1);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotency-replayed']).toBe('true');
    expect(second.headers['location']).toBe('/api/v1/things/1');
    expect(second.headers['etag']).toBe('"1"');
  });

  it('replays a 200 as a 200', async () => {
    const first = fakeResponse();
    const handler: CallHandler = { handle: () => (first.status(200), of({ existing: true })) };
    await run(interceptor, post({ a: 1 }), first, handler);
    const second = fakeResponse(201);
    await run(interceptor, post({ a: 1 }), second, handler);
    expect(second.statusCode).toBe(200);
  });

  it('treats the same body with another key order as the same request', async () => {
    const response = fakeResponse();
    const { handler, calls } = creatingHandler(response);
    await run(interceptor, post({ a: 1, b: { c: 2, d: [1, 2] } }), response, handler);
    await run(interceptor, post({ b: { d: [1, 2], c: 2 }, a: 1 }), fakeResponse(), handler);
    expect(calls()).toBe(1);
    expect(fingerprint({ a: 1, b: 2 })).toBe(fingerprint({ b: 2, a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body, without running the handler', async () => {
    const response = fakeResponse();
    const { handler, calls } = creatingHandler(response);
    await run(interceptor, post({ a: 1 }), response, handler);
    const problem = await runError(interceptor, post({ a: 2 }), fakeResponse(), handler);
    expect(problem).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(calls()).toBe(1);
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request is still running', async () => {
    const pending = new Subject<unknown>();
    const slow: CallHandler = { handle: () => pending.asObservable() };
    const first = run(interceptor, post({ a: 1 }), fakeResponse(), slow);
    await new Promise((resolve) => setImmediate(resolve));

    const { handler, calls } = creatingHandler(fakeResponse());
    const problem = await runError(interceptor, post({ a: 1 }), fakeResponse(), handler);
    expect(problem).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    expect(calls()).toBe(0);

    pending.next({ done: true });
    pending.complete();
    expect(await first).toEqual({ done: true });
  });

  it('releases the key when the request fails, so a retry runs the handler again', async () => {
    const failing: CallHandler = { handle: () => throwError(() => new HttpException({ code: 'NOPE', message: 'no' }, 422)) };
    const problem = await runError(interceptor, post({ a: 1 }), fakeResponse(), failing);
    expect(problem).toMatchObject({ status: 422, code: 'NOPE' });
    expect(store.records.size).toBe(0);

    const response = fakeResponse();
    const { handler, calls } = creatingHandler(response);
    expect(await run(interceptor, post({ a: 1 }), response, handler)).toEqual({ id: 'thing-1' });
    expect(calls()).toBe(1);
  });

  it('releases the key when the handler answers with an error status', async () => {
    const response = fakeResponse();
    const handler: CallHandler = { handle: () => (response.status(404), of({ missing: true })) };
    await run(interceptor, post({ a: 1 }), response, handler);
    expect(store.records.size).toBe(0);
  });

  it('forgets a completed key after 24 h (checked on read)', async () => {
    const response = fakeResponse();
    const { handler, calls } = creatingHandler(response);
    await run(interceptor, post({ a: 1 }), response, handler);
    clock = new Date(clock.getTime() + 24 * 60 * 60 * 1000 - 1);
    await run(interceptor, post({ a: 1 }), fakeResponse(), handler);
    expect(calls()).toBe(1);
    clock = new Date(clock.getTime() + 1);
    expect(await run(interceptor, post({ a: 2 }), fakeResponse(), handler)).toEqual({ id: 'thing-2' });
    expect(calls()).toBe(2);
  });

  it('stamps every key with its expiry: the lock timeout while in progress, 24 h once completed', async () => {
    const created = clock;
    let inProgress: IdempotencyRecord | undefined;
    const response = fakeResponse();
    const handler: CallHandler = {
      handle: () => {
        inProgress = structuredClone(store.records.get('acme|POST|/api/v1/things|key-1'));
        return of({ id: 'thing-1' });
      },
    };
    await run(interceptor, post({ a: 1 }), response, handler);
    expect(inProgress).toMatchObject({ status: 'in_progress', expiresAt: new Date(created.getTime() + 5 * 60 * 1000) });
    expect(store.records.get('acme|POST|/api/v1/things|key-1')).toMatchObject({
      status: 'completed',
      expiresAt: new Date(created.getTime() + 24 * 60 * 60 * 1000),
    });
  });

  it('takes over a key whose request died while in progress (lock timeout)', async () => {
    const never: CallHandler = { handle: () => new Subject<unknown>().asObservable() };
    void run(interceptor, post({ a: 1 }), fakeResponse(), never);
    await new Promise((resolve) => setImmediate(resolve));
    clock = new Date(clock.getTime() + 5 * 60 * 1000);
    const response = fakeResponse();
    const { handler, calls } = creatingHandler(response);
    expect(await run(interceptor, post({ a: 1 }), response, handler)).toEqual({ id: 'thing-1' });
    expect(calls()).toBe(1);
  });

  it('scopes keys by tenant and path', async () => {
    const { handler, calls } = creatingHandler(fakeResponse());
    await run(interceptor, post({ a: 1 }), fakeResponse(), handler);
    await run(interceptor, post({ a: 1 }, 'key-1', { principal: { tenantId: 'other' } }), fakeResponse(), handler);
    await run(interceptor, post({ a: 1 }, 'key-1', { originalUrl: '/api/v1/others', url: '/api/v1/others' }), fakeResponse(), handler);
    expect(calls()).toBe(3);
    expect([...store.records.keys()].sort()).toEqual([
      'acme|POST|/api/v1/others|key-1',
      'acme|POST|/api/v1/things|key-1',
      'other|POST|/api/v1/things|key-1',
    ]);
  });

  it('leaves requests without the header, other methods and non-HTTP contexts alone', async () => {
    const { handler, calls } = creatingHandler(fakeResponse());
    await run(interceptor, post({ a: 1 }, null), fakeResponse(), handler);
    await run(interceptor, post({ a: 1 }, null), fakeResponse(), handler);
    await run(interceptor, { ...post({ a: 1 }), method: 'PATCH' }, fakeResponse(), handler);
    await run(interceptor, { ...post({ a: 1 }), method: 'PATCH' }, fakeResponse(), handler);
    const rpc = { getType: () => 'rpc' } as unknown as ExecutionContext;
    await firstValueFrom(interceptor.intercept(rpc, handler) as Observable<unknown>);
    expect(calls()).toBe(5);
    expect(store.records.size).toBe(0);
  });

  it('never replays to a malformed If-Match: 400, as the route would answer it', async () => {
    const first = fakeResponse();
    const { handler, calls } = creatingHandler(first);
    await run(interceptor, post({ a: 1 }), first, handler);
    for (const ifMatch of ['', 'W/"1"', '1']) {
      const retry = post({ a: 1 }, 'key-1', { headers: { 'idempotency-key': 'key-1', 'if-match': ifMatch } });
      expect(await runError(interceptor, retry, fakeResponse(), handler)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    }
    const wellFormed = post({ a: 1 }, 'key-1', { headers: { 'idempotency-key': 'key-1', 'if-match': '"1"' } });
    expect(await run(interceptor, wellFormed, fakeResponse(), handler)).toEqual({ id: 'thing-1' });
    expect(calls()).toBe(1);
  });

  it('refuses a malformed key with 400 IDEMPOTENCY_KEY_INVALID', async () => {
    const { handler, calls } = creatingHandler(fakeResponse());
    for (const key of ['', 'has space', 'x'.repeat(256)]) {
      const problem = await runError(interceptor, post({ a: 1 }, key), fakeResponse(), handler);
      expect(problem).toMatchObject({ status: 400, code: 'IDEMPOTENCY_KEY_INVALID' });
    }
    expect(calls()).toBe(0);
  });
});
