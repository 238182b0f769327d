import { randomUUID } from 'node:crypto';
import {
  NOTIFICATION_REQUESTED_V1,
  SURVEY_INVITATION_SCHEDULED_V1,
  SURVEY_INVITATION_SENT_V1,
  TOPICS,
  WORK_ORDER_CANCELLED_V1,
  type NotificationRequestedV1,
} from '@aftercare/contracts';
import { assertValidEvent, until } from '@aftercare/testing';
import { jobInvitationId } from '../src/survey/domain';
import { InvitationRepository } from '../src/survey/infrastructure/invitation.repository';
import { example, startSurvey, type SurveyTestApp } from './support/survey-app';

describe('an invitation after every verified work order', () => {
  let survey: SurveyTestApp;
  const invitationTopic = () => survey.topic(TOPICS.surveyInvitationEvents.name);
  const notificationTopic = () => survey.topic(TOPICS.notificationRequests.name);

  beforeAll(async () => {
    survey = await startSurvey('invitations', { watch: [TOPICS.surveyInvitationEvents.name] });
  });
  afterAll(() => survey?.close());

  const invitationEventsOf = (workOrderId: string) =>
    survey.probe.on(invitationTopic()).filter((m) => m.key === jobInvitationId('acme', workOrderId));
  const surveyLinksOf = (caseId: string) =>
    survey.probe.on(notificationTopic()).filter((m) => (JSON.parse(m.value ?? '{}') as NotificationRequestedV1).caseId === caseId);

  it('invites once per verified order under redelivery, and sends the link as a notification request', async () => {
    const caseId = `sr-${randomUUID()}`;
    const workOrderId = `wo-${randomUUID()}`;
    await survey.registerCase(caseId, { name: 'Wang Fang' });
    const messageId = randomUUID();
    await survey.verifyWorkOrder(caseId, workOrderId, { messageId });
    await survey.verifyWorkOrder(caseId, workOrderId, { messageId }); // the same message again
    await survey.verifyWorkOrder(caseId, workOrderId); // a second delivery under another id
    // A message sent after the three on the same partition: once its invitation exists, the three were handled.
    const markerCase = `sr-${randomUUID()}`;
    await survey.registerCase(markerCase);
    await survey.verifyWorkOrder(markerCase, `wo-${randomUUID()}`, { key: workOrderId });
    await survey.surveyLinkOf(markerCase);

    const invitation = await survey.app.get(InvitationRepository).findById('acme', jobInvitationId('acme', workOrderId));
    expect(invitation?.state).toMatchObject({ status: 'sent', caseId, workOrderId, technicianId: 'tech-li-na', templateId: 'default', templateVersion: 1 });
    await until(() => invitationEventsOf(workOrderId).length >= 2, 20_000, 'invitation events');
    const events = invitationEventsOf(workOrderId).map((m) => assertValidEvent(m));
    expect(events.map((e) => e.type)).toEqual([SURVEY_INVITATION_SCHEDULED_V1, SURVEY_INVITATION_SENT_V1]);
    expect(events.every((e) => e.caseId === caseId)).toBe(true);

    const links = surveyLinksOf(caseId);
    expect(links).toHaveLength(1);
    const request = assertValidEvent<NotificationRequestedV1>(links[0]);
    expect(request.type).toBe(NOTIFICATION_REQUESTED_V1);
    expect(request.data).toMatchObject({ purpose: 'survey_link', caseId, recipient: { name: 'Wang Fang' }, requestedBy: 'survey' });
    expect(String(request.data.parameters.link)).toMatch(/\/api\/v1\/s\/acme\.job-[0-9a-f]{32}\.\d+\.[A-Za-z0-9_-]+$/);
  });

  it('a cancelled order gets no survey', async () => {
    const caseId = `sr-${randomUUID()}`;
    const workOrderId = `wo-${randomUUID()}`;
    await survey.registerCase(caseId);
    await survey.sendWorkOrderEvent(WORK_ORDER_CANCELLED_V1, { ...example(WORK_ORDER_CANCELLED_V1), workOrderId, caseId, tenantId: 'acme' });
    const markerCase = `sr-${randomUUID()}`;
    await survey.registerCase(markerCase);
    await survey.verifyWorkOrder(markerCase, `wo-${randomUUID()}`, { key: workOrderId });
    await survey.surveyLinkOf(markerCase);

    expect(await survey.app.get(InvitationRepository).findById('acme', jobInvitationId('acme', workOrderId))).toBeNull();
    expect(surveyLinksOf(caseId)).toHaveLength(0);
  });
});
