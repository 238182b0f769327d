import { close, confirm, confirmationBySilenceDueAt, isConfirmationBySilenceDue, reopen } from './confirmation';
import { closed, confirmed, days, hours, resolved, stateOf } from './testing/service-request.builders';

const resolvedAt = new Date('2025-03-10T12:00:00.000Z');
const at = (iso: string) => new Date(iso);
const resolvedCase = { status: 'resolved' as const, resolvedAt };

describe('confirmation by silence', () => {
  it('is not due before 7 days of silence', () => {
    expect(isConfirmationBySilenceDue(resolvedCase, at('2025-03-17T11:59:59.999Z'))).toBe(false);
  });

  it('is due exactly 7 days after resolution', () => {
    expect(isConfirmationBySilenceDue(resolvedCase, at('2025-03-17T12:00:00.000Z'))).toBe(true);
    expect(confirmationBySilenceDueAt(resolvedAt)).toEqual(at('2025-03-17T12:00:00.000Z'));
  });

  it('stays due afterwards', () => {
    expect(isConfirmationBySilenceDue(resolvedCase, at('2025-04-30T00:00:00.000Z'))).toBe(true);
  });

  it('uses the configured silence', () => {
    expect(isConfirmationBySilenceDue(resolvedCase, at('2025-03-13T12:00:00.000Z'), 3)).toBe(true);
    expect(isConfirmationBySilenceDue(resolvedCase, at('2025-03-13T11:59:59.000Z'), 3)).toBe(false);
    expect(isConfirmationBySilenceDue(resolvedCase, at('2025-03-18T12:00:00.000Z'), 14)).toBe(false);
    expect(isConfirmationBySilenceDue(resolvedCase, resolvedAt, 0)).toBe(true);
  });

  it.each(['received', 'in_progress', 'confirmed', 'closed', 'reopened', 'cancelled'] as const)('never applies to a %s case', (status) => {
    expect(isConfirmationBySilenceDue({ status, resolvedAt }, at('2026-01-01T00:00:00.000Z'))).toBe(false);
  });

  it('rejects a negative or non-numeric silence', () => {
    expect(() => isConfirmationBySilenceDue(resolvedCase, resolvedAt, -1)).toThrow(expect.objectContaining({ code: 'SERVICE_REQUEST_INVALID' }));
    expect(() => isConfirmationBySilenceDue(resolvedCase, resolvedAt, Number.NaN)).toThrow(/silenceDays/);
  });
});

describe('confirming, closing and reopening a case', () => {
  it('confirm by the customer is one fact', () => {
    const s = stateOf(resolved());
    expect(confirm(s, { at: hours(6) })).toEqual([{ kind: 'confirmed', at: hours(6), by: 'customer' }]);
    expect(s.status).toBe('confirmed');
  });

  it('closing a resolved case confirms it first: two facts, in order', () => {
    const s = stateOf(resolved());
    expect(close(s, { reason: 'survey_completed', at: days(1) })).toEqual([
      { kind: 'confirmed', at: days(1), by: 'survey' },
      { kind: 'closed', at: days(1), reason: 'survey_completed' },
    ]);
    expect(close(stateOf(confirmed()), { reason: 'manual', at: days(1) })).toEqual([{ kind: 'closed', at: days(1), reason: 'manual' }]);
  });

  it('reopening clears the outcome and keeps the disputed resolution', () => {
    const s = stateOf(closed());
    expect(reopen(s, { reason: 'low_survey_score', at: days(3) })).toEqual([
      { kind: 'reopened', at: days(3), reason: 'low_survey_score', note: null, previousStatus: 'closed' },
    ]);
    expect(s).toMatchObject({ status: 'reopened', resolution: null, confirmation: null, closure: null });
    expect(s.reopenings[0]).toMatchObject({ previousResolutionSummary: 'Seal replaced' });
  });

  it('a bad number of days is named as a field', () => {
    expect(() => confirm(stateOf(resolved()), { silenceDays: -1 })).toThrow(
      expect.objectContaining({ code: 'SERVICE_REQUEST_INVALID', fieldErrors: [{ field: 'silenceDays', message: 'must be a non-negative number of days' }] }),
    );
  });
});
