import { randomUUID } from 'node:crypto';
/**
 * claims's HTTP contract against the real stack: every route of the OpenAPI document is called on
 * real data (a claim through the whole 8D, one rejected, a complaint to closure); no answer holds a
 * field starting with `_`; every status and schema is in the document; a stale If-Match is 412.
 */
import { ApiWalk, fillPath, operationsWithoutSchemas, type OpenApiDocument } from '@aftercare/testing';
import { QualityClaim } from '../src/quality-claim/domain';
import { QualityClaimRepository } from '../src/quality-claim/infrastructure/quality-claim.repository';
import { startClaims, type ClaimsTestApp, type RequestOptions } from './support/claims-app';

jest.setTimeout(120_000);

let h: ClaimsTestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  h = await startClaims('http-contract');
  document = (await (await fetch(`${h.baseUrl}/api/docs/openapi.json`)).json()) as OpenApiDocument;
}, 120_000);

afterAll(() => h?.close());

const MANAGER: RequestOptions = { roles: ['service_manager'], subject: 'sm-zhou' };
const DEPUTY_GM: RequestOptions = { roles: ['deputy_gm'], subject: 'dgm-zhao' };

describe('every route of the OpenAPI document', () => {
  it('answers with success, without `_` fields, with declared statuses; every response has a schema', async () => {
    const walk = new ApiWalk(document);
    const call = async (method: string, template: string, params: Record<string, string>, options: RequestOptions = {}) =>
      walk.record(method, `/api/v1${template}`, await h.request(method, fillPath(template, params), options)) as Promise<Record<string, unknown>>;
    const QC = '/quality-claims/{id}';
    const step = (id: string, name: string, body: unknown, options: RequestOptions = {}) => call('POST', `${QC}/${name}`, { id }, { ...options, body });

    const claim = await call('POST', '/quality-claims', {}, { body: { caseId: `sr-${randomUUID()}`, problem: { what: 'Seal leaks after 200 h' } } });
    const id = claim.id as string;
    await step(id, 'customer-contacts', { kind: 'first_contact' });
    await step(id, 'triage', { urgency: 'normal', severity: 'minor', department: 'quality', responsibility: 'undetermined', productionStopped: false });
    await call('PUT', `${QC}/team`, { id }, { body: { leader: { id: 'qe-chen', name: 'Chen Jie', role: 'quality_engineer' }, members: [] } });
    await step(id, 'notes', { text: 'Customer informed' });
    await step(id, 'containment', { actions: 'Quarantine', quantitySuspect: 10, quantityContained: 10, locations: ['Plant 2'] });
    await step(id, 'root-cause', { whyChain: ['Seal cracked'], rootCause: 'Oven drift', escapePoint: 'No hardness check', responsibility: 'manufacturing' });
    await step(id, 'actions', { actions: [{ description: 'Calibrate monthly', owner: 'eng-sun', deadline: '2020-01-01T00:00:00.000Z' }] });
    await call('GET', '/quality-claims/overdue-actions', {});
    await step(id, 'implementation', { summary: 'Done', evidence: ['cal.pdf'] });
    await step(id, 'verification', { result: 'No leak', prevention: { documentsChanged: ['WI-3'], fmeaUpdated: true, controlPlanUpdated: false } });
    await step(id, 'recognition', { note: 'Thanks' });
    await step(id, 'close', {});
    await call('GET', QC, { id });
    await call('GET', `${QC}/report`, { id });
    await call('GET', '/quality-claims', {});

    // A claim whose reply to the customer is long overdue (the API opens claims only now), explained by quality.
    const openedAt = new Date('2024-05-06T02:00:00Z');
    const overdueReply = QualityClaim.open({
      id: `qc-${randomUUID()}`,
      tenantId: 'acme',
      caseId: `sr-${randomUUID()}`,
      origin: 'manual',
      originReference: 'walk',
      problem: { what: 'Seal leaks' },
      deadlines: { firstContactDueAt: new Date(openedAt.getTime() + 48 * 3_600_000), rectificationStatusDueAt: new Date(openedAt.getTime() + 72 * 3_600_000) },
      at: openedAt,
    });
    await h.app.get(QualityClaimRepository).save(overdueReply);
    await step(overdueReply.id, 'late-reply-explanation', { explanation: 'Lab report came late' });

    const other = (await call('POST', '/quality-claims', {}, { body: { caseId: `sr-${randomUUID()}`, problem: { what: 'Pump noisy' } } })).id as string;
    await step(other, 'reject', { reason: 'Not our product', customerMisuse: false });

    const complaint = await call('POST', '/service-complaints', {}, { body: { caseId: `sr-${randomUUID()}`, channel: 'phone', level: 'serious', complainantName: 'Li Wei', content: 'Late' } });
    const cid = complaint.id as string;
    await call('POST', '/service-complaints/{id}/response', { id: cid }, { body: { note: 'Called back' } });
    await call('POST', '/service-complaints/{id}/check', { id: cid }, { body: { confirmed: true, findings: 'Confirmed' } });
    await call('POST', '/service-complaints/{id}/close', { id: cid }, { ...MANAGER, body: { result: 'x' } });
    await call('POST', '/service-complaints/{id}/close', { id: cid }, { ...DEPUTY_GM, body: { result: 'Confirmed; coached' } });
    await call('GET', '/service-complaints/{id}', { id: cid });
    await call('GET', '/service-complaints', {});

    const RA = '/return-authorizations/{id}';
    const rma = (await call('POST', '/return-authorizations', {}, { body: { caseId: `sr-${randomUUID()}`, lot: 'LOT-1', quantityExpected: 10 } })).id as string;
    await call('POST', `${RA}/details`, { id: rma }, { roles: ['agent'], subject: 'agent-li', body: { quantityExpected: 10 } });
    await call('POST', `${RA}/approve`, { id: rma });
    await call('POST', `${RA}/goods-received`, { id: rma }, { roles: ['warehouse'], subject: 'wh-liu', body: { quantityReceived: 9 } });
    await call('POST', `${RA}/inspection`, { id: rma }, { body: { defectConfirmed: true, defectiveQuantity: 2, samplesKept: 1, findings: 'Two leak' } });
    await call('POST', `${RA}/disposition`, { id: rma }, { body: { kind: 'replace' } });
    await call('POST', `${RA}/complete`, { id: rma });
    await call('GET', RA, { id: rma });
    await call('GET', '/return-authorizations', {});
    const refused = (await call('POST', '/return-authorizations', {}, { body: { caseId: `sr-${randomUUID()}`, lot: 'LOT-2', quantityExpected: 1 } })).id as string;
    await call('POST', `${RA}/reject`, { id: refused }, { body: { reason: 'Outside the return period' } });
    await call('GET', '/claims-month-figures/{month}', { month: new Date().toISOString().slice(0, 7) });
    await walk.record('GET', '/api/v1/escalations', await h.request('GET', '/escalations?role=quality_engineer'));

    await call('POST', '/admin/tenants', {}, { roles: ['operator'], body: { id: `walk-${randomUUID().slice(0, 8)}`, name: 'Walk Co.' } });
    await call('GET', '/admin/tenants', {}, { roles: ['operator'] });

    // Error answers are problem details without `_` fields too.
    await call('GET', QC, { id: 'qc-missing' });
    await step(other, 'close', {});

    expect(walk.unsucceeded()).toEqual([]);
    expect(walk.underscoreLeaks()).toEqual([]);
    expect(walk.undeclaredStatuses()).toEqual([]);
    expect(operationsWithoutSchemas(document)).toEqual([]);
  });
});

describe('ETag and If-Match', () => {
  it('a stale If-Match is 412 and changes nothing; the current ETag succeeds', async () => {
    const created = await h.request('POST', '/quality-claims', { body: { caseId: `sr-${randomUUID()}`, problem: { what: 'Seal leaks' } } });
    const id = ((await created.json()) as { id: string }).id;
    const etag = created.headers.get('etag')!;
    expect(etag).toBe('"1"');
    const noted = await h.request('POST', `/quality-claims/${id}/notes`, { body: { text: 'first' }, headers: { 'if-match': etag } });
    expect([noted.status, noted.headers.get('etag')]).toEqual([200, '"2"']);
    const stale = await h.request('POST', `/quality-claims/${id}/notes`, { body: { text: 'second' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
    const read = (await (await h.request('GET', `/quality-claims/${id}`)).json()) as { version: number; notes: unknown[] };
    expect([read.version, read.notes.length]).toEqual([2, 1]);
  });
});
