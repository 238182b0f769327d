import type { SurveyLanguage } from '@aftercare/contracts';

/** The answer page's own words, in the two languages it speaks. */
export const PAGE_TEXTS = {
  zh: {
    htmlLang: 'zh-CN',
    intro: '感谢您选择我们的服务。请就本次上门服务为技术员打分,约需一分钟。',
    required: '必填',
    csat: '总体而言,您对本次服务的满意程度如何?(1 = 非常不满意,5 = 非常满意)',
    nps: '您向朋友或同事推荐我们的可能性有多大?(0 = 完全不可能,10 = 极有可能)',
    comment: '其他意见或建议(选填)',
    submit: '提交',
    submitting: '正在提交…',
    fixErrors: '请检查以下问题:',
    missing: '请为此项选择一个等级',
    failed: '提交失败,请稍后再试。',
    noScript: '请启用 JavaScript 后提交问卷。',
    thanksTitle: '谢谢您的评价!',
    thanksBody: '我们已收到您的反馈。如您给出了较低的评价,我们的客服人员将尽快与您联系。',
    notFoundTitle: '未找到问卷',
    notFoundBody: '此链接无效。请检查短信或邮件中的链接是否完整。',
    answeredTitle: '问卷已提交',
    answeredBody: '此问卷已经提交过,每个链接只能使用一次。感谢您的反馈!',
    expiredTitle: '链接已过期',
    expiredBody: '此问卷链接已过期。如需反馈,请联系我们的客服。',
    otherLanguage: 'English',
  },
  en: {
    htmlLang: 'en',
    intro: 'Thank you for choosing our service. Please rate the technician for this visit; it takes about a minute.',
    required: 'required',
    csat: 'Overall, how satisfied are you with this service? (1 = very dissatisfied, 5 = very satisfied)',
    nps: 'How likely are you to recommend us to a friend or colleague? (0 = not at all, 10 = extremely likely)',
    comment: 'Anything else you would like to tell us (optional)',
    submit: 'Submit',
    submitting: 'Submitting…',
    fixErrors: 'Please check the following:',
    missing: 'Please choose a level for this question',
    failed: 'The survey could not be sent. Please try again later.',
    noScript: 'Please turn on JavaScript to send the survey.',
    thanksTitle: 'Thank you for your feedback!',
    thanksBody: 'We have received your answers. If you gave a low rating, our service team will contact you shortly.',
    notFoundTitle: 'Survey not found',
    notFoundBody: 'This link is not valid. Please check that the link from the message is complete.',
    answeredTitle: 'Survey already answered',
    answeredBody: 'This survey has already been answered; each link can be used once. Thank you for your feedback!',
    expiredTitle: 'Link expired',
    expiredBody: 'This survey link has expired. Please contact our service team if you would like to give feedback.',
    otherLanguage: '中文',
  },
} as const satisfies Record<SurveyLanguage, Record<string, string>>;

export type PageTexts = (typeof PAGE_TEXTS)[SurveyLanguage];

/**
 * The page's language: an explicit choice (`?lang=`), else the first of Chinese or English the
 * customer's browser asks for (Accept-Language, in its order of preference), else the invitation's.
 */
export function pageLanguage(explicit: unknown, acceptLanguage: string | undefined, fallback: SurveyLanguage): SurveyLanguage {
  if (explicit === 'zh' || explicit === 'en') return explicit;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return fallback;
}
