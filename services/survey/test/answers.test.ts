import { randomUUID } from 'node:crypto';
import { SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1, SURVEY_RESPONSE_SUBMITTED_V1, TOPICS, type SurveyResponseLowScoreReceivedV1 } from '@aftercare/contracts';
import { assertValidEvent, until } from '@aftercare/testing';
import { AnswerLinks } from '../src/survey/application/answer-links';
import { jobInvitationId, responseIdOf } from '../src/survey/domain';
import { InvitationRepository } from '../src/survey/infrastructure/invitation.repository';
import { startSurvey, tokenOf, type SurveyTestApp } from './support/survey-app';

const allFour = (overrides: Record<string, number> = {}) =>
  Object.entries({ attitude: 4, technical_skill: 4, arrival_time: 4, commitments_kept: 4, ...overrides }).map(([criterion, level]) => ({ criterion, level }));

describe('answering a survey through its link', () => {
  let survey: SurveyTestApp;
  const responseTopic = () => survey.topic(TOPICS.surveyResponseEvents.name);

  beforeAll(async () => {
    survey = await startSurvey('answers', { watch: [TOPICS.surveyResponseEvents.name] });
  });
  afterAll(() => survey?.close());

  async function invitedCase(): Promise<{ caseId: string; workOrderId: string; token: string }> {
    const caseId = `sr-${randomUUID()}`;
    const workOrderId = `wo-${randomUUID()}`;
    await survey.registerCase(caseId);
    await survey.verifyWorkOrder(caseId, workOrderId);
    return { caseId, workOrderId, token: tokenOf(await survey.surveyLinkOf(caseId)) };
  }

  const answer = (body: unknown) =>
    fetch(`${survey.baseUrl}/api/v1/survey-answers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('a low score publishes one LowScoreReceived with case, work order and technician; the link then is gone (410)', async () => {
    const { caseId, workOrderId, token } = await invitedCase();
    const first = await answer({ token, ratings: allFour({ arrival_time: 1 }), comment: 'came a day late' });
    expect(first.status).toBe(201);
    const receipt = (await first.json()) as { responseId: string };
    expect(receipt.responseId).toBe(responseIdOf(jobInvitationId('acme', workOrderId)));
    expect(first.headers.get('location')).toBe(`/api/v1/survey-responses/${receipt.responseId}`);

    const again = await answer({ token, ratings: allFour({ arrival_time: 1 }) });
    expect(again.status).toBe(410);
    expect(((await again.json()) as { code: string }).code).toBe('SURVEY_LINK_GONE');

    await until(() => survey.probe.on(responseTopic()).filter((m) => m.key === receipt.responseId).length >= 2, 20_000, 'response events');
    const events = survey.probe.on(responseTopic()).filter((m) => m.key === receipt.responseId).map((m) => assertValidEvent(m));
    expect(events.map((e) => e.type)).toEqual([SURVEY_RESPONSE_SUBMITTED_V1, SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1]);
    expect(events[1].caseId).toBe(caseId);
    expect(events[1].data as SurveyResponseLowScoreReceivedV1).toMatchObject({
      caseId,
      workOrderId,
      technicianId: 'tech-li-na',
      lowCriteria: [{ criterion: 'arrival_time', level: 1, threshold: 2 }],
      comment: 'came a day late',
    });

    const invitation = await survey.app.get(InvitationRepository).findById('acme', jobInvitationId('acme', workOrderId));
    expect(invitation?.state).toMatchObject({ status: 'responded', responseId: receipt.responseId });
    const stored = await survey.request('GET', `/api/v1/survey-responses/${receipt.responseId}`, { roles: ['quality_engineer'] });
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({ id: receipt.responseId, lowCriteria: [{ criterion: 'arrival_time', level: 1 }] });
  });

  it('a satisfied answer publishes no LowScoreReceived', async () => {
    const { token } = await invitedCase();
    const response = await answer({ token, ratings: allFour({ arrival_time: 3 }) });
    expect(response.status).toBe(201);
    const { responseId } = (await response.json()) as { responseId: string };
    const [submitted] = await survey.probe.waitFor((m) => m.topic === responseTopic() && m.key === responseId);
    expect(assertValidEvent(submitted).data).toMatchObject({ lowScore: false });
    // Both events of a response leave in one save: had there been a low score, it would have come with this one.
    expect(survey.probe.on(responseTopic()).filter((m) => m.key === responseId && m.headers.ce_type === SURVEY_RESPONSE_LOW_SCORE_RECEIVED_V1)).toHaveLength(0);
  });

  it('answers that do not fit the template are 422 and leave the link usable', async () => {
    const { token } = await invitedCase();
    const missing = await answer({ token, ratings: allFour().slice(0, 3) });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { errors: unknown }).errors).toEqual([{ field: 'ratings.commitments_kept', message: 'is required' }]);
    const unknown = await answer({ token, ratings: [...allFour(), { criterion: 'speed', level: 3 }] });
    expect(unknown.status).toBe(422);
    expect((await answer({ token, ratings: allFour() })).status).toBe(201);
  });

  it('an altered link is 404, on the API and the page', async () => {
    const { token } = await invitedCase();
    const altered = token.replace(/\.(\d+)\./, (_m, s: string) => `.${Number(s) + 60}.`);
    expect((await answer({ token: altered, ratings: allFour() })).status).toBe(404);
    const page = await fetch(`${survey.baseUrl}/api/v1/s/${altered}`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('an expired link is 410, on the API and the page', async () => {
    const { workOrderId } = await invitedCase();
    const expired = tokenOf(survey.app.get(AnswerLinks).linkFor({ tenantId: 'acme', invitationId: jobInvitationId('acme', workOrderId), expiresAt: new Date(Date.now() - 1000) }));
    const response = await answer({ token: expired, ratings: allFour() });
    expect(response.status).toBe(410);
    const page = await fetch(`${survey.baseUrl}/api/v1/s/${expired}`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This survey link has expired');
  });

  it('serves the page with its CSP, in the language the browser asks for', async () => {
    const { token } = await invitedCase();
    const zh = await fetch(`${survey.baseUrl}/api/v1/s/${token}`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await zh.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('到达及时性');
    const en = await (await fetch(`${survey.baseUrl}/api/v1/s/${token}?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Arrival time');
    expect((await fetch(`${survey.baseUrl}/api/v1/s-assets/answer.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
  });
});
