/**
 * One interface for sending SMS, whatever the provider: AWS End User Messaging SMS on global AWS,
 * Alibaba Cloud SMS or Tencent Cloud SMS in mainland China, the local outbox on one machine.
 */
import type { SmsMessage } from './templates';

export type SmsProviderName = 'outbox' | 'aws' | 'aliyun' | 'tencent';
export const SMS_PROVIDERS: readonly SmsProviderName[] = ['outbox', 'aws', 'aliyun', 'tencent'];

export interface SmsSender {
  readonly provider: SmsProviderName;
  /** Resolves once the provider has accepted the message; throws SmsFailed otherwise. */
  send(message: SmsMessage): Promise<void>;
}

/**
 * The provider did not accept the message. `retryable` is true for outages, throttling and network
 * failures (try again later), false when the provider refused this message for good (a bad template,
 * a number it will not deliver to). `providerCode` is the provider's own error code, for operators;
 * it is never shown to applicants.
 */
export class SmsFailed extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly providerCode?: string,
    options?: { cause?: unknown },
  ) {
    super(message);
    this.name = 'SmsFailed';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** Provider credentials, read on first use (from Secrets Manager on AWS) and kept for the container's life. */
export interface SmsCredentials {
  /** Alibaba Cloud AccessKey ID or Tencent Cloud SecretId. */
  id: string;
  /** Alibaba Cloud AccessKey secret or Tencent Cloud SecretKey. */
  secret: string;
}
export type SmsCredentialsSource = () => Promise<SmsCredentials>;

/**
 * A provider's template id for a message: configuration maps each template to one id, or to one id
 * per language (`{"verification": {"zh-CN": "SMS_1", "en": "SMS_2"}}`).
 */
export type SmsTemplateIds = Record<string, string | Partial<Record<'zh-CN' | 'en', string>>>;

export const templateIdFor = (ids: SmsTemplateIds, message: SmsMessage): string => {
  const entry = ids[message.template];
  const id = typeof entry === 'string' ? entry : (entry?.[message.locale] ?? entry?.['zh-CN']);
  if (!id) throw new SmsFailed(`no template id configured for ${message.template}`, false, 'TemplateMissing');
  return id;
};

/** What every provider may be configured with; each reads the parts it needs (see shared/sms/config.ts). */
export interface SmsProviderOptions {
  /** The registered SMS signature (签名), e.g. 昭通市总工会. Alibaba and Tencent Cloud require it. */
  signName?: string;
  templateIds: SmsTemplateIds;
  credentials?: SmsCredentialsSource;
  /** Tencent Cloud's SmsSdkAppId. */
  appId?: string;
  /** The provider's region (Tencent Cloud: ap-guangzhou…; Alibaba Cloud: cn-hangzhou…; AWS: from the environment). */
  region?: string;
  /** The provider's API endpoint; only tests set it (a local fake). @default the provider's public endpoint */
  endpoint?: string;
  /** AWS End User Messaging SMS: the origination identity (sender ID, phone number or pool). */
  originationIdentity?: string;
}
