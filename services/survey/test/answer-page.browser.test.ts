import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, devices, type Browser } from 'playwright-core';
import { TOPICS } from '@aftercare/contracts';
import { until } from '@aftercare/testing';
import { jobInvitationId, responseIdOf } from '../src/survey/domain';
import { InvitationRepository } from '../src/survey/infrastructure/invitation.repository';
import { ResponseRepository } from '../src/survey/infrastructure/response.repository';
import { startSurvey, tokenOf, type SurveyTestApp } from './support/survey-app';

/** The OS's Chromium (tools/run.cjs installs it when missing). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots are kept here (gitignored) for a person to look at. */
const ARTIFACTS = path.resolve(__dirname, '../test-artifacts');

describe('the answer page in a real browser, on a phone', () => {
  let survey: SurveyTestApp;
  let browser: Browser;

  beforeAll(async () => {
    survey = await startSurvey('answer-page', { watch: [TOPICS.surveyResponseEvents.name] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await survey?.close();
  });

  async function invitedCase(): Promise<{ workOrderId: string; pageUrl: string }> {
    const caseId = `sr-${randomUUID()}`;
    const workOrderId = `wo-${randomUUID()}`;
    await survey.registerCase(caseId);
    await survey.verifyWorkOrder(caseId, workOrderId);
    // The link names the public address; the test reaches the same path on the app under test.
    return { workOrderId, pageUrl: `${survey.baseUrl}/api/v1/s/${tokenOf(await survey.surveyLinkOf(caseId))}` };
  }

  it('a customer opens the link, answers in Chinese, submits, sees the thanks page, and the response is stored', async () => {
    const { workOrderId, pageUrl } = await invitedCase();
    const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' });
    const page = await context.newPage();
    // Script errors and CSP violations show as console errors; failed loads are listed by URL
    // (the browser's own /favicon.ico request is not the page's).
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) violations.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico') && response.status() !== 410) violations.push(`${response.status()} ${response.url()}`);
    });

    await page.goto(pageUrl);
    await page.getByRole('heading', { name: '售后服务满意度调查' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'answer-page-zh.png'), fullPage: true });

    // Submitting nothing names every unanswered question in a summary that takes focus.
    await page.getByRole('button', { name: '提交' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.locator('li').count()).toBe(4);
    expect(await summary.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);

    // Each question is a group named by its legend; each level a radio named by its label.
    await page.getByRole('group', { name: /服务态度/ }).getByRole('radio', { name: '非常满意', exact: true }).check();
    await page.getByRole('group', { name: /技术水平/ }).getByRole('radio', { name: '满意', exact: true }).check();
    // Keyboard only: focus the first level of a question and move with the arrow keys.
    const arrival = page.getByRole('group', { name: /到达及时性/ });
    await arrival.getByRole('radio', { name: '不满意', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await arrival.getByRole('radio', { name: '一般', exact: true }).isChecked()).toBe(true);
    await page.getByRole('group', { name: /承诺兑现/ }).getByRole('radio', { name: '非常满意', exact: true }).check();
    await page.getByLabel('其他意见或建议(选填)').fill('师傅很专业,但晚到了半小时。');
    await page.getByRole('button', { name: '提交' }).click();

    await page.waitForURL(/\/thanks/);
    await page.getByRole('heading', { name: '谢谢您的评价!' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'answer-page-thanks-zh.png'), fullPage: true });
    expect(violations).toEqual([]);

    const responseId = responseIdOf(jobInvitationId('acme', workOrderId));
    const response = await survey.app.get(ResponseRepository).findById('acme', responseId);
    expect(response?.state).toMatchObject({
      ratings: [
        { criterion: 'attitude', level: 4, satisfied: true },
        { criterion: 'technical_skill', level: 3, satisfied: true },
        { criterion: 'arrival_time', level: 2, satisfied: false },
        { criterion: 'commitments_kept', level: 4, satisfied: true },
      ],
      comment: '师傅很专业,但晚到了半小时。',
      lowCriteria: [],
    });
    await until(async () => (await survey.app.get(InvitationRepository).findById('acme', jobInvitationId('acme', workOrderId)))?.status === 'responded', 10_000, 'invitation responded');

    // Opening the link again: already answered.
    const again = await page.goto(pageUrl);
    expect(again?.status()).toBe(410);
    await page.getByRole('heading', { name: '问卷已提交' }).waitFor();
    await context.close();
  });

  it('speaks English to an English browser', async () => {
    const { pageUrl } = await invitedCase();
    const { defaultBrowserType: _webkit, ...iphone } = devices['iPhone 13'];
    const context = await browser.newContext({ ...iphone, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.getByRole('heading', { name: 'After-sales service survey' }).waitFor();
    for (const question of ['Attitude', 'Technical skill', 'Arrival time', 'Commitments kept']) {
      await page.getByRole('group', { name: new RegExp(question) }).getByRole('radio', { name: 'Very satisfied', exact: true }).check();
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'answer-page-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thank you for your feedback!' }).waitFor();
    await context.close();
  });
});
