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
}

export const SMS_TEMPLATES = {
  verification: {
    params: ['code'],
    text: {
      'zh-CN': '您的入会申请验证码是{code}，10分钟内有效。请勿告诉他人。',
      en: 'Your union application code is {code}. It expires in 10 minutes. Do not share it.',
    },
  },
  /** To the phone on record when someone applies with the same ID number from another phone (DESIGN §5). */
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
} as const satisfies Record<string, SmsTemplate>;

export type SmsTemplateName = keyof typeof SMS_TEMPLATES;
export const SMS_TEMPLATE_NAMES = Object.keys(SMS_TEMPLATES) as SmsTemplateName[];

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

/** The parameters in the template's declared order (Tencent Cloud's TemplateParamSet). */
export const orderedParams = (message: SmsMessage): string[] => {
  const params = message.params as Record<string, string>;
  return SMS_TEMPLATES[message.template].params.map((name: string) => params[name] ?? '');
};
