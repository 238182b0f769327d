import { ROOT_CONTEXT, SpanKind, TraceFlags, trace, type Context } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { STORE_SPAN_RATIO_VARIABLE, StoreSpanSampler, instrumentsStore, storeSpanRatio, storeStatementShape } from './store-spans';

const STORE = { 'db.system.name': 'mongodb', 'db.collection.name': 'service_requests' };
const LOW_TRACE = '00000000000000000000000000000001'; // kept by any ratio above 0
const HIGH_TRACE = 'ffffffff000000000000000000000000'; // dropped by any ratio below 1

function under(flags: TraceFlags, traceId = LOW_TRACE): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: '0000000000000001', traceFlags: flags });
}

describe('StoreSpanSampler', () => {
  const decide = (sampler: StoreSpanSampler, context: Context, attributes: Record<string, string>, traceId = LOW_TRACE) =>
    sampler.shouldSample(context, traceId, 'span', SpanKind.CLIENT, attributes, []).decision;

  it('keeps every span that is not a store command, with or without a parent', () => {
    const sampler = new StoreSpanSampler(0);
    expect(decide(sampler, ROOT_CONTEXT, { 'http.request.method': 'POST' })).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, under(TraceFlags.SAMPLED), {})).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('follows an unsampled parent for every span', () => {
    const sampler = new StoreSpanSampler(1);
    expect(decide(sampler, under(TraceFlags.NONE), {})).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, under(TraceFlags.NONE), STORE)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('drops store-command spans at ratio 0 and keeps them all at 1', () => {
    expect(decide(new StoreSpanSampler(0), under(TraceFlags.SAMPLED), STORE)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(new StoreSpanSampler(0), under(TraceFlags.SAMPLED), { 'db.system': 'mongodb' })).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(new StoreSpanSampler(1), under(TraceFlags.SAMPLED, HIGH_TRACE), STORE, HIGH_TRACE)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('decides a share by trace id, so one trace keeps all of its store spans or none', () => {
    const sampler = new StoreSpanSampler(0.5);
    for (let i = 0; i < 3; i++) {
      expect(decide(sampler, under(TraceFlags.SAMPLED, LOW_TRACE), STORE, LOW_TRACE)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
      expect(decide(sampler, under(TraceFlags.SAMPLED, HIGH_TRACE), STORE, HIGH_TRACE)).toBe(SamplingDecision.NOT_RECORD);
    }
  });
});

describe('storeSpanRatio', () => {
  it('defaults to a small share when exporting and to none when nothing reads the spans', () => {
    expect(storeSpanRatio({}, true)).toBe(0.05);
    expect(storeSpanRatio({}, false)).toBe(0);
  });

  it('takes the variable, and refuses a value outside 0..1', () => {
    expect(storeSpanRatio({ [STORE_SPAN_RATIO_VARIABLE]: '0.25' }, false)).toBe(0.25);
    expect(() => storeSpanRatio({ [STORE_SPAN_RATIO_VARIABLE]: '2' }, true)).toThrow(STORE_SPAN_RATIO_VARIABLE);
    expect(() => storeSpanRatio({ [STORE_SPAN_RATIO_VARIABLE]: 'all' }, true)).toThrow(STORE_SPAN_RATIO_VARIABLE);
  });
});

describe('instrumentsStore', () => {
  it('leaves the store uninstrumented when no store span can be kept', () => {
    expect(instrumentsStore({}, 0)).toBe(false);
    expect(instrumentsStore({}, 0.05)).toBe(true);
    expect(instrumentsStore({ [STORE_SPAN_RATIO_VARIABLE]: '1' }, 1)).toBe(true);
  });

  it('instruments it whenever the standard sampler decides instead of ours', () => {
    expect(instrumentsStore({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' }, 0)).toBe(true);
  });
});

describe('storeStatementShape', () => {
  it('names the fields two levels deep and masks every value', () => {
    const shape = storeStatementShape({ find: 'cases', filter: { _id: 'case-1', version: 3 }, limit: 1, documents: [{ secret: 'x' }] });
    expect(JSON.parse(shape)).toEqual({ find: '?', filter: { _id: '?', version: '?' }, limit: '?', documents: '?' });
    expect(shape).not.toContain('case-1');
  });
});
