/**
 * The SMS sender this environment is configured for, from the SMS_* variables (ENV in shared/wiring.ts),
 * checked once when it is created; the provider's sender is created on the first send.
 *
 * Each Lambda is bundled with `process.env.SMS_PROVIDER` defined as its provider (infra/constructs/sms.ts),
 * which turns all but one of the `if`s in `loadProvider` into `if (false)`, and esbuild then leaves the
 * other providers and their SDKs out of the bundle. Keep one `if` per provider comparing
 * `process.env.SMS_PROVIDER` literally: esbuild folds neither a `switch` nor `process.env[ENV.smsProvider]`.
 *
 * The AWS provider is imported statically, the others on first send: a module reached only through
 * `import()` is bundled whole, and for the AWS SDK client that is every command's schemas (64 KB more for
 * the notify function to parse at each cold start) where a static import keeps SendTextMessage's alone.
 * Bundled for another provider, the folded `if` leaves the import unused and the client is dropped (its
 * package has no side effects).
 */
import { ENV } from '../runtime-wiring';
import { awsSmsSender } from './providers/aws';
import {
  SMS_PROVIDERS,
  type SmsProviderName,
  type SmsProviderOptions,
  type SmsSender,
  type SmsTemplateIds,
} from './sender';
import { SMS_TEMPLATE_NAMES } from './templates';

const REQUIRED: Readonly<Record<SmsProviderName, readonly string[]>> = {
  outbox: [ENV.smsOutboxFile],
  aws: [],
  aliyun: [ENV.smsSignName, ENV.smsTemplateIds, ENV.smsCredentialsSecretArn],
  tencent: [ENV.smsSignName, ENV.smsTemplateIds, ENV.smsCredentialsSecretArn, ENV.smsAppId],
};

const isProvider = (value: string | undefined): value is SmsProviderName =>
  SMS_PROVIDERS.includes(value as SmsProviderName);

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable: ${name}`);
  return value;
};

/** `{"verification": "SMS_1", …}` or per language `{"verification": {"zh-CN": "SMS_1", "en": "SMS_2"}, …}`. */
export const parseTemplateIds = (json: string): SmsTemplateIds => {
  let ids: unknown;
  try {
    ids = JSON.parse(json);
  } catch {
    throw new Error(`${ENV.smsTemplateIds} is not JSON`);
  }
  if (typeof ids !== 'object' || ids === null || Array.isArray(ids)) {
    throw new Error(`${ENV.smsTemplateIds} must be a JSON object of template name → template id`);
  }
  const entries = ids as Record<string, unknown>;
  const usable = (entry: unknown): boolean =>
    (typeof entry === 'string' && entry !== '') ||
    (typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as Record<string, unknown>)['zh-CN'] === 'string' &&
      Object.values(entry).every((id) => typeof id === 'string' && id !== ''));
  const missing = SMS_TEMPLATE_NAMES.filter((name) => !usable(entries[name]));
  if (missing.length > 0)
    throw new Error(`${ENV.smsTemplateIds} has no usable id for: ${missing.join(', ')}`);
  return entries as SmsTemplateIds;
};

const optionsFromEnv = (): SmsProviderOptions => {
  const read = (name: string) => process.env[name] || undefined;
  const templateIds = read(ENV.smsTemplateIds);
  const optional = {
    signName: ENV.smsSignName,
    appId: ENV.smsAppId,
    region: ENV.smsRegion,
    endpoint: ENV.smsEndpoint,
    originationIdentity: ENV.smsOriginationIdentity,
  };
  return {
    templateIds: templateIds ? parseTemplateIds(templateIds) : {},
    ...Object.fromEntries(
      Object.entries(optional).flatMap(([key, name]) => (read(name) ? [[key, read(name)]] : [])),
    ),
  };
};

const loadProvider = async (options: SmsProviderOptions): Promise<SmsSender> => {
  if (process.env.SMS_PROVIDER === 'outbox') {
    const { outboxSender } = await import('./outbox');
    return outboxSender(need(ENV.smsOutboxFile));
  }
  if (process.env.SMS_PROVIDER === 'aws') {
    return awsSmsSender(options);
  }
  if (process.env.SMS_PROVIDER === 'aliyun') {
    const { aliyunSmsSender } = await import('./providers/aliyun');
    const { credentialsFromSecret } = await import('./credentials-secret');
    return aliyunSmsSender({
      ...options,
      credentials: credentialsFromSecret(need(ENV.smsCredentialsSecretArn)),
    });
  }
  if (process.env.SMS_PROVIDER === 'tencent') {
    const { tencentSmsSender } = await import('./providers/tencent');
    const { credentialsFromSecret } = await import('./credentials-secret');
    return tencentSmsSender({
      ...options,
      credentials: credentialsFromSecret(need(ENV.smsCredentialsSecretArn)),
    });
  }
  throw new Error(`unknown ${ENV.smsProvider}: ${process.env.SMS_PROVIDER}`);
};

/** Create once per module; fails at once, naming what is missing for the configured provider. */
export const smsSenderFromEnv = (): SmsSender => {
  const provider = process.env.SMS_PROVIDER;
  if (!isProvider(provider)) {
    throw new Error(`${ENV.smsProvider} must be one of ${SMS_PROVIDERS.join(', ')}, got "${provider ?? ''}"`);
  }
  const missing = REQUIRED[provider].filter((name) => !process.env[name]);
  if (missing.length > 0)
    throw new Error(`missing environment variables for ${provider} SMS: ${missing.join(', ')}`);
  const options = optionsFromEnv();

  let loading: Promise<SmsSender> | undefined;
  const sender = () => {
    loading ??= loadProvider(options).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return { provider, send: async (message) => (await sender()).send(message) };
};
