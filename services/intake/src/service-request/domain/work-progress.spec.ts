import { inProgress, hours, minutes, routed, stateOf } from './testing/service-request.builders';
import { completeWork, resolve, startWork } from './work-progress';

describe('work progress', () => {
  it('the first work item starts the work; a known one is no fact', () => {
    const s = stateOf(routed());
    expect(startWork(s, { kind: 'work_order', reference: 'wo-1', at: minutes(30) })).toEqual([
      { kind: 'workStarted', at: minutes(30), work: { kind: 'work_order', reference: 'wo-1' } },
    ]);
    expect(s.status).toBe('in_progress');
    expect(startWork(s, { kind: 'work_order', reference: 'wo-1', at: hours(1) })).toEqual([]);
    expect(startWork(s, { kind: 'claim', reference: 'qc-1', at: hours(1) })).toHaveLength(1);
    expect(s.work).toHaveLength(2);
  });

  it('completion names the completed item (found by reference) and is recorded once', () => {
    const s = stateOf(inProgress());
    expect(completeWork(s, { reference: 'wo-1', at: hours(2) })).toEqual([
      { kind: 'workCompleted', at: hours(2), work: { kind: 'work_order', reference: 'wo-1' } },
    ]);
    expect(completeWork(s, { reference: 'wo-1', at: hours(3) })).toEqual([]);
    expect(s.work[0].completedAt).toEqual(hours(2));
  });

  it('resolves only without open work, with the summary in the fact', () => {
    const s = stateOf(inProgress());
    expect(() => resolve(s, { at: hours(2) })).toThrow(expect.objectContaining({ code: 'SERVICE_REQUEST_WORK_OUTSTANDING' }));
    expect(s.status).toBe('in_progress');
    completeWork(s, { reference: 'wo-1', at: hours(2) });
    expect(resolve(s, { summary: ' Seal replaced ', at: hours(2) })).toEqual([{ kind: 'resolved', at: hours(2), summary: 'Seal replaced' }]);
    expect(s.resolution).toEqual({ summary: 'Seal replaced', resolvedAt: hours(2) });
  });

  it('names bad work input in field errors', () => {
    expect(() => startWork(stateOf(routed()), { kind: 'magic' as 'claim', reference: '' })).toThrow(
      expect.objectContaining({ code: 'SERVICE_REQUEST_INVALID', fieldErrors: [expect.objectContaining({ field: 'kind' }), expect.objectContaining({ field: 'reference' })] }),
    );
  });
});
