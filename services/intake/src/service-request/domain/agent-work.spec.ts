import { SERVICE_REQUEST_EVENT_TYPES as EVENTS } from './service-request.events';
import { acknowledged, codeOf, eventTypes, factKinds, hours, minutes, routed } from './testing/service-request.builders';

const consultation = () => routed({ requestedType: 'consultation' });
const suggestion = () => routed({ requestedType: 'suggestion' });

describe('a consultation is answered by the agent', () => {
  it('the answer resolves it: work started and done, resolved with the answer as summary', () => {
    const c = consultation();
    const from = c.pendingFacts.length;
    c.answerConsultation({ answer: 'Hold RESET for 5 s to clear E-31', answeredBy: 'agent-1', at: hours(1) });
    expect(factKinds(c, from)).toEqual(['workStarted', 'workCompleted', 'resolved']);
    expect(c.status).toBe('resolved');
    expect(c.answer).toEqual({ text: 'Hold RESET for 5 s to clear E-31', answeredBy: 'agent-1', answeredAt: hours(1) });
    expect(c.work).toEqual([{ kind: 'agent', reference: 'answer-1', startedAt: hours(1), completedAt: hours(1) }]);
    expect(c.pendingEvents.at(-1)).toMatchObject({ type: EVENTS.resolved, data: { summary: 'Hold RESET for 5 s to clear E-31' } });
  });

  it('after a reopening it is answered again as a new piece of work', () => {
    const c = consultation();
    c.answerConsultation({ answer: 'first', answeredBy: 'agent-1', at: hours(1) });
    c.reopen({ reason: 'customer_dispute', at: hours(2) });
    c.route({ at: hours(2) });
    c.answerConsultation({ answer: 'second', answeredBy: 'agent-2', at: hours(3) });
    expect(c.status).toBe('resolved');
    expect(c.work.map((w) => w.reference)).toEqual(['answer-1', 'answer-2']);
    expect(c.answer?.text).toBe('second');
  });

  it('is refused for another type, before routing, without text; nothing is recorded', () => {
    const repair = routed();
    const n = repair.pendingFacts.length;
    expect(codeOf(() => repair.answerConsultation({ answer: 'x', answeredBy: 'a' }))).toBe('SERVICE_REQUEST_WRONG_TYPE');
    expect(repair.pendingFacts).toHaveLength(n);
    const notRouted = acknowledged({ requestedType: 'consultation' });
    expect(codeOf(() => notRouted.answerConsultation({ answer: 'x', answeredBy: 'a' }))).toBe('SERVICE_REQUEST_NOT_ROUTED');
    expect(notRouted.status).toBe('acknowledged');
    expect(notRouted.work).toEqual([]);
    expect(codeOf(() => consultation().answerConsultation({ answer: ' ', answeredBy: 'a' }))).toBe('SERVICE_REQUEST_INVALID');
  });

  it('cannot answer a resolved consultation again', () => {
    const c = consultation();
    c.answerConsultation({ answer: 'done', answeredBy: 'a', at: hours(1) });
    expect(codeOf(() => c.answerConsultation({ answer: 'again', answeredBy: 'a' }))).toBe('SERVICE_REQUEST_ILLEGAL_TRANSITION');
    expect(c.answer?.text).toBe('done');
  });
});

describe('a suggestion goes to review', () => {
  it('review with owner and date (in progress), then the reply resolves it', () => {
    const c = suggestion();
    c.startReview({ owner: 'Product management', reviewDate: '2025-03-20', at: hours(1) });
    expect(c.status).toBe('in_progress');
    expect(c.work).toEqual([{ kind: 'review', reference: 'review-1', startedAt: hours(1), completedAt: null }]);
    c.replyToSuggestion({ reply: 'Adopted for the 2026 model', repliedBy: 'pm-1', at: hours(30) });
    expect(c.status).toBe('resolved');
    expect(c.review).toEqual({
      owner: 'Product management',
      reviewDate: '2025-03-20',
      startedAt: hours(1),
      reply: 'Adopted for the 2026 model',
      repliedBy: 'pm-1',
      repliedAt: hours(30),
    });
    expect(eventTypes(c).slice(-3)).toEqual(['updated', 'updated', 'resolved']);
    expect(c.pendingEvents.at(-1)?.data).toMatchObject({ summary: 'Adopted for the 2026 model' });
  });

  it('refuses a bad review date or no owner, a reply before review, and another type', () => {
    expect(codeOf(() => suggestion().startReview({ owner: 'PM', reviewDate: '20.03.2025' }))).toBe('SERVICE_REQUEST_INVALID');
    expect(codeOf(() => suggestion().startReview({ owner: '', reviewDate: '2025-03-20' }))).toBe('SERVICE_REQUEST_INVALID');
    expect(codeOf(() => suggestion().replyToSuggestion({ reply: 'x', repliedBy: 'pm' }))).toBe('SERVICE_REQUEST_ILLEGAL_TRANSITION');
    expect(codeOf(() => consultation().startReview({ owner: 'PM', reviewDate: '2025-03-20' }))).toBe('SERVICE_REQUEST_WRONG_TYPE');
    const reviewing = suggestion();
    reviewing.startReview({ owner: 'PM', reviewDate: '2025-03-20', at: minutes(10) });
    expect(codeOf(() => reviewing.startReview({ owner: 'QA', reviewDate: '2025-03-21' }))).toBe('SERVICE_REQUEST_ILLEGAL_TRANSITION');
    expect(reviewing.review?.owner).toBe('PM');
  });
});
