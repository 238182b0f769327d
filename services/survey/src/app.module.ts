import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TOPICS } from '@aftercare/contracts';
import { ServicePlatformModule } from '@aftercare/http';
import { TenancyModule, tenancyOptionsFrom } from '@aftercare/tenancy';
import { SURVEY_CONFIG, type SurveyConfig } from './config/config';
import { MonthlyReportModule } from './monthly-report/monthly-report.module';
import { SurveyModule } from './survey/survey.module';

/** The validated configuration, injectable everywhere as SURVEY_CONFIG. */
@Global()
@Module({})
class SurveyConfigModule {
  static register(config: SurveyConfig): DynamicModule {
    return {
      module: SurveyConfigModule,
      providers: [{ provide: SURVEY_CONFIG, useValue: config }],
      exports: [SURVEY_CONFIG],
    };
  }
}

@Module({})
export class AppModule {
  static register(config: SurveyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: 'survey',
          config,
          produces: [TOPICS.surveyInvitationEvents, TOPICS.surveyResponseEvents, TOPICS.surveySatisfactionEvents, TOPICS.notificationRequests, TOPICS.monthFigures],
        }),
        // Survey names the deployment's zone SURVEY_TIME_ZONE: the zone of a tenant registered without one.
        TenancyModule.forRoot(tenancyOptionsFrom({ ...config, REPORTING_TIME_ZONE: config.SURVEY_TIME_ZONE }, 'survey')),
        SurveyConfigModule.register(config),
        SurveyModule,
        MonthlyReportModule,
      ],
    };
  }
}
