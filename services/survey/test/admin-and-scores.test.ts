import { randomUUID } from 'node:crypto';
import { jobInvitationId, monthOf } from '../src/survey/domain';
import { InvitationRepository } from '../src/survey/infrastructure/invitation.repository';
import { startSurvey, tokenOf, type SurveyTestApp } from './support/survey-app';

const levels = (attitude: number, technical: number, arrival: number, commitments: number) => [
  { criterion: 'attitude', level: attitude },
  { criterion: 'technical_skill', level: technical },
  { criterion: 'arrival_time', level: arrival },
  { criterion: 'commitments_kept', level: commitments },
];

const SETTINGS = {
  remindAfterHours: 48,
  expireAfterHours: 240,
  defaultThreshold: 2,
  thresholds: [{ criterion: 'arrival_time', level: 3 }],
  defaultTargetPercent: 85,
  targets: [] as Array<{ year: number; percent: number }>,
  relationshipCadence: 'half_yearly',
  timeZone: 'Asia/Shanghai',
};

const TEMPLATE = {
  id: 'default',
  title: { zh: '安装服务调查', en: 'Installation survey' },
  criteria: [
    { key: 'attitude', label: { zh: '服务态度', en: 'Attitude' } },
    { key: 'arrival_time', label: { zh: '到达及时性', en: 'Arrival time' } },
  ],
  levels: 4,
  levelLabels: [
    { zh: '不满意', en: 'Dissatisfied' },
    { zh: '一般', en: 'Fair' },
    { zh: '满意', en: 'Satisfied' },
    { zh: '非常满意', en: 'Very satisfied' },
  ],
  askCsat: true,
  askNps: false,
  commentMaxLength: 500,
};

