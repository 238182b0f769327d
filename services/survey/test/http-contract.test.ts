/**
 * survey's HTTP contract against the real stack: every route of the OpenAPI document is called on
 * real data (an invitation from a verified order, answered through its link); no answer holds a
 * field whose name starts with `_`; every answer's status and every response's schema are in the
 * document; another tenant's records are 404.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@aftercare/auth';
import { ApiWalk, fillPath, operationsWithoutSchemas, until, type OpenApiDocument } from '@aftercare/testing';
import { ReportScheduler } from '../src/monthly-report/application/report-scheduler';
import { jobInvitationId } from '../src/survey/domain';
import { startSurvey, tokenOf, type SurveyTestApp } from './support/survey-app';

jest.setTimeout(120_000);

let survey: SurveyTestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  survey = await startSurvey('http-contract');
  document = (await (await fetch(`${survey.baseUrl}/api/docs/openapi.json`)).json()) as OpenApiDocument;
}, 120_000);

afterAll(() => survey?.close());

const RATINGS = ['attitude', 'technical_skill', 'arrival_time', 'commitments_kept'].map((criterion) => ({ criterion, level: 4 }));

describe('every route of the OpenAPI document', () => {
  it('answers with success, without `_` fields, with declared statuses; every response has a schema', async () => {
    const walk = new ApiWalk(document);
    const call = async (method: string, template: string, params: Record<string, string>, options: { roles?: Role[]; tenant?: string; body?: unknown; anonymous?: boolean } = {}) => {
      const url = fillPath(template, params);
      const response = options.anonymous
        ? await fetch(`${survey.baseUrl}/api/v1${url}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.body) })
        : await survey.request(method, `/api/v1${url}`, options);
      return walk.record(method, `/api/v1${template}`, response) as Promise<Record<string, unknown>>;
    };

    const caseId = `sr-${randomUUID()}`;
    const workOrderId = `wo-${randomUUID()}`;
    await survey.registerCase(caseId);
    await survey.verifyWorkOrder(caseId, workOrderId);
    const token = tokenOf(await survey.surveyLinkOf(caseId));
    const invitationId = jobInvitationId('acme', workOrderId);

    const receipt = await call('POST', '/survey-answers', {}, { anonymous: true, body: { token, ratings: RATINGS, comment: 'walk' } });
    await call('GET', '/survey-invitations/{id}', { id: invitationId }, { roles: ['agent'] });
    await call('GET', '/survey-responses/{id}', { id: String(receipt.responseId) }, { roles: ['quality_engineer'] });

    // Scores, settings and templates.
    await walk.record('GET', '/api/v1/survey-scores', await survey.request('GET', '/api/v1/survey-scores?month=2026-03', { roles: ['quality_engineer'] }));
    const settings = await call('GET', '/admin/survey-settings', {}, { roles: ['manager'] });
    await call('PUT', '/admin/survey-settings', {}, { roles: ['manager'], body: { ...settings, targets: [{ year: 2027, percent: 97 }] } });
    const current = await call('GET', '/admin/survey-templates/{id}', { id: 'default' }, { roles: ['quality_engineer'] });
    const { version: _version, ...template } = current;
    const created = await call('POST', '/admin/survey-templates', {}, { roles: ['manager'], body: { ...template, askNps: true } });
    await call('GET', '/admin/survey-templates/{id}/versions/{version}', { id: 'default', version: String(created.version) }, { roles: ['manager'] });

    // Relationship surveys: the customer of the case was enrolled with it.
    const customerId = `cust-${caseId}`;
    await until(async () => (await survey.request('GET', `/api/v1/relationship-surveys/${customerId}`, { roles: ['agent'] })).status === 200, 30_000, 'the customer was not enrolled');
    await call('GET', '/relationship-surveys/{customerId}', { customerId }, { roles: ['agent'] });
    await call('PUT', '/relationship-surveys/{customerId}/cadence', { customerId }, { roles: ['manager'], body: { cadence: 'half_yearly' } });

    // The tenant registry's admin API (libs/tenancy), as the operator.
    await call('POST', '/admin/tenants', {}, { roles: ['operator'], body: { id: `walk-${randomUUID().slice(0, 8)}`, name: 'Walk Co.' } });
    await call('GET', '/admin/tenants', {}, { roles: ['operator'] });

    // The monthly report: the job generates acme's March 2026 (nothing reported), then read it.
    await survey.app.get(ReportScheduler).scan(new Date('2026-04-01T05:00:00Z'));
    await call('GET', '/monthly-reports/{month}', { month: '2026-03' });
    await call('GET', '/monthly-reports/{month}/revisions/{number}', { month: '2026-03', number: '1' });

    // The error answers are problem details without `_` fields too.
    await call('POST', '/survey-answers', {}, { anonymous: true, body: { token, ratings: RATINGS } }); // 410
    await call('POST', '/survey-answers', {}, { anonymous: true, body: { token: token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), ratings: RATINGS } }); // 404
    await call('GET', '/survey-invitations/{id}', { id: invitationId }, { roles: ['agent'], tenant: 'globex' }); // another tenant: 404
    await call('GET', '/survey-responses/{id}', { id: String(receipt.responseId) }, { roles: ['technician'] }); // 403

    expect(walk.calls.map((c) => `${c.key} ${c.status}`).slice(-4)).toEqual([
      'POST /api/v1/survey-answers 410',
      'POST /api/v1/survey-answers 404',
      'GET /api/v1/survey-invitations/{id} 404',
      'GET /api/v1/survey-responses/{id} 403',
    ]);
    expect(walk.unsucceeded()).toEqual([]);
    expect(walk.underscoreLeaks()).toEqual([]);
    expect(walk.undeclaredStatuses()).toEqual([]);
    expect(operationsWithoutSchemas(document)).toEqual([]);
  });
});
