import { Inject, Injectable } from '@nestjs/common';
import { API_PREFIX } from '@aftercare/http';
import { SURVEY_CONFIG, type SurveyConfig } from '../../config/config';
import { type AnswerTokenClaims, type TokenCheck, signAnswerToken, verifyAnswerToken } from '../domain';

/** Where the answer page lives, under the service's API prefix (no login: the token is the key). */
export const ANSWER_PAGE_PATH = 's';

/** Signs and reads the answer links with the deployment's secret. */
@Injectable()
export class AnswerLinks {
  constructor(@Inject(SURVEY_CONFIG) private readonly config: SurveyConfig) {}

  linkFor(claims: AnswerTokenClaims): string {
    return `${this.config.SURVEY_PUBLIC_URL}/${API_PREFIX}/${ANSWER_PAGE_PATH}/${signAnswerToken(claims, this.config.SURVEY_LINK_SECRET)}`;
  }

  check(token: string, now: Date): TokenCheck {
    return verifyAnswerToken(token, this.config.SURVEY_LINK_SECRET, now);
  }
}
