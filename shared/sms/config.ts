/** TEMPORARY (replaced by the providers branch): the outbox provider only. */
import { ENV } from '../wiring';
import { outboxSender } from './outbox';
import type { SmsSender } from './sender';

export const smsSenderFromEnv = (): SmsSender => {
  const file = process.env[ENV.smsOutboxFile];
  if (process.env[ENV.smsProvider] === 'outbox' && file) return outboxSender(file);
  throw new Error(`missing environment variables: ${ENV.smsProvider}=outbox and ${ENV.smsOutboxFile}`);
};
