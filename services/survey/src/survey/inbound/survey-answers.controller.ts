import { Body, Controller, HttpException, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@aftercare/auth';
import { DomainError } from '@aftercare/ddd';
import type { Response } from 'express';
import { API_PREFIX, ApiCreate, ApiStandardProblems, setEtag } from '@aftercare/http';
import { SURVEY_ERRORS, ratingsFromList } from '../domain';
import { AnswerSurvey } from '../application/answer-survey';
import { SurveyReceiptView, toSurveyReceiptView } from '../application/survey.views';
import { SurveyAnswersDto } from './survey-answer.dto';

export const SURVEY_ANSWERS_PATH = 'survey-answers';
export const SURVEY_RESPONSES_PATH = 'survey-responses';

/**
 * The customer's answer through the signed link: no login, the token is the key. The answer page
 * posts here; so may a channel that collects answers elsewhere (a WeChat form) with the same link.
 */
@ApiTags('survey answers')
@ApiStandardProblems()
@Public()
@Controller(SURVEY_ANSWERS_PATH)
export class SurveyAnswersController {
  constructor(private readonly answers: AnswerSurvey) {}

  @Post()
  @ApiCreate({
    summary: 'Answer a survey through its link',
    description: "`token` is the last segment of the link sent to the customer. Answers are checked against the invitation's template version; a link answers once.",
    created: SurveyReceiptView,
    createdDescription: 'The answer is stored (Location: the response, for staff; ETag: its version)',
    problems: {
      404: 'SURVEY_INVITATION_NOT_FOUND: an altered or unknown link',
      410: 'SURVEY_LINK_GONE: the link was answered already or has expired',
      422: 'SURVEY_ANSWERS_INVALID (field errors)',
    },
  })
  async answer(@Body() body: SurveyAnswersDto, @Res({ passthrough: true }) res: Response): Promise<SurveyReceiptView> {
    try {
      const response = await this.answers.submit(body.token, {
        ratings: ratingsFromList(body.ratings ?? []),
        csat: body.csat,
        nps: body.nps,
        comment: body.comment,
      });
      res.setHeader('Location', `/${API_PREFIX}/${SURVEY_RESPONSES_PATH}/${encodeURIComponent(response.id)}`);
      setEtag(res, response.version);
      return toSurveyReceiptView(response);
    } catch (error) {
      // Gone is not among the domain's kinds: a used or expired link is 410 here.
      if (error instanceof DomainError && error.code === SURVEY_ERRORS.LINK_GONE) {
        throw new HttpException({ code: error.code, message: error.message }, HttpStatus.GONE);
      }
      throw error;
    }
  }
}
