/** Small helpers shared by the benches: statistics, rounding, temp folders, a bounded pool, the machine line. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Nearest-rank percentile (p in 0–100) of a non-empty list. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
};

/**
 * A distribution-free 95% confidence interval for the median: the order statistics k and n + 1 − k where
 * k is the largest with P(Binomial(n, ½) < k) ≤ 2.5% (for 31 rounds, the 10th and 22nd values).
 */
export const medianInterval = (values: readonly number[]): { low: number; high: number } => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let below = 0;
  let k = 0;
  let choose = 1;
  for (let i = 0; i < n; i++) {
    below += choose / 2 ** n;
    if (below > 0.025) break;
    k = i + 1;
    choose = (choose * (n - i)) / (i + 1);
  }
  k = Math.max(k, 1);
  return { low: sorted[k - 1] as number, high: sorted[n - k] as number };
};

export const round = (value: number, digits = 1): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Runs `work` over `items` with at most `concurrency` in flight; items are taken in order. */
export const pool = async <T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
};

/** A fresh folder under the system temp folder, and a way to remove it. */
export const tempDir = (label: string): { path: string; remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), `bench-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

export const machineLine = (): string => {
  const cpu = cpus();
  const model = (cpu[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  return `${cpu.length} × ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
};

/** Pids of live Java processes whose command line mentions `fragment` (a data folder, say). */
export const javaProcessesMentioning = (fragment: string): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return /(^|\/)java$/.test(argv[0] ?? '') && argv.some((arg) => arg.includes(fragment));
      } catch {
        return false;
      }
    })
    .map(Number);

/**
 * The environment for a child process, without what an in-process local stack put into ours
 * (emulator endpoints, credentials, table and queue names), so each child configures itself.
 */
export const cleanChildEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  const dropped = /^(AWS_|TABLE_NAME$|REVIEW_QUEUE_URL$|HASH_KEY_|SWEEP_AFTER_SECONDS$|REPORTS_BUCKET$)/;
  for (const [name, value] of Object.entries(process.env)) if (!dropped.test(name)) env[name] = value;
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
};
