/**
 * Provider credentials from a JSON secret. Our own key names (`id`, `secret`) and each provider's
 * (Alibaba Cloud's `accessKeyId`/`accessKeySecret`, Tencent Cloud's `secretId`/`secretKey`) are all
 * accepted, so an operator can paste what the provider's console gives them.
 */
import { memoiseAsync } from '../runtime/memoise';
import type { SmsCredentials, SmsCredentialsSource } from './sender';

const KEY_PAIRS = [
  ['id', 'secret'],
  ['accessKeyId', 'accessKeySecret'],
  ['secretId', 'secretKey'],
] as const;

export const parseSmsCredentials = (json: string): SmsCredentials => {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('the SMS credentials secret is not JSON');
  }
  const record = (value ?? {}) as Record<string, unknown>;
  for (const [idKey, secretKey] of KEY_PAIRS) {
    const id = record[idKey];
    const secret = record[secretKey];
    if (typeof id === 'string' && typeof secret === 'string' && id.trim() && secret.trim()) {
      return { id: id.trim(), secret: secret.trim() };
    }
  }
  throw new Error(
    'the SMS credentials secret has no filled-in key pair: put {"id":"…","secret":"…"} (or the provider\'s accessKeyId/accessKeySecret, secretId/secretKey) with `aws secretsmanager put-secret-value`',
  );
};

/** Loads once and keeps the result; a failed load is retried on the next call. */
export const memoiseCredentials = (load: () => Promise<SmsCredentials>): SmsCredentialsSource =>
  memoiseAsync(load);
