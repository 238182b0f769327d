import { DomainError } from '@aftercare/ddd';
import { SurveyInvitation, jobInvitationId, relationshipInvitationId } from './invitation';
import { invitationStateMachine } from './invitation.state-machine';
import { HOUR, T0, jobSurvey, sentInvitation, settings } from './testing/builders';

const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'no error';
};

describe('SurveyInvitation', () => {
  describe('scheduling', () => {
    it('schedules one job survey per work order: the id derives from tenant and order', () => {
      const invitation = SurveyInvitation.scheduleForWorkOrder(jobSurvey());
      expect(invitation.id).toBe(jobInvitationId('acme', 'wo-1'));
      expect(SurveyInvitation.scheduleForWorkOrder(jobSurvey()).id).toBe(invitation.id);
      expect(jobInvitationId('globex', 'wo-1')).not.toBe(invitation.id);
      expect(invitation.status).toBe('scheduled');
      expect(invitation.nextCheckAt).toEqual(T0);
      expect(invitation.pendingFacts).toEqual([{ kind: 'scheduled', at: T0 }]);
    });

    it('schedules a relationship survey per customer and due date, without case or technician', () => {
      const invitation = SurveyInvitation.scheduleRelationship({ tenantId: 'acme', customerId: 'cust-1', templateId: 'default', templateVersion: 1, language: 'en', at: T0 });
      expect(invitation.id).toBe(relationshipInvitationId('acme', 'cust-1', T0));
      expect(invitation.state).toMatchObject({ kind: 'relationship', caseId: null, workOrderId: null, technicianId: null, customerId: 'cust-1' });
    });

    it('a relationship survey waits for its due date, and moves while scheduled when the cadence changes', () => {
      const invitation = SurveyInvitation.scheduleRelationship({ tenantId: 'acme', customerId: 'cust-1', templateId: 'default', templateVersion: 1, language: 'en', at: T0 });
      expect(invitation.isDueToSend(new Date(T0.getTime() - 1))).toBe(false);
      expect(invitation.isDueToSend(T0)).toBe(true);
      const later = new Date(T0.getTime() + 24 * HOUR);
      invitation.reschedule(later);
      expect(invitation.id).toBe(relationshipInvitationId('acme', 'cust-1', T0));
      expect(invitation.nextCheckAt).toEqual(later);
      expect(invitation.isDueToSend(T0)).toBe(false);
      expect(codeOf(() => invitation.reschedule(new Date('nope')))).toBe('SURVEY_INVITATION_INVALID');
      invitation.send(settings(), later);
      expect(invitation.isDueToSend(later)).toBe(false);
      expect(codeOf(() => invitation.reschedule(T0))).toBe('SURVEY_INVITATION_INVALID');
    });

    it('a job survey never moves: it goes out when its order is verified', () => {
      const invitation = SurveyInvitation.scheduleForWorkOrder(jobSurvey());
      expect(codeOf(() => invitation.reschedule(new Date(T0.getTime() + HOUR)))).toBe('SURVEY_INVITATION_INVALID');
    });

    it('refuses a job survey without its order, case or technician, and a bad template version or language', () => {
      expect(() => SurveyInvitation.scheduleForWorkOrder(jobSurvey({ workOrderId: ' ', technicianId: '' }))).toThrow(/workOrderId is required; technicianId is required/);
      expect(() => SurveyInvitation.scheduleForWorkOrder(jobSurvey({ templateVersion: 0, language: 'fr' as never }))).toThrow(/templateVersion.*language/);
      expect(() => SurveyInvitation.scheduleForWorkOrder(jobSurvey({ at: new Date('nope') }))).toThrow(/at must be an instant/);
    });
  });

  describe('scheduled → sent → reminded → responded | expired', () => {
    it('sending sets the reminder and the expiry from the tenant settings', () => {
      const invitation = SurveyInvitation.scheduleForWorkOrder(jobSurvey());
      invitation.send(settings({ remindAfterHours: 48, expireAfterHours: 240 }), T0);
      expect(invitation.state).toMatchObject({ status: 'sent', sentAt: T0, remindAt: new Date(T0.getTime() + 48 * HOUR), expiresAt: new Date(T0.getTime() + 240 * HOUR) });
      expect(invitation.nextCheckAt).toEqual(new Date(T0.getTime() + 48 * HOUR));
    });

    it('reminds once the reminder is due, then the next check is the expiry', () => {
      const invitation = sentInvitation();
      expect(codeOf(() => invitation.remind(new Date(T0.getTime() + 71 * HOUR)))).toBe('SURVEY_INVITATION_INVALID');
      invitation.remind(new Date(T0.getTime() + 72 * HOUR));
      expect(invitation.status).toBe('reminded');
      expect(invitation.nextCheckAt).toEqual(invitation.expiresAt);
      expect(codeOf(() => invitation.remind(new Date(T0.getTime() + 80 * HOUR)))).toBe('SURVEY_INVITATION_ILLEGAL_TRANSITION');
    });

    it('does not remind after the link expired', () => {
      expect(codeOf(() => sentInvitation().remind(new Date(T0.getTime() + 14 * 24 * HOUR)))).toBe('SURVEY_LINK_GONE');
    });

    it('expires only at its expiry, from sent or reminded', () => {
      const invitation = sentInvitation();
      expect(codeOf(() => invitation.expire(new Date(T0.getTime() + 14 * 24 * HOUR - 1)))).toBe('SURVEY_INVITATION_INVALID');
      invitation.expire(new Date(T0.getTime() + 14 * 24 * HOUR));
      expect(invitation.status).toBe('expired');
      expect(invitation.nextCheckAt).toBeNull();
      const reminded = sentInvitation();
      reminded.remind(new Date(T0.getTime() + 100 * HOUR));
      reminded.expire(new Date(T0.getTime() + 15 * 24 * HOUR));
      expect(reminded.pendingFacts.map((f) => f.kind)).toEqual(['reminded', 'expired']);
    });

    it('is answered once: a second answer is gone (410)', () => {
      const invitation = sentInvitation();
      invitation.respond('resp-1', new Date(T0.getTime() + HOUR));
      expect(invitation.state).toMatchObject({ status: 'responded', responseId: 'resp-1' });
      expect(invitation.nextCheckAt).toBeNull();
      expect(codeOf(() => invitation.respond('resp-1', new Date(T0.getTime() + 2 * HOUR)))).toBe('SURVEY_LINK_GONE');
    });

    it('an expired link cannot be answered, even before the job marked it expired', () => {
      expect(codeOf(() => sentInvitation().respond('resp-1', new Date(T0.getTime() + 14 * 24 * HOUR)))).toBe('SURVEY_LINK_GONE');
    });

    it('a link not sent yet cannot be answered', () => {
      expect(codeOf(() => SurveyInvitation.scheduleForWorkOrder(jobSurvey()).respond('resp-1', T0))).toBe('SURVEY_INVITATION_NOT_FOUND');
    });

    it('a reminded link can still be answered', () => {
      const invitation = sentInvitation();
      invitation.remind(new Date(T0.getTime() + 80 * HOUR));
      invitation.respond('resp-1', new Date(T0.getTime() + 81 * HOUR));
      expect(invitation.status).toBe('responded');
    });

    describe('what time does (the lifecycle job)', () => {
      const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

      it('nothing before the reminder time', () => {
        const invitation = sentInvitation();
        expect(invitation.passTime(at(71))).toBeNull();
        expect(invitation.pendingFacts).toEqual([]);
      });

      it('reminds a sent invitation once, then expires it at its expiry', () => {
        const invitation = sentInvitation();
        expect(invitation.passTime(at(72))).toBe('reminded');
        expect(invitation.passTime(at(100))).toBeNull();
        expect(invitation.passTime(at(14 * 24))).toBe('expired');
        expect(invitation.passTime(at(15 * 24))).toBeNull();
        expect(invitation.pendingFacts.map((f) => f.kind)).toEqual(['reminded', 'expired']);
        expect(invitation.nextCheckAt).toBeNull();
      });

      it('a pass after the expiry expires without a reminder for the dead link', () => {
        const invitation = sentInvitation();
        expect(invitation.passTime(at(20 * 24))).toBe('expired');
        expect(invitation.pendingFacts.map((f) => f.kind)).toEqual(['expired']);
      });

      it('leaves answered and not-yet-sent invitations alone', () => {
        const answered = sentInvitation();
        answered.respond('resp-1', at(1));
        answered.markPersisted(2);
        expect(answered.passTime(at(20 * 24))).toBeNull();
        expect(answered.pendingFacts).toEqual([]);
        expect(SurveyInvitation.scheduleForWorkOrder(jobSurvey()).passTime(at(20 * 24))).toBeNull();
      });
    });

    it.each(invitationStateMachine.actions())('a failed %s records nothing', (action) => {
      const invitation = sentInvitation();
      invitation.respond('resp-1', T0);
      invitation.markPersisted(2);
      const run = {
        send: () => invitation.send(settings(), T0),
        remind: () => invitation.remind(new Date(T0.getTime() + 100 * HOUR)),
        respond: () => invitation.respond('resp-2', T0),
        expire: () => invitation.expire(new Date(T0.getTime() + 400 * HOUR)),
      }[action];
      expect(run).toThrow(DomainError);
      expect(invitation.pendingFacts).toEqual([]);
      expect(invitation.pendingEvents).toEqual([]);
    });
  });

  it('round-trips through its snapshot', () => {
    const invitation = sentInvitation();
    invitation.markHandled('msg-1');
    const copy = SurveyInvitation.fromSnapshot(invitation.toSnapshot());
    expect(copy.toSnapshot()).toEqual(invitation.toSnapshot());
    expect(copy.hasHandled('msg-1')).toBe(true);
  });
});
