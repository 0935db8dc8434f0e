/**
 * AWS End User Messaging SMS (`SendTextMessage`): the message text is sent as is, so the SMS signature
 * (【签名】) that Chinese carriers require at the start of every message is prepended here.
 */
import {
  PinpointSMSVoiceV2Client,
  PinpointSMSVoiceV2ServiceException,
  SendTextMessageCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SmsFailed, type SmsProviderOptions, type SmsSender } from '../sender';
import { renderSms, type SmsMessage } from '../templates';

/** Connection failures that happen before the service answered: the message may go through on a retry. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const NETWORK_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'AbortError']);

export const isRetryableAwsError = (error: unknown): boolean => {
  if (error instanceof PinpointSMSVoiceV2ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    return Boolean(error.$retryable) || error.$fault === 'server' || status >= 500;
  }
  const { code, name } = (error ?? {}) as { code?: string; name?: string };
  return (
    (code !== undefined && NETWORK_ERROR_CODES.has(code)) ||
    (name !== undefined && NETWORK_ERROR_NAMES.has(name))
  );
};

export const awsMessageBody = (message: SmsMessage, signName?: string): string =>
  signName ? `【${signName}】${renderSms(message)}` : renderSms(message);

const clientFor = (options: SmsProviderOptions): PinpointSMSVoiceV2Client =>
  new PinpointSMSVoiceV2Client({
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });

export const awsSmsSender = (
  options: SmsProviderOptions,
  client: PinpointSMSVoiceV2Client = clientFor(options),
): SmsSender => ({
  provider: 'aws',
  async send(message) {
    const command = new SendTextMessageCommand({
      DestinationPhoneNumber: `+86${message.to}`,
      MessageBody: awsMessageBody(message, options.signName),
      MessageType: 'TRANSACTIONAL',
      ...(options.originationIdentity ? { OriginationIdentity: options.originationIdentity } : {}),
    });
    try {
      await client.send(command);
    } catch (error) {
      const code = (error as { name?: string }).name;
      throw new SmsFailed(
        `AWS End User Messaging refused the ${message.template} SMS: ${(error as Error).message}`,
        isRetryableAwsError(error),
        code,
        { cause: error },
      );
    }
  },
});
