/**
 * The province bench's model of the sign-up day's approvals on AWS (bench/province.ts).
 *
 * DynamoDB Local runs one transaction at a time: it never answers TransactionConflict, and its latencies
 * are those of one Java process on a shared two-core machine. On AWS, a TransactWriteItems is refused with
 * a TransactionConflict while another transaction that names one of the same items is in progress
 * (the developer guide, "Transaction conflict handling in DynamoDB"; a ConditionCheck's item included — the
 * `checksConflict` switch turns that off for comparison). So the approvals' conflicts are simulated: the
 * transactions recorded on DynamoDB Local (their items, their write units) replayed by R simulated
 * reviewers with AWS-like latencies, each reviewer's bulk decided one application after another as the review
 * function does it (functions/review/decisions.ts: read the application, the person and the county's union
 * directory; the transaction; on a conflict a pause of 5–45 ms and again from the reads, at most 8 attempts,
 * then 503 and the console sends the item again later; after the commit the SMS is queued and its outbox
 * entry deleted).
 *
 * Deterministic for a given seed. Times are simulated milliseconds, not wall clock.
 */

/** One write of an approval, as recorded: the table item (or index entry) and its write units. */
export interface ModelWrite {
  partition: string;
  item: string;
  check: boolean;
  /** Part of the transaction (conflicts apply) or after it (the outbox entry's delete). */
  transactional: boolean;
  wcu: number;
}

export interface ModelLatencies {
  /** Bulk request: API Gateway, a warm Lambda, the token check. */
  invokeMs: number;
  /** A consistent GetItem. */
  getMs: number;
  /** A TransactWriteItems of an approval (about a dozen items): the time its items are held. */
  transactMs: number;
  /** A refused transaction's answer. */
  cancelMs: number;
  /** SQS SendMessage (the SMS). */
  sqsMs: number;
  /** DeleteItem (the outbox entry). */
  deleteMs: number;
  /** Spread of every latency: each is the median × e^(N(0, jitter)). */
  jitter: number;
}

/** Assumed AWS latencies (same region, warm functions): medians of what DynamoDB, SQS and Lambda typically answer in. */
export const AWS_LATENCIES: ModelLatencies = {
  invokeMs: 30,
  getMs: 6,
  transactMs: 30,
  cancelMs: 15,
  sqsMs: 15,
  deleteMs: 6,
  jitter: 0.3,
};

export interface ModelOptions {
  reviewers: number;
  bulk: number;
  /** Each reviewer sends a bulk every this many seconds (0: back to back). */
  bulkEverySeconds: number;
  /** All reviewers send their first bulk at the same moment (else at random within the first interval). */
  startTogether: boolean;
  /** GetItems before each attempt's transaction (measured). */
  readsPerAttempt: number;
  latencies: ModelLatencies;
  /** Whether a ConditionCheck's item conflicts like a written one (the guide's reading: yes). */
  checksConflict: boolean;
  /**
   * Counter items spread over this many partitions, one chosen at random per attempt (as the approval does,
   * shared/storage/counters.ts); 1: every counter in one partition, as before sharding.
   */
  counterShards: number;
  /**
   * `instance`: each reviewer's function instance keeps one shard and moves to another after a conflict
   * (as built); `transaction`: a new random shard for every attempt.
   */
  shardChoice: 'instance' | 'transaction';
  /** Drop the union directory's ConditionCheck from the transaction (re-read after the commit instead). */
  directoryCheckOutside: boolean;
  maxAttempts: number;
  seed: number;
}

export interface ModelResult {
  variant: string;
  options: Omit<ModelOptions, 'latencies'>;
  approvals: number;
  /** Simulated seconds from the first bulk to the last approval. */
  seconds: number;
  approvalsPerSecond: number;
  peakApprovalsPerSecond: number;
  /** Transactions refused with TransactionConflict, and per approval. */
  conflicts: number;
  conflictsPerApproval: number;
  /** Bulk items answered 503 after maxAttempts conflicts (sent again later). */
  unavailable: number;
  maxAttemptsSeen: number;
  /** Median and p99 time from a bulk item's first read to its commit (ms). */
  approvalP50Ms: number;
  approvalP99Ms: number;
  /** The busiest partitions in their busiest simulated second (table and index partitions). */
  partitions: Array<{ partition: string; peakWcuPerSecond: number; peakWritesPerSecond: number }>;
  /** The busiest single item in its busiest simulated second. */
  hottestItem: { item: string; peakWcuPerSecond: number };
}

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Step = { wait: number } | { transact: ModelWrite[] };

