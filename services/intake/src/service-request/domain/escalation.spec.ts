import { escalate, recordSlaBreach } from './escalation';
import { hours, inProgress, resolved, stateOf } from './testing/service-request.builders';

describe('escalation and SLA breaches', () => {
  it('escalation only goes up; the fact names both levels', () => {
    const s = stateOf(inProgress());
    expect(escalate(s, { level: 2, reason: 'manual', at: hours(1) })).toEqual([
      { kind: 'escalated', at: hours(1), level: 2, previousLevel: 0, reason: 'manual', note: null },
    ]);
    expect(escalate(s, { level: 1, reason: 'manual' })).toEqual([]);
    expect(s.escalation).toMatchObject({ level: 2 });
  });

  it('a breach is recorded once per clock and due time', () => {
    const s = stateOf(inProgress());
    expect(recordSlaBreach(s, { clock: 'arrival', dueAt: hours(6), at: hours(7) })).toEqual([
      { kind: 'slaBreached', at: hours(7), clock: 'arrival', dueAt: hours(6) },
    ]);
    expect(recordSlaBreach(s, { clock: 'arrival', dueAt: hours(6), at: hours(8) })).toEqual([]);
    expect(s.slaBreaches).toHaveLength(1);
  });

  it('not after resolution, and clock names are snake_case', () => {
    expect(() => escalate(stateOf(resolved()), { level: 1, reason: 'manual' })).toThrow(
      expect.objectContaining({ code: 'SERVICE_REQUEST_ILLEGAL_TRANSITION' }),
    );
    expect(() => recordSlaBreach(stateOf(inProgress()), { clock: 'Arrival', dueAt: hours(1) })).toThrow(
      expect.objectContaining({ fieldErrors: [{ field: 'clock', message: 'must be a snake_case clock name' }] }),
    );
  });
});
