/**
 * The answer page, server-rendered: one form, a fieldset per question with real labels (a screen
 * reader reads the question with each choice, arrow keys move between choices), large touch
 * targets for a phone, no outside resources. Styles and the script that posts the answers as JSON
 * are served by this service (`answer-assets.ts`), so the Content-Security-Policy allows only
 * 'self'.
 */
import type { SurveyLanguage } from '@aftercare/contracts';
import type { SurveyTemplate } from '../../domain';
import { PAGE_TEXTS, type PageTexts } from './page-texts';

export const ASSETS_PATH = 's-assets';

/** No inline script or style, nothing from elsewhere, no framing, forms post only here. */
export const ANSWER_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface AnswerPageModel {
  language: SurveyLanguage;
  template: SurveyTemplate;
  /** Where the script posts the answers (JSON), and where it goes afterwards. */
  submitUrl: string;
  /** The link's token, posted with the answers. */
  token: string;
  thanksUrl: string;
  /** The same page in the other language. */
  otherLanguageUrl: string;
  assetsBase: string;
}

export function answerPage(model: AnswerPageModel): string {
  const t = PAGE_TEXTS[model.language];
  const { template, language } = model;
  const levels = template.levelLabels.map((label, i) => ({ value: i + 1, label: label[language] }));
  const criteria = template.criteria
    .map((criterion, index) =>
      choiceGroup({
        name: `rating-${criterion.key}`,
        id: `q${index + 1}`,
        legend: `${index + 1}. ${criterion.label[language]}`,
        choices: levels,
        required: true,
        t,
        dataset: `data-criterion="${escapeHtml(criterion.key)}"`,
      }),
    )
    .join('\n');
  const csat = template.askCsat ? choiceGroup({ name: 'csat', id: 'csat', legend: t.csat, choices: scale(1, 5), required: false, t, dataset: 'data-score="csat"' }) : '';
  const nps = template.askNps ? choiceGroup({ name: 'nps', id: 'nps', legend: t.nps, choices: scale(0, 10), required: false, t, dataset: 'data-score="nps"' }) : '';
  const body = `
  <p>${escapeHtml(t.intro)}</p>
  <div id="errors" class="errors" role="alert" tabindex="-1" hidden></div>
  <form id="survey" method="post" action="${escapeHtml(model.submitUrl)}" data-submit-url="${escapeHtml(model.submitUrl)}" data-token="${escapeHtml(model.token)}" data-thanks-url="${escapeHtml(model.thanksUrl)}"
        data-missing="${escapeHtml(t.missing)}" data-fix="${escapeHtml(t.fixErrors)}" data-failed="${escapeHtml(t.failed)}" data-submitting="${escapeHtml(t.submitting)}" novalidate>
${criteria}
${csat}
${nps}
    <div class="question">
      <label for="comment">${escapeHtml(t.comment)}</label>
      <textarea id="comment" name="comment" rows="4" maxlength="${template.commentMaxLength}"></textarea>
    </div>
    <noscript><p class="errors">${escapeHtml(t.noScript)}</p></noscript>
    <button type="submit" id="submit">${escapeHtml(t.submit)}</button>
  </form>
  <script src="${escapeHtml(model.assetsBase)}/answer.js" defer></script>`;
  return layout(language, template.title[language], body, model);
}

export function messagePage(language: SurveyLanguage, kind: 'thanks' | 'notFound' | 'answered' | 'expired', model: Pick<AnswerPageModel, 'assetsBase'> & { otherLanguageUrl?: string }): string {
  const t = PAGE_TEXTS[language];
  const [title, text] = {
    thanks: [t.thanksTitle, t.thanksBody],
    notFound: [t.notFoundTitle, t.notFoundBody],
    answered: [t.answeredTitle, t.answeredBody],
    expired: [t.expiredTitle, t.expiredBody],
  }[kind];
  return layout(language, title, `\n  <p id="message">${escapeHtml(text)}</p>`, model);
}

function layout(language: SurveyLanguage, title: string, body: string, model: { assetsBase: string; otherLanguageUrl?: string }): string {
  const t = PAGE_TEXTS[language];
  const switcher = model.otherLanguageUrl
    ? `<nav class="language"><a href="${escapeHtml(model.otherLanguageUrl)}" lang="${language === 'zh' ? 'en' : 'zh-CN'}">${escapeHtml(t.otherLanguage)}</a></nav>`
    : '';
  return `<!DOCTYPE html>
<html lang="${t.htmlLang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="${escapeHtml(model.assetsBase)}/answer.css">
</head>
<body>
<main>
  ${switcher}
  <h1>${escapeHtml(title)}</h1>${body}
</main>
</body>
</html>
`;
}

interface ChoiceGroup {
  name: string;
  id: string;
  legend: string;
  choices: Array<{ value: number; label: string }>;
  required: boolean;
  t: PageTexts;
  dataset: string;
}

function choiceGroup(g: ChoiceGroup): string {
  const required = g.required ? ` <span class="required">(${escapeHtml(g.t.required)})</span>` : '';
  const choices = g.choices
    .map((c) => {
      const id = `${g.id}-${c.value}`;
      return `        <div class="choice"><input type="radio" id="${id}" name="${escapeHtml(g.name)}" value="${c.value}"${g.required ? ' required' : ''}><label for="${id}">${escapeHtml(c.label)}</label></div>`;
    })
    .join('\n');
  return `    <fieldset class="question" id="${g.id}" ${g.dataset}${g.required ? ' aria-required="true"' : ''}>
      <legend>${escapeHtml(g.legend)}${required}</legend>
      <div class="choices">
${choices}
      </div>
      <p class="field-error" id="${g.id}-error" hidden></p>
    </fieldset>`;
}

function scale(from: number, to: number): Array<{ value: number; label: string }> {
  return Array.from({ length: to - from + 1 }, (_v, i) => ({ value: from + i, label: String(from + i) }));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