const COUNTERS = 'COUNTERS';
/** A counter partition as recorded: `COUNTERS` (shard 0) or `COUNTERS#<shard>`. */
const COUNTER_PARTITION = /^COUNTERS(#\d+)?$/;
const COUNTER_ITEM = /^COUNTERS(#\d+)?\|/;
const shardPartition = (shard: number) => (shard === 0 ? COUNTERS : `${COUNTERS}#${shard}`);
const DIRECTORY_PARTITION = 'UNIONS';

const percentileOf = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] as number;
};

export const simulateApprovals = (
  variant: string,
  approvals: readonly ModelWrite[][],
  options: ModelOptions,
): ModelResult => {
  const random = mulberry32(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const lat = (median: number) => median * Math.exp(normal() * options.latencies.jitter);
  const L = options.latencies;

  /** The writes of one attempt, with the proposal's changes applied. */
  const randomShard = () => Math.floor(random() * options.counterShards);
  const attemptWrites = (writes: readonly ModelWrite[], shard: number): ModelWrite[] => {
    return writes
      .filter((w) => !(options.directoryCheckOutside && w.check && w.partition === DIRECTORY_PARTITION))
      .map((w) =>
        COUNTER_PARTITION.test(w.partition)
          ? {
              ...w,
              partition: shardPartition(shard),
              item: w.item.replace(COUNTER_ITEM, `${shardPartition(shard)}|`),
            }
          : w,
      );
  };

  const pool = approvals.map((_, index) => index);
  let taken = 0;
  const take = () => {
    const batch = pool.slice(taken, taken + options.bulk);
    taken += batch.length;
    return batch;
  };
  const held = new Map<string, number>();
  const written: Array<{ at: number; partition: string; item: string; wcu: number }> = [];
  const commits: number[] = [];
  const durations: number[] = [];
  let conflicts = 0;
  let unavailable = 0;
  let maxAttemptsSeen = 0;
  let clock = 0;

  function* reviewer(first: number): Generator<Step, void, boolean | undefined> {
    yield { wait: first };
    let shard = randomShard();
    for (;;) {
      const batch = take();
      if (batch.length === 0) return;
      const bulkStart = clock;
      yield { wait: lat(L.invokeMs) };
      for (const index of batch) {
        const started = clock;
        let decided = false;
        for (let attempt = 1; attempt <= options.maxAttempts && !decided; attempt++) {
          for (let read = 0; read < options.readsPerAttempt; read++) yield { wait: lat(L.getMs) };
          if (options.shardChoice === 'transaction') shard = randomShard();
          const writes = attemptWrites(approvals[index] as ModelWrite[], shard);
          const ok = yield { transact: writes };
          maxAttemptsSeen = Math.max(maxAttemptsSeen, attempt);
          if (ok) {
            decided = true;
            commits.push(clock);
            durations.push(clock - started);
            if (options.directoryCheckOutside) yield { wait: lat(L.getMs) };
            yield { wait: lat(L.sqsMs) };
            yield { wait: lat(L.deleteMs) };
            for (const w of writes.filter((w) => !w.transactional))
              written.push({ at: clock, partition: w.partition, item: w.item, wcu: w.wcu });
          } else {
            conflicts++;
            if (options.counterShards > 1)
              shard =
                (shard + 1 + Math.floor(random() * (options.counterShards - 1))) % options.counterShards;
            yield { wait: 5 + random() * 40 };
          }
        }
        if (!decided) {
          unavailable++;
          pool.push(index);
        }
      }
      const next = bulkStart + options.bulkEverySeconds * 1000;
      if (next > clock) yield { wait: next - clock };
    }
  }

  const interval = options.bulkEverySeconds * 1000;
  const procs = Array.from({ length: options.reviewers }, (_, r) => {
    const gen = reviewer(options.startTogether || interval === 0 ? r * 0.001 : random() * interval);
    return { gen, time: 0, step: gen.next().value as Step | undefined };
  });
  for (;;) {
    const live = procs.filter((p) => p.step !== undefined);
    if (live.length === 0) break;
    const p = live.reduce((a, b) => (b.time < a.time ? b : a));
    clock = p.time;
    const step = p.step as Step;
    let answer: boolean | undefined;
    if ('wait' in step) {
      p.time += step.wait;
      clock = p.time;
    } else {
      const contended = step.transact.filter((w) => w.transactional && (options.checksConflict || !w.check));
      const conflict = contended.some((w) => (held.get(w.item) ?? -1) > p.time);
      if (conflict) {
        p.time += lat(L.cancelMs);
      } else {
        const until = p.time + lat(L.transactMs);
        for (const w of contended) held.set(w.item, until);
        for (const w of step.transact.filter((w) => w.transactional))
          written.push({ at: until, partition: w.partition, item: w.item, wcu: w.wcu });
        p.time = until;
      }
      clock = p.time;
      answer = !conflict;
    }
    const next = p.gen.next(answer);
    p.step = next.done ? undefined : next.value;
  }

  const seconds = commits.length > 0 ? Math.max(...commits) / 1000 : 0;
  const perSecond = new Map<number, number>();
  for (const at of commits)
    perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
  const partitionSeconds = new Map<string, Map<number, { writes: number; wcu: number }>>();
  const itemSeconds = new Map<string, Map<number, number>>();
  for (const w of written) {
    const second = Math.floor(w.at / 1000);
    const buckets = partitionSeconds.get(w.partition) ?? new Map<number, { writes: number; wcu: number }>();
    const bucket = buckets.get(second) ?? { writes: 0, wcu: 0 };
    bucket.writes++;
    bucket.wcu += w.wcu;
    buckets.set(second, bucket);
    partitionSeconds.set(w.partition, buckets);
    const items = itemSeconds.get(w.item) ?? new Map<number, number>();
    items.set(second, (items.get(second) ?? 0) + w.wcu);
    itemSeconds.set(w.item, items);
  }
  const partitions = [...partitionSeconds.entries()]
    .map(([partition, buckets]) => ({
      partition,
      peakWcuPerSecond: Math.max(...[...buckets.values()].map((b) => b.wcu)),
      peakWritesPerSecond: Math.max(...[...buckets.values()].map((b) => b.writes)),
    }))
    .sort((a, b) => b.peakWcuPerSecond - a.peakWcuPerSecond)
    .slice(0, 8);
  let hottestItem = { item: '', peakWcuPerSecond: 0 };
  for (const [item, buckets] of itemSeconds) {
    const peak = Math.max(...buckets.values());
    if (peak > hottestItem.peakWcuPerSecond) hottestItem = { item, peakWcuPerSecond: peak };
  }
  const { latencies: _, ...shown } = options;
  return {
    variant,
    options: shown,
    approvals: commits.length,
    seconds: Math.round(seconds * 10) / 10,
    approvalsPerSecond: seconds > 0 ? Math.round((commits.length / seconds) * 10) / 10 : 0,
    peakApprovalsPerSecond: Math.max(0, ...perSecond.values()),
    conflicts,
    conflictsPerApproval: commits.length > 0 ? Math.round((conflicts / commits.length) * 1000) / 1000 : 0,
    unavailable,
    maxAttemptsSeen,
    approvalP50Ms: Math.round(percentileOf(durations, 50)),
    approvalP99Ms: Math.round(percentileOf(durations, 99)),
    partitions,
    hottestItem,
  };
};

/** One approval's latency on AWS without any conflict (ms): the reads, the transaction, the SMS, the outbox. */
export const conflictFreeApprovalMs = (readsPerAttempt: number, latencies: ModelLatencies = AWS_LATENCIES) =>
  readsPerAttempt * latencies.getMs + latencies.transactMs + latencies.sqsMs + latencies.deleteMs;
