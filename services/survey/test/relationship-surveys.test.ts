import { randomUUID } from 'node:crypto';
import { NOTIFICATION_REQUESTED_V2, TOPICS, type NotificationRequestedV2 } from '@aftercare/contracts';
import { assertValidEvent, until } from '@aftercare/testing';
import { InvitationLifecycleJob } from '../src/survey/application/invitation-lifecycle.job';
import { nextRelationshipSurveyAt } from '../src/survey/domain';
import { InvitationRepository } from '../src/survey/infrastructure/invitation.repository';
import { RelationshipScheduleStore } from '../src/survey/infrastructure/relationship-schedule.store';
import { startSurvey, tokenOf, type SurveyTestApp } from './support/survey-app';

const HOUR = 3_600_000;

interface ScheduleBody {
  customerId: string;
  cadence: string;
  cadenceOfCustomer: boolean;
  anchor: string;
  nextAt: string;
  invitationId: string;
}

/**
 * Periodic relationship surveys per customer: enrolled with the customer's first case on the
 * tenant's cadence (yearly by default), the customer's own cadence moves the next date, and when
 * the date comes the lifecycle job sends the link to the customer (a v2 notification request
 * without a case), then schedules the next one.
 */
describe('relationship surveys per customer', () => {
  let survey: SurveyTestApp;
  const job = () => survey.app.get(InvitationLifecycleJob);
  const invitations = () => survey.app.get(InvitationRepository);
  const requestsFor = (customerId: string) =>
    survey.probe
      .on(survey.topic(TOPICS.notificationRequests.name))
      .filter((m) => m.headers.ce_type === NOTIFICATION_REQUESTED_V2)
      .filter((m) => (JSON.parse(m.value ?? '{}') as NotificationRequestedV2).customerId === customerId);
  const schedule = async (customerId: string) => {
    const answer = await survey.request('GET', `/api/v1/relationship-surveys/${customerId}`, { roles: ['agent'] });
    return { status: answer.status, body: (await answer.json()) as ScheduleBody };
  };

  beforeAll(async () => {
    // The timer stays out of the way: the test runs passes at chosen instants.
    survey = await startSurvey('relationship', { env: { SURVEY_LIFECYCLE_INTERVAL_MS: String(24 * HOUR) } });
  });
  afterAll(() => survey?.close());

  it("enrols the customer once with the first case, moves the next date with the customer's cadence, sends the link when due and schedules the next", async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    await survey.registerCase(`sr-${randomUUID()}`, { customerId, name: 'Wang Fang' });
    await until(async () => (await schedule(customerId)).status === 200, 30_000, 'the customer was not enrolled');
    const enrolled = (await schedule(customerId)).body;
    const anchor = new Date(enrolled.anchor);
    expect(enrolled).toMatchObject({ customerId, cadence: 'yearly', cadenceOfCustomer: false, nextAt: nextRelationshipSurveyAt(anchor, 'yearly').toISOString() });
    expect((await invitations().findById('acme', enrolled.invitationId))?.state).toMatchObject({ kind: 'relationship', status: 'scheduled', caseId: null, customerId });

    // A second case of the customer enrols nothing more; it refreshes the contact.
    await survey.registerCase(`sr-${randomUUID()}`, { customerId, name: 'Wang Fang (site office)' });
    const schedules = survey.app.get(RelationshipScheduleStore);
    await until(async () => (await schedules.find('acme', customerId))?.contact.name === 'Wang Fang (site office)', 30_000, 'the second case was not handled');
    expect((await schedule(customerId)).body).toEqual(enrolled);

    // Quarterly: the next date moves, counted from the same anchor, and the waiting invitation with it.
    const read = await survey.request('GET', `/api/v1/relationship-surveys/${customerId}`, { roles: ['manager'] });
    const etag = read.headers.get('etag')!;
    expect(etag).toMatch(/^"\d+"$/);
    const stale = await survey.request('PUT', `/api/v1/relationship-surveys/${customerId}/cadence`, { body: { cadence: 'half_yearly' }, headers: { 'if-match': `"${Number(etag.slice(1, -1)) + 5}"` } });
    expect(stale.status).toBe(412);
    const changed = await survey.request('PUT', `/api/v1/relationship-surveys/${customerId}/cadence`, { body: { cadence: 'quarterly' }, headers: { 'if-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe(`"${Number(etag.slice(1, -1)) + 1}"`);
    const quarterly = nextRelationshipSurveyAt(anchor, 'quarterly');
    expect(await changed.json()).toMatchObject({ cadence: 'quarterly', cadenceOfCustomer: true, anchor: enrolled.anchor, nextAt: quarterly.toISOString(), invitationId: enrolled.invitationId });
    expect((await invitations().findById('acme', enrolled.invitationId))?.nextCheckAt).toEqual(quarterly);

    // Not yet due: nothing goes out. Due: the link goes to the customer, no case.
    await job().runOnce(new Date(quarterly.getTime() - HOUR));
    expect((await invitations().findById('acme', enrolled.invitationId))?.status).toBe('scheduled');
    const sentAt = new Date(quarterly.getTime() + HOUR);
    await job().runOnce(sentAt);
    await until(() => requestsFor(customerId).length > 0, 30_000, 'no relationship survey link was requested');
    const [message] = requestsFor(customerId);
    const request = assertValidEvent<NotificationRequestedV2>(message).data;
    expect(message.key).toBe(customerId);
    expect(request).toMatchObject({ caseId: null, customerId, purpose: 'survey_link', template: 'relationship-survey-invitation', recipient: { name: 'Wang Fang (site office)' } });

    // The customer answers through the link; the next survey waits a quarter from the sending.
    const answered = await fetch(`${survey.baseUrl}/api/v1/survey-answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tokenOf(String(request.parameters.link)), ratings: ['attitude', 'technical_skill', 'arrival_time', 'commitments_kept'].map((criterion) => ({ criterion, level: 4 })) }),
    });
    expect(answered.status).toBe(201);
    const next = (await schedule(customerId)).body;
    expect(next).toMatchObject({ cadence: 'quarterly', anchor: sentAt.toISOString(), nextAt: nextRelationshipSurveyAt(sentAt, 'quarterly').toISOString() });
    expect(next.invitationId).not.toBe(enrolled.invitationId);
    expect((await invitations().findById('acme', next.invitationId))?.status).toBe('scheduled');
    await job().runOnce(new Date(sentAt.getTime() + HOUR));
    expect(requestsFor(customerId)).toHaveLength(1);
  });

  it("moves the next date of the customers without a cadence of their own when the tenant's cadence changes; a customer's own cadence stays", async () => {
    const tenant = `cad-${randomUUID().slice(0, 8)}`;
    const follower = `cust-${randomUUID().slice(0, 8)}`;
    const own = `cust-${randomUUID().slice(0, 8)}`;
    const scheduleOf = async (customerId: string) => {
      const answer = await survey.request('GET', `/api/v1/relationship-surveys/${customerId}`, { roles: ['agent'], tenant });
      return { status: answer.status, body: (await answer.json()) as ScheduleBody };
    };
    await survey.registerCase(`sr-${randomUUID()}`, { tenantId: tenant, customerId: follower });
    await survey.registerCase(`sr-${randomUUID()}`, { tenantId: tenant, customerId: own });
    await until(async () => (await scheduleOf(follower)).status === 200 && (await scheduleOf(own)).status === 200, 30_000, 'the customers were not enrolled');
    const ownChange = await survey.request('PUT', `/api/v1/relationship-surveys/${own}/cadence`, { tenant, body: { cadence: 'quarterly' } });
    expect(ownChange.status).toBe(200);
    const ownBefore = (await scheduleOf(own)).body;
    const before = (await scheduleOf(follower)).body;
    expect(before).toMatchObject({ cadence: 'yearly', cadenceOfCustomer: false });

    const settings = await survey.request('PUT', '/api/v1/admin/survey-settings', {
      tenant,
      body: {
        remindAfterHours: 72,
        expireAfterHours: 336,
        defaultThreshold: 2,
        thresholds: [],
        defaultTargetPercent: 85,
        targets: [],
        relationshipCadence: 'half_yearly',
        timeZone: 'Asia/Shanghai',
      },
    });
    expect(settings.status).toBe(200);

    const halfYearly = nextRelationshipSurveyAt(new Date(before.anchor), 'half_yearly');
    expect((await scheduleOf(follower)).body).toMatchObject({ cadence: 'half_yearly', cadenceOfCustomer: false, anchor: before.anchor, nextAt: halfYearly.toISOString(), invitationId: before.invitationId });
    expect((await invitations().findById(tenant, before.invitationId))?.state).toMatchObject({ status: 'scheduled', sendAt: halfYearly });
    expect((await scheduleOf(own)).body).toEqual(ownBefore);
  });

  it('answers 404 for a customer never enrolled and 400 for an unknown cadence', async () => {
    expect((await survey.request('GET', '/api/v1/relationship-surveys/cust-nobody', { roles: ['agent'] })).status).toBe(404);
    expect((await survey.request('PUT', '/api/v1/relationship-surveys/cust-nobody/cadence', { body: { cadence: 'quarterly' } })).status).toBe(404);
    expect((await survey.request('PUT', '/api/v1/relationship-surveys/cust-nobody/cadence', { body: { cadence: 'weekly' } })).status).toBe(400);
    expect((await survey.request('PUT', '/api/v1/relationship-surveys/cust-nobody/cadence', { roles: ['agent'], body: { cadence: 'yearly' } })).status).toBe(403);
  });
});
