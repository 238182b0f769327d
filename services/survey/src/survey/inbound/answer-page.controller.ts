import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@aftercare/auth';
import { DomainError } from '@aftercare/ddd';
import { API_PREFIX } from '@aftercare/http';
import type { SurveyLanguage } from '@aftercare/contracts';
import { SURVEY_ERRORS } from '../domain';
import { ANSWER_PAGE_PATH } from '../application/answer-links';
import { AnswerSurvey } from '../application/answer-survey';
import { ANSWER_CSS, ANSWER_JS } from './answer-page/answer-assets';
import { ANSWER_PAGE_CSP, ASSETS_PATH, answerPage, messagePage } from './answer-page/answer-page.html';
import { pageLanguage } from './answer-page/page-texts';
import { SURVEY_ANSWERS_PATH } from './survey-answers.controller';

const ASSETS_BASE = `/${API_PREFIX}/${ASSETS_PATH}`;

/**
 * The answer page a customer opens from the survey link: HTML, no login (the signed token is the
 * key), Chinese or English. Not part of the API document: it answers HTML, not JSON; its answers
 * go to the documented `POST /survey-answers/{token}`.
 */
@ApiExcludeController()
@Public()
@Controller()
export class AnswerPageController {
  constructor(private readonly answers: AnswerSurvey) {}

  @Get(`${ANSWER_PAGE_PATH}/:token`)
  async page(@Param('token') token: string, @Query('lang') lang: unknown, @Headers('accept-language') accept: string | undefined, @Res() res: Response): Promise<void> {
    const pageUrl = `/${API_PREFIX}/${ANSWER_PAGE_PATH}/${encodeURIComponent(token)}`;
    try {
      const { invitation, template } = await this.answers.open(token);
      const language = pageLanguage(lang, accept, invitation.state.language);
      send(res, 200, answerPage({
        language,
        template,
        submitUrl: `/${API_PREFIX}/${SURVEY_ANSWERS_PATH}`,
        token,
        thanksUrl: `${pageUrl}/thanks?lang=${language}`,
        otherLanguageUrl: `${pageUrl}?lang=${other(language)}`,
        assetsBase: ASSETS_BASE,
      }));
    } catch (error) {
      this.sendProblemPage(res, error, pageLanguage(lang, accept, 'zh'), pageUrl);
    }
  }

  @Get(`${ANSWER_PAGE_PATH}/:token/thanks`)
  async thanks(@Param('token') token: string, @Query('lang') lang: unknown, @Headers('accept-language') accept: string | undefined, @Res() res: Response): Promise<void> {
    const pageUrl = `/${API_PREFIX}/${ANSWER_PAGE_PATH}/${encodeURIComponent(token)}`;
    try {
      const invitation = await this.answers.invitationOf(token);
      const language = pageLanguage(lang, accept, invitation.state.language);
      if (invitation.status !== 'responded') {
        res.redirect(303, `${pageUrl}?lang=${language}`);
        return;
      }
      send(res, 200, messagePage(language, 'thanks', { assetsBase: ASSETS_BASE }));
    } catch (error) {
      const language = pageLanguage(lang, accept, 'zh');
      // A link used up by this very answer says thank you, not "already answered".
      if (error instanceof DomainError && error.code === SURVEY_ERRORS.LINK_GONE && error.details.status === 'responded') {
        send(res, 200, messagePage(language, 'thanks', { assetsBase: ASSETS_BASE }));
        return;
      }
      this.sendProblemPage(res, error, language, pageUrl);
    }
  }

  @Get(`${ASSETS_PATH}/answer.css`)
  stylesheet(@Res() res: Response): void {
    res.status(200).type('text/css; charset=utf-8').setHeader('Cache-Control', 'public, max-age=3600').setHeader('X-Content-Type-Options', 'nosniff');
    res.send(ANSWER_CSS);
  }

  @Get(`${ASSETS_PATH}/answer.js`)
  script(@Res() res: Response): void {
    res.status(200).type('text/javascript; charset=utf-8').setHeader('Cache-Control', 'public, max-age=3600').setHeader('X-Content-Type-Options', 'nosniff');
    res.send(ANSWER_JS);
  }

  private sendProblemPage(res: Response, error: unknown, language: SurveyLanguage, pageUrl: string): void {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === SURVEY_ERRORS.INVITATION_NOT_FOUND) {
      send(res, 404, messagePage(language, 'notFound', { assetsBase: ASSETS_BASE }));
      return;
    }
    if (error.code === SURVEY_ERRORS.LINK_GONE) {
      const kind = error.details.status === 'responded' ? 'answered' : 'expired';
      send(res, 410, messagePage(language, kind, { assetsBase: ASSETS_BASE, otherLanguageUrl: `${pageUrl}?lang=${other(language)}` }));
      return;
    }
    throw error;
  }
}

function send(res: Response, status: number, html: string): void {
  res
    .status(status)
    .type('text/html; charset=utf-8')
    .setHeader('Content-Security-Policy', ANSWER_PAGE_CSP)
    .setHeader('Cache-Control', 'no-store')
    .setHeader('Referrer-Policy', 'no-referrer')
    .setHeader('X-Content-Type-Options', 'nosniff');
  res.send(html);
}

function other(language: SurveyLanguage): SurveyLanguage {
  return language === 'zh' ? 'en' : 'zh';
}
