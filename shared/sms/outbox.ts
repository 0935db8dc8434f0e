/**
 * The local stack's SMS provider (docs/architecture.md §11): each message is appended to `DATA_DIR/sms-outbox.jsonl`
 * as one JSON object per line and echoed, with the phone masked, so a person trying the stack reads
 * their code on the console and tests read it from the file.
 */
import { appendFile } from 'node:fs/promises';
import { maskPhone } from '../domain/phone';
import type { SmsSender } from './sender';
import { renderSms } from './templates';

export interface OutboxEntry {
  to: string;
  template: string;
  params: Record<string, string>;
  locale: string;
  sentAt: string;
}

export const outboxSender = (
  file: string,
  echo: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => Date = () => new Date(),
): SmsSender => ({
  provider: 'outbox',
  async send(message) {
    const entry: OutboxEntry = {
      to: message.to,
      template: message.template,
      params: { ...(message.params as Record<string, string>) },
      locale: message.locale,
      sentAt: now().toISOString(),
    };
    await appendFile(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    echo(`SMS to ${maskPhone(message.to)}: ${renderSms(message)}`);
  },
});
