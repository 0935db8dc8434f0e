/**
 * Tencent Cloud SMS `SendSms` (API 2021-01-11, https://cloud.tencent.com/document/api/382/55981) through
 * the official SDK. Imported from the package root: esbuild then takes its ES build and drops the 2019 API
 * (530 KB bundled; the CommonJS deep path to the 2021 client alone bundles to 543 KB).
 */
import { Agent } from 'node:http';
import { createConnection } from 'node:net';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { SmsFailed, type SmsProviderOptions, type SmsSender, templateIdFor } from '../sender';
import { orderedParams } from '../templates';

const { Client } = sms.v20210111;
type Client = InstanceType<typeof Client>;

const HOST = 'sms.tencentcloudapi.com';
/** What the SDK's TencentCloudSDKHttpException carries (the class is not exported). */
interface SdkError {
  code?: string;
  httpCode?: number;
}
const DEFAULT_REGION = 'ap-guangzhou';

/**
 * Codes after which the same message may succeed later (https://cloud.tencent.com/document/api/382/55981,
 * "错误码"): frequency and daily limits, request throttling, internal errors and timeouts.
 */
export const isRetryableTencentCode = (code: string): boolean =>
  code.startsWith('LimitExceeded') ||
  code.startsWith('RequestLimitExceeded') ||
  code === 'InternalError' ||
  code === 'InternalError.Timeout';

/**
 * The SDK derives the signing service name from the endpoint's first label ("sms"), so it cannot be
 * pointed at `127.0.0.1:port`. A test endpoint instead keeps the public host name in the request and
 * its signature, and connects every socket to the given address: the fake sees what the service would.
 */
const connectingTo = (target: URL): Agent => {
  const agent = new Agent({ keepAlive: true });
  agent.createConnection = () => createConnection({ host: target.hostname, port: Number(target.port) });
  return agent;
};

const clientFor = (options: SmsProviderOptions): Client => {
  const { credentials } = options;
  if (!credentials) throw new Error('Tencent Cloud SMS needs credentials (SMS_CREDENTIALS_SECRET_ARN)');
  const target = options.endpoint ? new URL(options.endpoint) : undefined;
  return new Client({
    credential: {
      getCredential: async () => {
        const { id, secret } = await credentials();
        return { secretId: id, secretKey: secret };
      },
    },
    region: options.region ?? DEFAULT_REGION,
    profile: {
      httpProfile: {
        endpoint: HOST,
        reqTimeout: 5,
        ...(target ? { protocol: `${target.protocol}//`, agent: connectingTo(target) } : {}),
      },
    },
  });
};

export const tencentSmsSender = (
  options: SmsProviderOptions,
  client: Client = clientFor(options),
): SmsSender => {
  const { signName, appId } = options;
  if (!signName) throw new Error('Tencent Cloud SMS needs a sign name (SMS_SIGN_NAME)');
  if (!appId) throw new Error('Tencent Cloud SMS needs its SmsSdkAppId (SMS_APP_ID)');
  return {
    provider: 'tencent',
    async send(message) {
      const request = {
        PhoneNumberSet: [`+86${message.to}`],
        SmsSdkAppId: appId,
        SignName: signName,
        TemplateId: templateIdFor(options.templateIds, message),
        TemplateParamSet: orderedParams(message),
      };
      let status: { Code?: string; Message?: string } | undefined;
      try {
        status = (await client.SendSms(request)).SendStatusSet?.[0];
      } catch (error) {
        const { code, httpCode } = error as SdkError;
        // No code and no HTTP status: the request never got an answer (connection refused, timeout).
        const retryable = code ? isRetryableTencentCode(code) : httpCode === undefined || httpCode >= 500;
        throw new SmsFailed(
          `Tencent Cloud SMS refused the ${message.template} SMS: ${code || httpCode || ''} ${(error as Error).message}`,
          retryable,
          code || undefined,
          { cause: error },
        );
      }
      if (status?.Code === 'Ok') return;
      const code = status?.Code ?? 'NoSendStatus';
      throw new SmsFailed(
        `Tencent Cloud SMS refused the ${message.template} SMS: ${code} ${status?.Message ?? ''}`.trim(),
        isRetryableTencentCode(code),
        code,
      );
    },
  };
};
