/**
 * The province bench's write recorder (bench/province.ts): a middleware on a DynamoDB client that records
 * every write the code under test makes — PutItem, UpdateItem, DeleteItem, BatchWriteItem and each item of
 * a TransactWriteItems, ConditionCheck included — with its partition key, item key, time and write units,
 * and the index entries the write implies. Then the figures: peak writes and write units per second per
 * partition key and per item (1-second buckets), and per approval.
 *
 * Write units, as DynamoDB prices them: 1 per KB of the item (the larger of before and after), 2 per KB in a
 * transaction. A ConditionCheck is counted as a transactional write (2 units) but kept apart as a check: it
 * writes nothing. Index entries: 1 unit per KB of the item (every index projects ALL but byPhone); a write
 * that moves an item from one index partition to another is a delete there and a put here. Item sizes come
 * from the items this recorder saw written (the bench writes every item it then updates, except the
 * counters, the union directory and union items, which are small: counted as 1 KB).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The indexes and the attribute that keys each (shared/wiring.ts, TABLE.indexes). */
const INDEXES = [
  { name: 'byStatus', key: 'gsi1pk' },
  { name: 'byCounty', key: 'gsi2pk' },
  { name: 'byPhone', key: 'phoneHash' },
] as const;
type IndexKey = (typeof INDEXES)[number]['key'];

export type WriteKind = 'put' | 'update' | 'delete' | 'check';

/** One write of one item (or one index entry), once DynamoDB accepted it. */
export interface WriteRecord {
  /** ms since the recorder started (performance.now()), when the call returned. */
  at: number;
  phase: string;
  /** `pk` of the table, or `<index>:<index partition key>` for an index entry. */
  partition: string;
  item: string;
  kind: WriteKind;
  transactional: boolean;
  index: boolean;
  wcu: number;
}

/** A transaction DynamoDB refused, with its cancellation reasons. */
export interface RefusedWrite {
  at: number;
  phase: string;
  command: string;
  error: string;
  reasons: string[];
  /** The application an approval transaction was deciding. */
  applicationId?: string;
}

/** A transaction as it was sent, for the model (bench/province-model.ts): its items and their units. */
export interface SentTransaction {
  at: number;
  phase: string;
  ok: boolean;
  applicationId?: string;
  items: Array<{
    partition: string;
    item: string;
    kind: WriteKind;
    wcu: number;
    /** The index entries the item's write moved. */
    indexes: Array<{ partition: string; item: string; wcu: number }>;
  }>;
}

type Plain = Record<string, unknown>;

/** DynamoDB's item size: attribute names and values in UTF-8 (numbers as their digits). */
export const itemBytes = (item: Plain): number => {
  const size = (value: unknown): number => {
    if (typeof value === 'string') return Buffer.byteLength(value);
    if (typeof value === 'number') return String(value).length;
    if (typeof value === 'boolean' || value === null || value === undefined) return 1;
    if (value instanceof Uint8Array) return value.byteLength;
    if (value instanceof Set) return [...value].reduce((sum: number, entry) => sum + size(entry), 0);
    if (Array.isArray(value)) return 3 + value.reduce((sum: number, entry) => sum + size(entry) + 1, 0);
    if (typeof value === 'object')
      return (
        3 +
        Object.entries(value as Plain).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + size(v) + 1, 0)
      );
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + size(value), 0);
};

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const text = (value: unknown): string =>
  typeof value === 'string' ? value : String((value as { S?: string } | undefined)?.S ?? '');

interface Known {
  /** Each attribute's size (name and value), so that an update's new size is known without reading. */
  attributes: Map<string, number>;
  keys: Partial<Record<IndexKey, string>>;
}

const sizeOf = (attributes: Map<string, number>) => [...attributes.values()].reduce((sum, n) => sum + n, 0);

/** Splits at commas outside parentheses (`a = if_not_exists(a, :zero) + :one, b = :b`). */
const topLevel = (clause: string): string[] => {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of clause) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
};

/**
 * What an UpdateExpression does to the attributes: each SET or ADD names an attribute and the values it is
 * set from (its size is taken as the largest of them), each REMOVE drops one.
 */
