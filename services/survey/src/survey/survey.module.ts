import { Module } from '@nestjs/common';
import { AnswerLinks } from './application/answer-links';
import { AnswerSurvey } from './application/answer-survey';
import { InviteAfterVerifiedOrder } from './application/invite-after-verified-order';
import { InvitationLifecycleJob } from './application/invitation-lifecycle.job';
import { AnswerPageController } from './inbound/answer-page.controller';
import { CaseContactHandler } from './inbound/case-contact.handler';
import { SurveyAnswersController } from './inbound/survey-answers.controller';
import { SurveyRecordsController } from './inbound/survey-records.controller';
import { SurveyScoresController } from './inbound/survey-scores.controller';
import { SurveyScores } from './application/survey-scores';
import { SurveyAdmin } from './application/survey-admin';
import { MonthReviewJob } from './application/month-review.job';
import { MonthFollowUpRepository } from './infrastructure/month-follow-up.repository';
import { MonthReviews } from './infrastructure/month-reviews.store';
import { SurveyAdminController } from './inbound/survey-admin.controller';
import { VerifiedOrderHandler } from './inbound/verified-order.handler';
import { RelationshipSurveysController } from './inbound/relationship-surveys.controller';
import { RelationshipSurveys } from './application/relationship-surveys';
import { RelationshipScheduleStore } from './infrastructure/relationship-schedule.store';
import { CaseContactStore } from './infrastructure/case-contact.store';
import { InvitationRepository } from './infrastructure/invitation.repository';
import { ResponseRepository } from './infrastructure/response.repository';
import { SurveySettingsStore } from './infrastructure/survey-settings.store';
import { TemplateStore } from './infrastructure/template.store';

/** Invitations after verified orders and periodic relationship surveys, their reminders and expiry, the answer page and API, responses with their low scores. */
@Module({
  controllers: [SurveyAnswersController, SurveyRecordsController, SurveyScoresController, SurveyAdminController, RelationshipSurveysController, AnswerPageController, VerifiedOrderHandler, CaseContactHandler],
  providers: [
    InvitationRepository,
    ResponseRepository,
    CaseContactStore,
    TemplateStore,
    SurveySettingsStore,
    AnswerLinks,
    InviteAfterVerifiedOrder,
    AnswerSurvey,
    InvitationLifecycleJob,
    SurveyScores,
    SurveyAdmin,
    MonthFollowUpRepository,
    MonthReviews,
    MonthReviewJob,
    RelationshipScheduleStore,
    RelationshipSurveys,
  ],
  exports: [InvitationRepository, ResponseRepository, CaseContactStore, SurveySettingsStore, AnswerLinks, InviteAfterVerifiedOrder, AnswerSurvey, InvitationLifecycleJob],
})
export class SurveyModule {}
