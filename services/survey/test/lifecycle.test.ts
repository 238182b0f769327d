import { randomUUID } from 'node:crypto';
import { SURVEY_INVITATION_EXPIRED_V1, SURVEY_INVITATION_REMINDED_V1, TOPICS, type NotificationRequestedV1 } from '@aftercare/contracts';
import { assertValidEvent, until } from '@aftercare/testing';
import { InvitationLifecycleJob } from '../src/survey/application/invitation-lifecycle.job';
import { jobInvitationId } from '../src/survey/domain';
import { InvitationRepository } from '../src/survey/infrastructure/invitation.repository';
import { startSurvey, tokenOf, type SurveyTestApp } from './support/survey-app';

const HOUR = 3_600_000;
const allFour = () => ['attitude', 'technical_skill', 'arrival_time', 'commitments_kept'].map((criterion) => ({ criterion, level: 4 }));

describe('reminders and expiry of survey links (the lifecycle job)', () => {
  let survey: SurveyTestApp;
  // The timer stays out of the way: the test runs passes at chosen instants.
  const job = () => survey.app.get(InvitationLifecycleJob);
  const invitations = () => survey.app.get(InvitationRepository);
  const invitationTopic = () => survey.topic(TOPICS.surveyInvitationEvents.name);
  const linkRequestsOf = (caseId: string) =>
    survey.probe
      .on(survey.topic(TOPICS.notificationRequests.name))
      .map((m) => JSON.parse(m.value ?? '{}') as NotificationRequestedV1)
      .filter((n) => n.caseId === caseId && n.purpose === 'survey_link');

  beforeAll(async () => {
    survey = await startSurvey('lifecycle', {
      watch: [TOPICS.surveyInvitationEvents.name],
      env: { SURVEY_LIFECYCLE_INTERVAL_MS: String(24 * HOUR), SURVEY_REMIND_AFTER_HOURS: '48', SURVEY_EXPIRE_AFTER_HOURS: '120' },
    });
  });
  afterAll(() => survey?.close());

  async function invited(): Promise<{ caseId: string; workOrderId: string; id: string; token: string; sentAt: Date }> {
    const caseId = `sr-${randomUUID()}`;
    const workOrderId = `wo-${randomUUID()}`;
    await survey.registerCase(caseId, { name: 'Zhao Min' });
    await survey.verifyWorkOrder(caseId, workOrderId);
    const token = tokenOf(await survey.surveyLinkOf(caseId));
    const id = jobInvitationId('acme', workOrderId);
    const invitation = await invitations().findById('acme', id);
    return { caseId, workOrderId, id, token, sentAt: invitation?.state.sentAt as Date };
  }

  it('reminds once with the same link after the tenant\'s reminder time, expires at its expiry; an answered one is left alone', async () => {
    const open = await invited();
    const answered = await invited();
    const answer = await fetch(`${survey.baseUrl}/api/v1/survey-answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: answered.token, ratings: allFour() }),
    });
    expect(answer.status).toBe(201);
    const at = (hours: number) => new Date(Math.max(open.sentAt.getTime(), answered.sentAt.getTime()) + hours * HOUR);

    await job().runOnce(at(47));
    expect((await invitations().findById('acme', open.id))?.status).toBe('sent');

    await job().runOnce(at(49));
    await job().runOnce(at(50)); // a second pass does not remind again
    expect((await invitations().findById('acme', open.id))?.state).toMatchObject({ status: 'reminded', remindedAt: at(49) });
    await until(() => linkRequestsOf(open.caseId).length >= 2, 20_000, 'the reminder');
    const [first, reminder] = linkRequestsOf(open.caseId);
    expect(reminder).toMatchObject({ template: 'survey-reminder', recipient: { name: 'Zhao Min' }, parameters: { workOrderId: open.workOrderId } });
    expect(first.template).toBe('survey-invitation');
    expect(reminder.parameters.link).toBe(first.parameters.link);

    await job().runOnce(at(121));
    expect((await invitations().findById('acme', open.id))?.state).toMatchObject({ status: 'expired', expiredAt: at(121) });
    expect((await invitations().findById('acme', answered.id))?.status).toBe('responded');

    await until(() => survey.probe.on(invitationTopic()).filter((m) => m.key === open.id).length >= 4, 20_000, 'invitation events');
    const types = survey.probe.on(invitationTopic()).filter((m) => m.key === open.id).map((m) => assertValidEvent(m).type);
    expect(types.slice(2)).toEqual([SURVEY_INVITATION_REMINDED_V1, SURVEY_INVITATION_EXPIRED_V1]);
    expect(linkRequestsOf(open.caseId)).toHaveLength(2);
    expect(linkRequestsOf(answered.caseId)).toHaveLength(1);
  });
});
