import { SurveyInvitation, type ScheduleJobSurvey } from '../invitation';
import { DEFAULT_SURVEY_SETTINGS, type SurveySettings } from '../survey-settings';

export const T0 = new Date('2026-03-11T10:00:00.000Z');
export const HOUR = 60 * 60 * 1000;

export function jobSurvey(overrides: Partial<ScheduleJobSurvey> = {}): ScheduleJobSurvey {
  return {
    tenantId: 'acme',
    caseId: 'sr-1',
    workOrderId: 'wo-1',
    technicianId: 'tech-li',
    customerId: 'cust-1',
    templateId: 'default',
    templateVersion: 1,
    language: 'zh',
    at: T0,
    ...overrides,
  };
}

export function settings(overrides: Partial<SurveySettings> = {}): SurveySettings {
  return { ...DEFAULT_SURVEY_SETTINGS, ...overrides };
}

/** An invitation sent at T0 (reminder after 72 h, expiry after 14 days by default). */
export function sentInvitation(overrides: Partial<ScheduleJobSurvey> = {}): SurveyInvitation {
  const invitation = SurveyInvitation.scheduleForWorkOrder(jobSurvey(overrides));
  invitation.send(settings(), T0);
  invitation.markPersisted(1);
  return invitation;
}

export const ALL_FOUR = { attitude: 4, technical_skill: 4, arrival_time: 4, commitments_kept: 4 };
