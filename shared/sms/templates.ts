/**
 * Every SMS the product sends, declared once. `params` are in order (Tencent Cloud's templates are
 * positional; Alibaba Cloud's are named); `text` is what is sent where the provider takes a message body
 * (AWS End User Messaging) and what the local outbox echoes. On Alibaba Cloud and Tencent Cloud each
 * template is registered with the provider beforehand, with this wording, and named by its id in
 * configuration (`SMS_TEMPLATE_IDS`). Browser-safe: no imports.
 */
import type { Locale } from '../catalog/index';

export interface SmsTemplate {
  /** The parameters, in the order Tencent Cloud's positional templates take them. */
  readonly params: readonly string[];
  /** The message in each language; `{name}` is replaced by the parameter of that name. */
  readonly text: Readonly<Record<Locale, string>>;
  /**
   * The most characters a free-text parameter may carry: Alibaba Cloud and Tencent Cloud limit the
   * length of a template variable (Alibaba Cloud: 35 characters for most variable types), so a longer
   * value is cut to this many characters, ending in `…` (`fitParams`), before any provider sees it.
   */
  readonly maxChars?: Readonly<Record<string, number>>;
}

export const SMS_TEMPLATES = {
  verification: {
    params: ['code'],
    text: {
      'zh-CN': '您的入会申请验证码是{code}，10分钟内有效。请勿告诉他人。',
      en: 'Your union application code is {code}. It expires in 10 minutes. Do not share it.',
    },
  },
  /** To the phone on record when someone applies with the same ID number from another phone (README, "The API, with curl"). */
  idNumberUsed: {
    params: [],
    text: {
      'zh-CN': '有人用您的身份证号提交了入会申请。如果不是您本人，请联系所在县区工会，您的会员资格不受影响。',
      en: 'Someone applied to join the union with your ID number. If it was not you, please contact your county union; your own application or membership is not affected.',
    },
  },
  /** To a member who applies again with the same ID number and phone. */
  alreadyMember: {
    params: ['memberId'],
    text: {
      'zh-CN': '您已经是工会会员，会员编号{memberId}，无需再次申请。',
      en: 'You are already a union member (member number {memberId}); there is no need to apply again.',
    },
  },
  /** To the applicant when a reviewer approves the application (recipient: the member record, via the application). */
  decisionApproved: {
    params: ['memberId'],
    text: {
      'zh-CN':
        '您的入会申请已通过，欢迎加入工会！会员编号{memberId}。所在县区工会将与您联系，告知会员证领取和会员服务。',
      en: 'Your application to join the union is approved. Welcome! Your member number is {memberId}. Your county union will contact you about your membership card and member services.',
    },
  },
  /** To the applicant when a reviewer rejects the application: the reason, and that they may apply again. */
  decisionRejected: {
    params: ['reason'],
    maxChars: { reason: 30 },
    text: {
      'zh-CN': '您的入会申请未通过，原因：{reason}。情况有变化时，欢迎您再次申请。',
      en: 'Your application to join the union was not approved. Reason: {reason}. You are welcome to apply again if your situation changes.',
    },
  },
  /**
   * The working-day reminder to a reviewer (functions/digest): counts and the oldest application number
   * of their counties, no personal data.
   */
  reviewDigest: {
    params: ['dueSoon', 'overdue', 'oldest'],
    text: {
      'zh-CN':
        '入会审核提醒：您负责的县区有{dueSoon}份申请将在3个工作日内到期，{overdue}份已超期，最早的是{oldest}。请登录审核台处理。',
      en: 'Review reminder: in your counties {dueSoon} applications are due within 3 working days and {overdue} are overdue; the oldest is {oldest}. Please sign in to the review console.',
    },
  },
  /** The working-day reminder to an administrator: the city-wide overdue applications. */
  overdueDigest: {
    params: ['overdue', 'counties', 'oldest'],
    text: {
      'zh-CN': '入会审核提醒：全市有{overdue}份申请已超过审核期限，涉及{counties}个县区，最早的是{oldest}。',
      en: 'Review reminder: {overdue} applications across the city are past their review deadline, in {counties} counties; the oldest is {oldest}.',
    },
  },
} as const satisfies Record<string, SmsTemplate>;

export type SmsTemplateName = keyof typeof SMS_TEMPLATES;
/** Marked pure so a bundle that only enqueues notifications, and never reads this list, drops the templates. */
export const SMS_TEMPLATE_NAMES = /* @__PURE__ */ Object.keys(SMS_TEMPLATES) as SmsTemplateName[];

/** The parameters a template needs, by name. */
export type SmsParams<T extends SmsTemplateName> = Record<
  (typeof SMS_TEMPLATES)[T]['params'][number],
  string
>;

/** One message; for the union of templates, one of them with exactly its parameters. */
export type SmsMessage<T extends SmsTemplateName = SmsTemplateName> = T extends SmsTemplateName
  ? {
      /** An 11-digit mainland mobile number, already normalised (no +86). */
      to: string;
      template: T;
      params: SmsParams<T>;
      locale: Locale;
    }
  : never;

/** The message text in its language, parameters filled in. Throws when a declared parameter is missing. */
export const renderSms = (message: SmsMessage): string => {
  const template: SmsTemplate = SMS_TEMPLATES[message.template];
  const params = message.params as Record<string, string>;
  for (const name of template.params) {
    if (typeof params[name] !== 'string')
      throw new Error(`SMS ${message.template}: missing parameter ${name}`);
  }
  return template.text[message.locale].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
};

/** The parameters cut to the template's `maxChars` (a longer value ends in `…`); the others as given. */
export const fitParams = (
  template: SmsTemplateName,
  params: Record<string, string>,
): Record<string, string> => {
  const limits: Readonly<Record<string, number>> = (SMS_TEMPLATES[template] as SmsTemplate).maxChars ?? {};
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      const max = limits[name];
      const chars = Array.from(value);
      return [name, max !== undefined && chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value];
    }),
  );
};

/** The parameters in the template's declared order (Tencent Cloud's TemplateParamSet). */
export const orderedParams = (message: SmsMessage): string[] => {
  const params = message.params as Record<string, string>;
  return SMS_TEMPLATES[message.template].params.map((name: string) => params[name] ?? '');
};