export const updatedAttributes = (
  expression: string,
  names: Record<string, string>,
  values: Plain,
): { set: Array<[string, number]>; removed: string[] } => {
  const resolve = (path: string) => {
    const name = path.trim().split(/[.[]/)[0] ?? '';
    return names[name] ?? name;
  };
  const set: Array<[string, number]> = [];
  const removed: string[] = [];
  const clauses = expression.split(/\b(SET|REMOVE|ADD|DELETE)\b/).slice(1);
  for (let i = 0; i < clauses.length; i += 2) {
    const action = clauses[i];
    for (const part of topLevel(clauses[i + 1] ?? '')) {
      if (action === 'REMOVE') removed.push(resolve(part));
      if (action === 'SET' || action === 'ADD') {
        const [path = '', rhs = ''] = action === 'SET' ? part.split(/=(.*)/s) : part.split(/\s+(.*)/s);
        const name = resolve(path);
        const sizes = (rhs.match(/:\w+/g) ?? []).map((placeholder) =>
          itemBytes({ [name]: values[placeholder] }),
        );
        set.push([name, Math.max(Buffer.byteLength(name) + 1, ...sizes)]);
      }
    }
  }
  return { set, removed };
};

export interface Recorder {
  writes: WriteRecord[];
  refused: RefusedWrite[];
  transactions: SentTransaction[];
  /** Calls per phase and command (reads included), successful or not. */
  calls: Map<string, number>;
  /** Items whose size was not known (never seen written): counted as 1 KB. */
  assumedSizes: number;
  now(): number;
  /** Records what `client` writes under `phase` (one client per function, as on Lambda). */
  attach(client: DynamoDBClient, phase: string): void;
}

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/** A recorder; `attach` it to each client whose writes count. What it knows of items is shared by all. */
export const createRecorder = (): Recorder => {
  const origin = performance.now();
  const known = new Map<string, Known>();
  const recorder: Recorder = {
    writes: [],
    refused: [],
    transactions: [],
    calls: new Map(),
    assumedSizes: 0,
    now: () => performance.now() - origin,
    attach: (client, phase) => attach(client, phase),
  };
  /** The writes one item's change makes, table and indexes; updates what is known of the item. */
  const writesOf = (
    kind: WriteKind,
    entry: Plain,
    transactional: boolean,
  ): Array<Omit<WriteRecord, 'at' | 'phase'>> => {
    const keySource = (entry.Key ?? entry.Item) as Plain | undefined;
    const pk = text(keySource?.pk);
    const item = `${pk}|${text(keySource?.sk)}`;
    const before = known.get(item);
    if (!before && kind !== 'put') recorder.assumedSizes++;
    // An item not seen written before (counters, the union directory, items of the background): its key.
    const attributes = new Map(
      before?.attributes ?? [
        ['pk', itemBytes({ pk })],
        ['sk', itemBytes({ sk: text(keySource?.sk) })],
      ],
    );
    const beforeBytes = before ? sizeOf(before.attributes) : 0;
    const afterKeys: Partial<Record<IndexKey, string>> = { ...(before?.keys ?? {}) };
    let statusChanged = false;
    if (kind === 'put') {
      const written = entry.Item as Plain;
      attributes.clear();
      for (const [name, value] of Object.entries(written)) attributes.set(name, itemBytes({ [name]: value }));
      for (const { key } of INDEXES) {
        if (written[key] !== undefined) afterKeys[key] = text(written[key]);
        else delete afterKeys[key];
      }
      statusChanged = true;
    }
    if (kind === 'update') {
      const expression = String(entry.UpdateExpression ?? '');
      const names = (entry.ExpressionAttributeNames ?? {}) as Record<string, string>;
      const values = (entry.ExpressionAttributeValues ?? {}) as Plain;
      const { set, removed } = updatedAttributes(expression, names, values);
      for (const [name, bytes] of set) attributes.set(name, bytes);
      for (const name of removed) attributes.delete(name);
      for (const { key } of INDEXES) {
        if (new RegExp(`\\b${key}\\s*=\\s*(:\\w+)`).test(expression)) {
          const name = new RegExp(`\\b${key}\\s*=\\s*(:\\w+)`).exec(expression)?.[1] ?? '';
          afterKeys[key] = text(values[name]);
        }
        if (removed.includes(key)) delete afterKeys[key];
      }
      statusChanged = set.some(([name]) => name === 'status');
    }
    if (kind === 'delete') for (const { key } of INDEXES) delete afterKeys[key];
    const afterBytes = kind === 'delete' ? 0 : sizeOf(attributes);
    if (kind !== 'check') {
      if (kind === 'delete') known.delete(item);
      else known.set(item, { attributes, keys: afterKeys });
    }
    const size = Math.max(beforeBytes, afterBytes, 1);
    const out: Array<Omit<WriteRecord, 'at' | 'phase'>> = [
      { partition: pk, item, kind, transactional, index: false, wcu: units(size) * (transactional ? 2 : 1) },
    ];
    if (kind === 'check') return out;
    for (const { name, key } of INDEXES) {
      const was = before?.keys[key];
      const now = afterKeys[key];
      // byPhone projects only idHash and status: other changes do not reach it.
      if (key === 'phoneHash' && was === now && !statusChanged) continue;
      const entryOf = (partition: string, bytes: number, entryKind: WriteKind) => ({
        partition: `${name}:${partition}`,
        item: `${name}:${partition}|${item}`,
        kind: entryKind,
        transactional: false,
        index: true,
        wcu: units(bytes),
      });
      if (was !== undefined && was !== now) out.push(entryOf(was, beforeBytes, 'delete'));
      if (now !== undefined) out.push(entryOf(now, afterBytes, was === now ? 'update' : 'put'));
    }
    return out;
  };

  const kindOf = (entry: Plain): [WriteKind, Plain] => {
    if (entry.Put) return ['put', entry.Put as Plain];
    if (entry.Update) return ['update', entry.Update as Plain];
    if (entry.Delete) return ['delete', entry.Delete as Plain];
    if (entry.ConditionCheck) return ['check', entry.ConditionCheck as Plain];
    if (entry.PutRequest) return ['put', entry.PutRequest as Plain];
    return ['delete', (entry.DeleteRequest ?? {}) as Plain];
  };

  /** The application an approval transaction decides: the one it sets to approved. */
  const approvalOf = (items: Plain[]): string | undefined => {
    for (const entry of items) {
      const update = entry.Update as Plain | undefined;
      const values = (update?.ExpressionAttributeValues ?? {}) as Plain;
      if (update && text(values[':approved']) === 'approved')
        return text((update.Key as Plain).pk).replace(/^APPLICATION#/, '');
    }
    return undefined;
  };

  const attach = (client: DynamoDBClient, phase: string) => {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        const callKey = `${phase} ${command.replace(/Command$/, '')}`;
        recorder.calls.set(callKey, (recorder.calls.get(callKey) ?? 0) + 1);
        if (!WRITE_COMMANDS.has(command)) return next(args);
        const input = args.input as Plain;
        const transaction =
          command === 'TransactWriteItemsCommand' ? (input.TransactItems as Plain[]) : undefined;
        const sentAt = recorder.now();
        try {
          const result = await next(args);
          const at = recorder.now();
          const add = (kind: WriteKind, entry: Plain, transactional: boolean) => {
            const made = writesOf(kind, entry, transactional);
            for (const write of made) recorder.writes.push({ ...write, at, phase });
            return made;
          };
          if (transaction) {
            const items = transaction.map((entry) => {
              const [kind, body] = kindOf(entry);
              const [table, ...indexes] = add(kind, body, true);
              return {
                partition: table?.partition ?? '',
                item: table?.item ?? '',
                kind,
                wcu: table?.wcu ?? 0,
                indexes: indexes.map((w) => ({ partition: w.partition, item: w.item, wcu: w.wcu })),
              };
            });
            const applicationId = approvalOf(transaction);
            recorder.transactions.push({
              at: sentAt,
              phase,
              ok: true,
              items,
              ...(applicationId ? { applicationId } : {}),
            });
          } else if (command === 'BatchWriteItemCommand') {
            // Every request is counted as written: the code under test retries what comes back unprocessed.
            for (const requests of Object.values((input.RequestItems ?? {}) as Record<string, Plain[]>))
              for (const request of requests) add(...kindOf(request), false);
          } else {
            const kind: WriteKind =
              command === 'PutItemCommand' ? 'put' : command === 'UpdateItemCommand' ? 'update' : 'delete';
            add(kind, input, false);
          }
          return result;
        } catch (error) {
          const reasons = (
            (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []
          ).map((reason) => reason.Code ?? 'None');
          const applicationId = transaction ? approvalOf(transaction) : undefined;
          recorder.refused.push({
            at: recorder.now(),
            phase,
            command,
            error: error instanceof Error ? error.name : String(error),
            reasons,
            ...(applicationId ? { applicationId } : {}),
          });
          if (transaction)
            recorder.transactions.push({
              at: sentAt,
              phase,
              ok: false,
              items: [],
              ...(applicationId ? { applicationId } : {}),
            });
          throw error;
        }
      },
      { step: 'initialize', name: 'provinceWriteRecorder' },
    );
  };
  return recorder;
};

export interface PartitionFigure {
  partition: string;
  /** Table partition key, or an index's partition. */
  index: boolean;
  writes: number;
  /** ConditionChecks among `writes` (they write nothing, but a transaction bills them). */
  checks: number;
  wcu: number;
  peakWritesPerSecond: number;
  peakWcuPerSecond: number;
  /** Items written in it, and the busiest. */
  items: number;
  hottestItem: string;
  hottestItemPeakWcuPerSecond: number;
}

/** Per partition (table and index) over `writes`: totals and the busiest 1-second bucket. */
export const partitionFigures = (writes: readonly WriteRecord[]): PartitionFigure[] => {
  const byPartition = new Map<
    string,
    {
      index: boolean;
      writes: number;
      checks: number;
      wcu: number;
      seconds: Map<number, { writes: number; wcu: number }>;
      items: Map<string, Map<number, number>>;
    }
  >();
  for (const write of writes) {
    let entry = byPartition.get(write.partition);
    if (!entry) {
      entry = { index: write.index, writes: 0, checks: 0, wcu: 0, seconds: new Map(), items: new Map() };
      byPartition.set(write.partition, entry);
    }
    entry.writes++;
    if (write.kind === 'check') entry.checks++;
    entry.wcu += write.wcu;
    const second = Math.floor(write.at / 1000);
    const bucket = entry.seconds.get(second) ?? { writes: 0, wcu: 0 };
    bucket.writes++;
    bucket.wcu += write.wcu;
    entry.seconds.set(second, bucket);
    const item = entry.items.get(write.item) ?? new Map<number, number>();
    item.set(second, (item.get(second) ?? 0) + write.wcu);
    entry.items.set(write.item, item);
  }
  return [...byPartition.entries()].map(([partition, entry]) => {
    const buckets = [...entry.seconds.values()];
    let hottestItem = '';
    let hottestItemPeak = 0;
    for (const [item, seconds] of entry.items) {
      const peak = Math.max(...seconds.values());
      if (peak > hottestItemPeak) {
        hottestItemPeak = peak;
        hottestItem = item;
      }
    }
    return {
      partition,
      index: entry.index,
      writes: entry.writes,
      checks: entry.checks,
      wcu: entry.wcu,
      peakWritesPerSecond: Math.max(...buckets.map((b) => b.writes)),
      peakWcuPerSecond: Math.max(...buckets.map((b) => b.wcu)),
      items: entry.items.size,
      hottestItem,
      hottestItemPeakWcuPerSecond: hottestItemPeak,
    };
  });
};

/** Per item over `writes`: writes and units, and how many distinct transactions touched it. */
export const itemTotals = (writes: readonly WriteRecord[]): Map<string, { writes: number; wcu: number }> => {
  const totals = new Map<string, { writes: number; wcu: number }>();
  for (const write of writes) {
    const entry = totals.get(write.item) ?? { writes: 0, wcu: 0 };
    entry.writes++;
    entry.wcu += write.wcu;
    totals.set(write.item, entry);
  }
  return totals;
};

/**
 * The shape a partition key takes in the table (`APPLICATION#…` → `APPLICATION#*`), so that per-approval
 * figures can name a partition family: the sign-up county's partitions keep their names.
 */
export const partitionFamily = (partition: string, keep: readonly string[]): string => {
  if (keep.some((name) => partition === name || partition.endsWith(`:${name}`))) return partition;
  if (/^(APPLICATION|PERSON|MEMBER|VERIFICATION|IDEMPOTENCY|LIMIT)#/.test(partition))
    return `${partition.split('#')[0]}#*`;
  if (/^byPhone:/.test(partition)) return 'byPhone:*';
  return partition;
};
