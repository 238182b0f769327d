import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace-base';

/** `db.system.name` (current semantic conventions) and `db.system` (older ones). */
const STORE_SYSTEM_ATTRIBUTES = ['db.system.name', 'db.system'] as const;

/**
 * Keeps every span but a share of the store-command spans. A case's trace is built from HTTP,
 * consumer and `change` spans (ADR 0018); the store spans are leaves under them, one per command,
 * ten or more per case, and creating them cost a fifth of a registration's CPU. The share is
 * decided by trace id, so a trace keeps all of its store spans or none, and parent-based, so a
 * store span never appears in a trace that was not sampled.
 */
export class StoreSpanSampler implements Sampler {
  private readonly others: Sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() });
  private readonly store: Sampler;

  constructor(readonly storeRatio: number) {
    const share = storeRatio >= 1 ? new AlwaysOnSampler() : storeRatio <= 0 ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(storeRatio);
    this.store = new ParentBasedSampler({ root: share, localParentSampled: share, remoteParentSampled: share });
  }

  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    const sampler = isStoreCommand(attributes) ? this.store : this.others;
    return sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `StoreSpanSampler{storeRatio=${this.storeRatio}}`;
  }
}

function isStoreCommand(attributes: Attributes): boolean {
  return STORE_SYSTEM_ATTRIBUTES.some((name) => attributes[name] === 'mongodb');
}

/**
 * `db.query.text` of a store span: the command's field names two levels deep (enough to read a
 * filter's shape), every value masked. The instrumentation's default serialises the whole command
 * (a 2 KB document on every insert) for every command, sampled or not: it computes the attributes
 * before the sampler is asked.
 */
export function storeStatementShape(command: Record<string, unknown>): string {
  return JSON.stringify(masked(command, 2));
}

function masked(value: unknown, levels: number): unknown {
  if (levels === 0 || value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return '?';
  const shape: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) shape[key] = masked(inner, levels - 1);
  return shape;
}

export const STORE_SPAN_RATIO_VARIABLE = 'OTEL_STORE_SPANS_SAMPLE_RATIO';

/**
 * The share of store-command spans kept: `OTEL_STORE_SPANS_SAMPLE_RATIO` (0..1); by default 0.05
 * when spans are exported and none when nothing would read them.
 */
export function storeSpanRatio(env: NodeJS.ProcessEnv, exporting: boolean): number {
  const given = env[STORE_SPAN_RATIO_VARIABLE];
  if (given === undefined || given.trim() === '') return exporting ? 0.05 : 0;
  const ratio = Number(given);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new Error(`${STORE_SPAN_RATIO_VARIABLE} must be a number from 0 to 1, got "${given}"`);
  }
  return ratio;
}

/**
 * Whether the store's commands are instrumented: only when a store span can be kept. A command
 * whose span is dropped still paid for its attributes, its statement shape and the sampler's
 * verdict (ADR 0052, bench/store-client.bench.ts). The standard OTEL_TRACES_SAMPLER, when set,
 * decides on store spans itself.
 */
export function instrumentsStore(env: NodeJS.ProcessEnv, storeRatio: number): boolean {
  return Boolean(env.OTEL_TRACES_SAMPLER) || storeRatio > 0;
}