describe('scores, settings and templates over the API', () => {
  let survey: SurveyTestApp;
  const month = monthOf(new Date(), 'Asia/Shanghai');
  const year = Number(month.slice(0, 4));

  beforeAll(async () => {
    survey = await startSurvey('admin-scores');
  });
  afterAll(() => survey?.close());

  async function answered(technicianId: string, ratings: ReturnType<typeof levels>): Promise<void> {
    const caseId = `sr-${randomUUID()}`;
    await survey.registerCase(caseId);
    await survey.verifyWorkOrder(caseId, `wo-${randomUUID()}`, { technicianId });
    const token = tokenOf(await survey.surveyLinkOf(caseId));
    const answer = await fetch(`${survey.baseUrl}/api/v1/survey-answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, ratings }),
    });
    expect(answer.status).toBe(201);
  }

  const scores = async () => {
    const res = await survey.request('GET', `/api/v1/survey-scores?month=${month}`, { roles: ['quality_engineer'] });
    expect(res.status).toBe(200);
    return res.json();
  };

  it("scores the month per criterion and technician, with numerators, denominators and the year's target", async () => {
    await answered('tech-zhou', levels(4, 4, 4, 4));
    await answered('tech-wu', levels(4, 4, 1, 3));

    expect(await scores()).toEqual({
      month,
      formula: 'satisfied / rated × 100',
      overall: { satisfied: 7, rated: 8, percent: 87.5 },
      criteria: expect.arrayContaining([
        { criterion: 'arrival_time', satisfaction: { satisfied: 1, rated: 2, percent: 50 } },
        { criterion: 'attitude', satisfaction: { satisfied: 2, rated: 2, percent: 100 } },
      ]),
      technicians: [
        { technicianId: 'tech-wu', satisfaction: { satisfied: 3, rated: 4, percent: 75 }, averageLevel: 3 },
        { technicianId: 'tech-zhou', satisfaction: { satisfied: 4, rated: 4, percent: 100 }, averageLevel: 4 },
      ],
      targetPercent: 85,
      belowTarget: false,
    });
    expect((await survey.request('GET', '/api/v1/survey-scores?month=2026-13')).status).toBe(400);
    expect((await survey.request('GET', `/api/v1/survey-scores?month=${month}`, { roles: ['technician'] })).status).toBe(403);
  });

  it("a manager replaces the tenant's settings; this year's target of 95 % puts the month below it", async () => {
    const defaults = await survey.request('GET', '/api/v1/admin/survey-settings');
    expect(await defaults.json()).toMatchObject({ remindAfterHours: 72, expireAfterHours: 336, defaultTargetPercent: 85, targets: [], relationshipCadence: 'yearly' });

    const put = (body: unknown, roles: Array<'manager' | 'quality_engineer'> = ['manager']) => survey.request('PUT', '/api/v1/admin/survey-settings', { body, roles });
    const late = await put({ ...SETTINGS, remindAfterHours: 240 });
    expect(late.status).toBe(422);
    expect(await late.json()).toMatchObject({ code: 'SURVEY_SETTINGS_INVALID' });
    const twice = await put({ ...SETTINGS, targets: [{ year, percent: 95 }, { year, percent: 97 }] });
    expect(twice.status).toBe(422);
    expect((await put({ ...SETTINGS, timeZone: 'Mars/Olympus' })).status).toBe(422);
    expect((await put({ ...SETTINGS, extra: 1 })).status).toBe(400);
    expect((await put(SETTINGS, ['quality_engineer'])).status).toBe(403);

    const stored = await put({ ...SETTINGS, targets: [{ year: year + 1, percent: 97 }, { year, percent: 95 }] });
    expect(stored.status).toBe(200);
    const expected = { ...SETTINGS, targets: [{ year, percent: 95 }, { year: year + 1, percent: 97 }] };
    expect(await stored.json()).toEqual(expected);
    expect(await (await survey.request('GET', '/api/v1/admin/survey-settings', { roles: ['quality_engineer'] })).json()).toEqual(expected);

    expect(await scores()).toMatchObject({ overall: { satisfied: 7, rated: 8, percent: 87.5 }, targetPercent: 95, belowTarget: true });
  });

  it('a new template version becomes current: the next invitation is sent with it, the old version stays readable', async () => {
    const invalid = await survey.request('POST', '/api/v1/admin/survey-templates', { body: { ...TEMPLATE, levelLabels: TEMPLATE.levelLabels.slice(1) } });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ code: 'SURVEY_TEMPLATE_INVALID' });

    const created = await survey.request('POST', '/api/v1/admin/survey-templates', { body: TEMPLATE });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/admin/survey-templates/default/versions/2');
    expect(await created.json()).toMatchObject({ id: 'default', version: 2, askCsat: true, criteria: [{ key: 'attitude' }, { key: 'arrival_time' }] });
    expect(await (await survey.request('GET', '/api/v1/admin/survey-templates/default')).json()).toMatchObject({ version: 2 });
    expect(await (await survey.request('GET', '/api/v1/admin/survey-templates/default/versions/1')).json()).toMatchObject({ version: 1, criteria: [{}, {}, {}, {}] });
    expect((await survey.request('GET', '/api/v1/admin/survey-templates/default/versions/3')).status).toBe(404);
    expect((await survey.request('GET', '/api/v1/admin/survey-templates/default/versions/two')).status).toBe(400);
    expect((await survey.request('GET', '/api/v1/admin/survey-templates/nps_only')).status).toBe(404);

    const caseId = `sr-${randomUUID()}`;
    const workOrderId = `wo-${randomUUID()}`;
    await survey.registerCase(caseId);
    await survey.verifyWorkOrder(caseId, workOrderId);
    await survey.surveyLinkOf(caseId);
    const invitation = await survey.app.get(InvitationRepository).findById('acme', jobInvitationId('acme', workOrderId));
    expect(invitation?.state).toMatchObject({ templateId: 'default', templateVersion: 2 });
    // Sent with the tenant's new reminder time (48 h).
    const { sentAt, remindAt } = invitation!.state;
    expect(remindAt!.getTime() - sentAt!.getTime()).toBe(48 * 3_600_000);
  });
});
