import * as fs from 'node:fs';
import { CATALOG, channelCarries, SCHEMAS_DIR, TOPICS, contractsRegistry } from '@aftercare/contracts';
import { SurveyInvitation } from './invitation';
import { MonthFollowUp } from './month-follow-up';
import { SurveyResponse } from './response';
import { scoreMonth } from './scoring';
import { DEFAULT_TEMPLATE } from './survey-template';
import { ALL_FOUR, HOUR, T0, jobSurvey, sentInvitation, settings } from './testing/builders';

const typesOf = (topic: string) => {
  const channel = CATALOG.find((c) => c.topic.name === topic)!;
  return fs
    .readdirSync(SCHEMAS_DIR)
    .filter((f) => channelCarries(channel, f))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
};

/** Every event the two aggregates can record, from the commands that record them. */
function everyEvent() {
  const job = SurveyInvitation.scheduleForWorkOrder(jobSurvey());
  job.send(settings(), T0);
  job.remind(new Date(T0.getTime() + 72 * HOUR));
  job.respond('resp-x', new Date(T0.getTime() + 73 * HOUR));
  const expired = sentInvitation();
  expired.expire(new Date(T0.getTime() + 400 * HOUR));
  const relationship = SurveyInvitation.scheduleRelationship({ tenantId: 'acme', customerId: 'cust-1', templateId: 'default', templateVersion: 1, language: 'en', at: T0 });
  const low = SurveyResponse.submit(sentInvitation().state, DEFAULT_TEMPLATE, { ratings: { ...ALL_FOUR, arrival_time: 1 }, comment: 'late' }, settings(), T0);
  const lowMonth = scoreMonth('2026-03', [{ technicianId: 'tech-li', submittedAt: T0, ratings: low.state.ratings }], settings());
  const followUp = MonthFollowUp.open('acme', lowMonth, 'Asia/Shanghai', T0);
  return {
    invitation: [...job.pendingEvents, ...expired.pendingEvents, ...relationship.pendingEvents],
    response: [...low.pendingEvents],
    satisfaction: [...followUp.pendingEvents],
  };
}

describe('survey events against their contracts', () => {
  const events = everyEvent();

  it('records every invitation and response event type of the contract', () => {
    expect([...new Set(events.invitation.map((e) => e.type))].sort()).toEqual(typesOf(TOPICS.surveyInvitationEvents.name));
    expect([...new Set(events.response.map((e) => e.type))].sort()).toEqual(typesOf(TOPICS.surveyResponseEvents.name));
    expect([...new Set(events.satisfaction.map((e) => e.type))].sort()).toEqual(typesOf(TOPICS.surveySatisfactionEvents.name));
  });

  it('every recorded event validates against its schema (strictly, as a producer)', () => {
    for (const event of [...events.invitation, ...events.response, ...events.satisfaction]) {
      expect(() => contractsRegistry().assertValid(event.type, event.data)).not.toThrow();
    }
  });

  it('a job survey\'s events carry the case (ce_caseid); a relationship survey\'s do not', () => {
    const byCase = events.invitation.filter((e) => (e.data as { kind: string }).kind === 'job');
    expect(byCase.every((e) => e.caseId === 'sr-1')).toBe(true);
    expect(events.invitation.filter((e) => (e.data as { kind: string }).kind === 'relationship').every((e) => e.caseId === undefined)).toBe(true);
    expect(events.response.every((e) => e.caseId === 'sr-1')).toBe(true);
  });
});
