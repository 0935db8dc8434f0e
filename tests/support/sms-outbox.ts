/**
 * Reads the local SMS outbox (`DATA_DIR/sms-outbox.jsonl`, docs/architecture.md §11) as tests and the browser flow
 * do: one JSON object per line. The reader keeps its place, so a test sending thousands of codes reads
 * each line once.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { OutboxEntry } from '../../shared/sms/outbox';

export const outboxReader = (file: string) => {
  let offset = 0;
  let partial = '';
  const entries: OutboxEntry[] = [];
  const latestByPhone = new Map<string, OutboxEntry>();
  const latestByPhoneAndTemplate = new Map<string, OutboxEntry>();

  const catchUp = () => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= offset) return;
    const buffer = Buffer.alloc(size - offset);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const text = partial + buffer.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as OutboxEntry;
      entries.push(entry);
      latestByPhone.set(entry.to, entry);
      latestByPhoneAndTemplate.set(`${entry.template}\n${entry.to}`, entry);
    }
  };

  return {
    /** Every message so far. */
    all(): OutboxEntry[] {
      catchUp();
      return [...entries];
    },
    /** The newest message to `phone` (11 digits), if any. */
    latestTo(phone: string, template?: string): OutboxEntry | undefined {
      catchUp();
      return template ? latestByPhoneAndTemplate.get(`${template}\n${phone}`) : latestByPhone.get(phone);
    },
    /** Waits (polling) for a message to `phone` with this template (one sent by another process). */
    async waitFor(phone: string, template: string, timeoutMs = 10_000): Promise<OutboxEntry> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const entry = this.latestTo(phone, template);
        if (entry) return entry;
        if (Date.now() > deadline)
          throw new Error(`no ${template} SMS to ${phone.slice(0, 3)}… within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
};

export type OutboxReader = ReturnType<typeof outboxReader>;
