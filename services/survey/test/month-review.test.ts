import { randomUUID } from 'node:crypto';
import { SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1, TOPICS, type SurveySatisfactionMonthBelowTargetV1 } from '@aftercare/contracts';
import { assertValidEvent, until } from '@aftercare/testing';
import { MonthReviewJob } from '../src/survey/application/month-review.job';
import { monthOf } from '../src/survey/domain';
import { MonthFollowUpRepository } from '../src/survey/infrastructure/month-follow-up.repository';
import { startSurvey, tokenOf, type SurveyTestApp } from './support/survey-app';

const levels = (...l: number[]) => ['attitude', 'technical_skill', 'arrival_time', 'commitments_kept'].map((criterion, i) => ({ criterion, level: l[i] }));

describe('the month below target opens one follow-up', () => {
  let survey: SurveyTestApp;
  const topic = () => survey.topic(TOPICS.surveySatisfactionEvents.name);

  beforeAll(async () => {
    // The timer's passes (one at start) review the month before this one; the test picks its instants.
    survey = await startSurvey('month-review', { watch: [TOPICS.surveySatisfactionEvents.name], env: { SURVEY_MONTH_REVIEW_INTERVAL_MS: String(24 * 3_600_000) } });
  });
  afterAll(() => survey?.close());

  async function answered(ratings: ReturnType<typeof levels>): Promise<void> {
    const caseId = `sr-${randomUUID()}`;
    await survey.registerCase(caseId);
    await survey.verifyWorkOrder(caseId, `wo-${randomUUID()}`);
    const token = tokenOf(await survey.surveyLinkOf(caseId));
    const res = await fetch(`${survey.baseUrl}/api/v1/survey-answers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ratings }) });
    expect(res.status).toBe(201);
  }

  it('once the month has closed: one month-below-target with its rates, however often it is reviewed', async () => {
    await answered(levels(4, 4, 1, 1));
    await answered(levels(4, 4, 4, 4));
    const month = monthOf(new Date(), 'Asia/Shanghai');
    const [year, m] = month.split('-').map(Number);
    const nextMonth = new Date(Date.UTC(year, m, 2, 4)); // the 2nd of the next month, noon in Shanghai
    const job = survey.app.get(MonthReviewJob);
    await job.runOnce(new Date()); // waits for the start-up pass if it is still running (a pass in flight answers runOnce)

    // The month has not closed yet: it is not reviewed.
    expect(await survey.app.get(MonthFollowUpRepository).findById('acme', `acme|${month}`)).toBeNull();
    expect(await job.runOnce(nextMonth)).toEqual({ reviewed: 1, opened: 1 });
    expect(await job.runOnce(nextMonth)).toEqual({ reviewed: 0, opened: 0 });
    expect(await job.runOnce(new Date(nextMonth.getTime() + 3_600_000))).toEqual({ reviewed: 0, opened: 0 });

    await until(() => survey.probe.on(topic()).length >= 1, 20_000, 'the month follow-up');
    const events = survey.probe.on(topic()).map((m) => assertValidEvent<SurveySatisfactionMonthBelowTargetV1>(m));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe(SURVEY_SATISFACTION_MONTH_BELOW_TARGET_V1);
    expect(events[0].subject).toBe(`acme|${month}`);
    expect(events[0].data).toMatchObject({
      followUpId: `acme|${month}`,
      tenantId: 'acme',
      month,
      targetPercent: 85,
      overall: { satisfied: 6, rated: 8, percent: 75 },
      criteria: expect.arrayContaining([{ criterion: 'arrival_time', satisfied: 1, rated: 2, percent: 50 }]),
    });
  });
});
