/**
 * SMS for deployed functions: the provider and its settings from CDK context, the credentials secret
 * Alibaba Cloud and Tencent Cloud need, and `bindSms`, which grants a function what its provider needs
 * AND sets the SMS_* variables (shared/sms/config.ts reads them) in one call. Every function that sends
 * SMS must also be bundled with `Sms.bundlingDefine`, so that its bundle holds that provider alone.
 *
 * AWS China (decides the provider for `-c target=china`): AWS End User Messaging SMS is not offered in
 * the China (Beijing) cn-north-1 and China (Ningxia) cn-northwest-1 Regions, and neither is SNS SMS.
 * "Getting Started with Amazon Web Services in China" lists SMS messaging among the Amazon SNS features
 * "not yet available in the Beijing and Ningxia Regions"
 * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/sns.html); it has no page for End User Messaging
 * (Pinpoint SMS and Voice v2) at all, and the service's endpoint list
 * (https://docs.aws.amazon.com/general/latest/gr/end-user-messaging.html) names no China Region (checked
 * 2026-11-30). A China deployment therefore sends through Alibaba Cloud or Tencent Cloud.
 */
import { SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { parseTemplateIds } from '../../shared/sms/config';
import type { SmsProviderName } from '../../shared/sms/sender';
import { ENV } from '../../shared/wiring';
import type { BaseFunction } from './base-function';

export type SmsCloudProvider = Exclude<SmsProviderName, 'outbox'>;
const CLOUD_PROVIDERS: readonly SmsCloudProvider[] = ['aws', 'aliyun', 'tencent'];

export interface SmsSettings {
  readonly provider: SmsCloudProvider;
  /** The registered SMS signature (签名); required by Alibaba Cloud and Tencent Cloud. */
  readonly signName?: string;
  /** JSON of template name → template id (shared/sms/sender.ts SmsTemplateIds); Alibaba and Tencent Cloud. */
  readonly templateIds?: string;
  /** Tencent Cloud's SmsSdkAppId. */
  readonly appId?: string;
  /** The provider's region; for AWS, the End User Messaging Region. @default AWS: the stack's Region */
  readonly region?: string;
  /** AWS: the origination identity's ARN, phone number ID (phone-…) or pool ID (pool-…). */
  readonly originationIdentity?: string;
}

/** CDK context keys: `cdk deploy -c smsProvider=tencent -c smsSignName=… -c smsTemplateIds='{…}' …` */
export const SMS_CONTEXT = {
  provider: 'smsProvider',
  signName: 'smsSignName',
  templateIds: 'smsTemplateIds',
  appId: 'smsAppId',
  region: 'smsRegion',
  originationIdentity: 'smsOriginationIdentity',
} as const satisfies Record<keyof SmsSettings, string>;

/** What the bundler must define for a function that sends through `provider` (see shared/sms/config.ts). */
export const smsBundlingDefine = (provider: SmsProviderName): Record<string, string> => ({
  'process.env.SMS_PROVIDER': JSON.stringify(provider),
});

const ORIGINATION_ID = /^(phone|pool)-[0-9a-zA-Z]+$/;

/** Throws naming what is wrong; returns the settings otherwise. */
export const validateSmsSettings = (settings: SmsSettings, target?: string): SmsSettings => {
  const { provider } = settings;
  if (!CLOUD_PROVIDERS.includes(provider)) {
    throw new Error(
      `${SMS_CONTEXT.provider} must be one of ${CLOUD_PROVIDERS.join(', ')}, got "${provider}"`,
    );
  }
  if (target === 'china' && provider === 'aws') {
    throw new Error(
      'AWS End User Messaging SMS is not offered in the China Regions (see infra/constructs/sms.ts): use -c smsProvider=aliyun or tencent',
    );
  }
  const missing = [
    ...(provider !== 'aws' ? (['signName', 'templateIds'] as const) : []),
    ...(provider === 'tencent' ? (['appId'] as const) : []),
  ].filter((key) => !settings[key]);
  if (missing.length > 0) {
    throw new Error(
      `SMS through ${provider} needs context ${missing.map((key) => SMS_CONTEXT[key]).join(', ')}`,
    );
  }
  if (settings.templateIds) parseTemplateIds(settings.templateIds);
  const identity = settings.originationIdentity;
  if (identity && !identity.startsWith('arn:') && !ORIGINATION_ID.test(identity)) {
    // Phone numbers and sender IDs by name have ARNs we cannot derive (an ID, a country code): ask for it.
    throw new Error(
      `${SMS_CONTEXT.originationIdentity} must be an ARN, a phone number ID (phone-…) or a pool ID (pool-…) so that IAM can be scoped to it, got "${identity}"`,
    );
  }
  return settings;
};

/**
 * The settings from CDK context (`smsTemplateIds` may be a JSON string or, in cdk.json, an object).
 * @param target the deployment target (infra/target.ts). @default `-c target`
 */
export const smsSettingsFromContext = (scope: Construct, target?: string): SmsSettings => {
  const read = (key: string): string | undefined => {
    const value: unknown = scope.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  const provider = read(SMS_CONTEXT.provider);
  target ??= read('target');
  if (!provider) {
    const choices = target === 'china' ? 'aliyun or tencent' : CLOUD_PROVIDERS.join(', ');
    throw new Error(`set the SMS provider: -c ${SMS_CONTEXT.provider}=${choices}`);
  }
  const settings = Object.fromEntries(
    Object.entries(SMS_CONTEXT).flatMap(([key, contextKey]) => {
      const value = read(contextKey);
      return value === undefined ? [] : [[key, value]];
    }),
  ) as unknown as SmsSettings;
  return validateSmsSettings(settings, target);
};

export interface SmsProps {
  readonly settings: SmsSettings;
  /** `china` refuses AWS End User Messaging, which the China Regions do not offer. */
  readonly target?: string;
}

export class Sms extends Construct {
  readonly settings: SmsSettings;
  /** Alibaba Cloud's or Tencent Cloud's keys; none for AWS, which signs with the function's role. */
  readonly credentials?: secretsmanager.Secret;
  /** Give every BaseFunction that sends SMS `bundling: { define: sms.bundlingDefine }`. */
  readonly bundlingDefine: Record<string, string>;

  constructor(scope: Construct, id: string, props: SmsProps) {
    super(scope, id);
    this.settings = validateSmsSettings(props.settings, props.target);
    this.bundlingDefine = smsBundlingDefine(this.settings.provider);
    if (this.settings.provider === 'aws') return;

    // An empty pair, not a generated value: the operator puts the provider's keys in after deploying.
    this.credentials = new secretsmanager.Secret(this, 'Credentials', {
      description: `${this.settings.provider} SMS API keys. Fill in: aws secretsmanager put-secret-value --secret-id <this ARN> --secret-string '{"id":"…","secret":"…"}'`,
      secretObjectValue: { id: SecretValue.unsafePlainText(''), secret: SecretValue.unsafePlainText('') },
    });
    Validations.of(this.credentials).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "The secret holds an Alibaba Cloud AccessKey or Tencent Cloud SecretId/SecretKey, issued in that provider's console; Secrets Manager cannot rotate them. The operator rotates them there and puts the new pair in.",
    });
  }
}

/** The ARN IAM evaluates SendTextMessage against, from an ARN, a phone number ID or a pool ID. */
const originationArn = (scope: Construct, identity: string, region?: string): string => {
  if (identity.startsWith('arn:')) return identity;
  const [type] = identity.split('-');
  return Stack.of(scope).formatArn({
    service: 'sms-voice',
    ...(region ? { region } : {}),
    resource: type === 'pool' ? 'pool' : 'phone-number',
    resourceName: identity,
  });
};

/**
 * SendTextMessage authorizes against the origination identity (phone number, pool or sender ID), and
 * the configuration set and protect configuration when one is used; none is required (Service
 * Authorization Reference, "Actions, resources, and condition keys for AWS End User Messaging SMS and
 * Voice V2"). So: the configured identity alone, or every resource when the service picks the identity.
 */
const grantSendTextMessage = (fn: BaseFunction, settings: SmsSettings): void => {
  const resource = settings.originationIdentity
    ? originationArn(fn, settings.originationIdentity, settings.region)
    : '*';
  const policy = new iam.Policy(fn, 'SmsSendPolicy', {
    roles: [fn.role],
    statements: [
      new iam.PolicyStatement({
        sid: 'SendSms',
        actions: ['sms-voice:SendTextMessage'],
        resources: [resource],
      }),
    ],
  });
  if (resource !== '*') return;
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `No ${SMS_CONTEXT.originationIdentity} is configured, so End User Messaging chooses one of the account's origination identities for each message and no resource can be named in advance; the statement allows sms-voice:SendTextMessage only. Set ${SMS_CONTEXT.originationIdentity} to scope it.`,
  });
};

/** Grants what the provider needs and sets the SMS_* variables; bundle the function with `sms.bundlingDefine`. */
export const bindSms = (fn: BaseFunction, sms: Sms): void => {
  const { settings } = sms;
  const environment: Record<string, string | undefined> = {
    [ENV.smsProvider]: settings.provider,
    [ENV.smsSignName]: settings.signName,
    [ENV.smsTemplateIds]: settings.templateIds,
    [ENV.smsAppId]: settings.appId,
    [ENV.smsRegion]: settings.region,
    [ENV.smsOriginationIdentity]: settings.originationIdentity,
    [ENV.smsCredentialsSecretArn]: sms.credentials?.secretArn,
  };
  for (const [name, value] of Object.entries(environment)) {
    if (value !== undefined) fn.function.addEnvironment(name, value);
  }
  if (settings.provider === 'aws') grantSendTextMessage(fn, settings);
  else sms.credentials?.grantRead(fn.function);
};
