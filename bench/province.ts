/**
 * Province scale, simulated (issue 15; README, "Benchmarks", "Province scale"): one stack serving a
 * province of 100 counties (codes c001…c100, generated), a year's members already in it, then a sign-up day
 * in one county — 5,000 applications, screened through the review queue, approved in bulk by six reviewers
 * at once. `npm run bench -- province`; sizes from PROVINCE_* environment variables (see SETTINGS).
 *
 * What runs: DynamoDB Local and the SQS emulator the local stack uses (fauxqs), started here; the real
 * storage modules, the real screening consumer behind the local event-source mapping (local/sqs-poller.ts,
 * as many loops as the wiring's maxConcurrency), the real review function's bulk route
 * (`POST /api/review/decisions`, in process, a reviewer per function instance), the real report
 * generation. What does not: the HTTP intake and the code request — the catalogue refuses generated
 * counties (`isCounty`), so applications are stored with the intake's own storage calls (the code item read,
 * the person read, the Idempotency-Key read, the intake transaction with its Idempotency-Key claim and ID
 * limit, the review queue message), and the background members with the storage calls seeding uses.
 *
 * Measured: every write (bench/province-writes.ts) — peak writes and write units per second per partition
 * and per item on DynamoDB Local's wall clock, and per approval, which is what carries over to AWS; the
 * queue's drain; report generation at 100 vs 11 counties with the same members. DynamoDB Local runs one
 * transaction at a time and never answers TransactionConflict, so conflicts are counted on it (none) and
 * modelled for AWS (bench/province-model.ts) from the transactions recorded here.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startFauxqs } from 'fauxqs';
import { generateReport } from '../functions/reports/generate';
import { createReviewHandler } from '../functions/review/review';
import { createScreeningHandler } from '../functions/screening/screening';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { lambdaContext } from '../local/lambda-context';
import { ensureQueue, ensureTable } from '../local/resources';
import { type Poller, startSqsPoller } from '../local/sqs-poller';
import { catalog } from '../shared/catalog/index';
import { newApplicationId, newApplicationRecord } from '../shared/domain/application';
import type { ApplicationInput } from '../shared/domain/application-rules';
import type { Caller } from '../shared/domain/caller';
import { ID_APPLICATION_LIMITS } from '../shared/domain/limits';
import { customPeriod } from '../shared/domain/report-period';
import type { HttpResult } from '../shared/http/types';
import { createHasher, hashStatusToken } from '../shared/privacy/hashing';
import { notificationQueue } from '../shared/queue/notifications';
import { reviewQueue } from '../shared/queue/review-queue';
import { documentClient } from '../shared/runtime/clients';
import { applicationStore } from '../shared/storage/applications';
import { readCounterTotals } from '../shared/storage/counters';
import {
  COUNTER_PARTITIONS,
  COUNTER_SHARDS,
  cellCounterSk,
  countyApplicationsPartition,
  reportKey,
} from '../shared/storage/keys';
import { notificationOutboxStore } from '../shared/storage/notification-outbox';
import { personStore } from '../shared/storage/people';
import { reportStore } from '../shared/storage/reports';
import { reviewStore } from '../shared/storage/review';
import { unionStore } from '../shared/storage/unions';
import { verificationStore } from '../shared/storage/verifications';
import { FUNCTIONS, QUEUE_CONSUMERS } from '../shared/wiring';
import { httpEvent } from '../tests/support/events';
import { random } from '../tests/support/seed';
import {
  AWS_LATENCIES,
  conflictFreeApprovalMs,
  type ModelOptions,
  type ModelResult,
  type ModelWrite,
  simulateApprovals,
} from './province-model';
import {
  createRecorder,
  itemBytes,
  type PartitionFigure,
  partitionFamily,
  partitionFigures,
  type Recorder,
} from './province-writes';
import { median, pool, round, sleep } from './support';

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return value;
};

/** The scenario's sizes: PROVINCE_<NAME> in the environment, else these (the full-size run). */
export const SETTINGS = {
  /** Counties of the generated province (c001…). */
  counties: int('PROVINCE_COUNTIES', 100),
  /** Members already approved before the sign-up day, spread over every county, trade and platform. */
  members: int('PROVINCE_MEMBERS', 20_000),
  /** Applications on the sign-up day, all in one county. */
  signUp: int('PROVINCE_SIGNUP', 5_000),
  /** Reviewers approving at once, each in bulks of BULK. */
  reviewers: int('PROVINCE_REVIEWERS', 6),
  bulk: int('PROVINCE_BULK', 25),
  /** How often each reviewer sends a bulk on the day (the model's pace; the bench itself goes flat out). */
  bulkEverySeconds: int('PROVINCE_BULK_EVERY_SECONDS', 20),
  /** Applications being stored at once during the sign-up day's intake. */
  inFlight: int('PROVINCE_IN_FLIGHT', 8),
  /** Report generations per size (the median is kept). */
  reportRuns: int('PROVINCE_REPORT_RUNS', 5),
  /** Writes in flight while seeding the background members. */
  seedConcurrency: int('PROVINCE_SEED_CONCURRENCY', 16),
  /** Counter shard counts the model compares (comma-separated list; 8 is what the stack uses). */
  shards: (process.env.PROVINCE_SHARDS ?? '4,8,16')
    .split(',')
    .map(Number)
    .filter((n) => n > 0),
  /**
   * `backlog` (default): the screening consumer starts once every application is queued — the queue drained
   * from full, the worst case (as after the consumer was down, or when intake outpaces it); `live`: it runs
   * while the applications come in, as on the day.
   */
  drain: process.env.PROVINCE_DRAIN === 'live' ? ('live' as const) : ('backlog' as const),
};

/** DynamoDB's per-partition write throughput (write units per second), which also bounds one item. */
export const PARTITION_LIMIT_WCU = 1_000;
export const ITEM_LIMIT_BYTES = 400 * 1024;
export const HEADROOM_TARGET = 0.5;
export const CONFLICT_TARGET = 0.1;
/** The day's applications all in the reviewers' queue within five minutes of the last one. */
export const DRAIN_TARGET_SECONDS = 300;
const MAX_ATTEMPTS = 8;
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const REGION = 'us-east-1';

const countyCodes = (n: number) => Array.from({ length: n }, (_, i) => `c${String(i + 1).padStart(3, '0')}`);
const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
const servingPlatforms = (trade: string) =>
  catalog.platforms.filter((p) => p.trades.includes(trade) && p.code !== 'other').map((p) => p.code);

const admin: Caller = { sub: 'bench', name: 'bench-admin', role: 'admin', counties: '*' };
const silent = new Logger({ serviceName: 'bench', logLevel: 'SILENT' });

const client = (endpoint: string) => new DynamoDBClient({ endpoint, region: REGION, credentials });

/** One table's stores over one client. */
const storesOf = (db: DynamoDBDocumentClient, table: string) => ({
  applications: applicationStore(db, table),
  people: personStore(db, table),
  verifications: verificationStore(db, table),
  review: reviewStore(db, table),
  unions: unionStore(db, table),
  reports: reportStore(db, table),
  outbox: notificationOutboxStore(db, table),
});
type Stores = ReturnType<typeof storesOf>;

/**
 * The province's unions before the year: each county's fallback union (made by its first approval), and a
 * platform union in every fourth county (Meituan or DiDi), and the sign-up county's Meituan riders' union,
 * which organises the event. The same rule at 11 and at 100 counties.
 */
const setUpUnions = async (stores: Stores, counties: readonly string[], signUpCounty?: string) => {
  const at = new Date(Date.now() - 400 * 86_400_000);
  const wanted = counties.flatMap((county, i) =>
    i % 4 === 0 ? [[county, i % 8 === 0 ? 'meituan' : 'didi'] as const] : [],
  );
  if (signUpCounty && !wanted.some(([c, p]) => c === signUpCounty && p === 'meituan'))
    wanted.push([signUpCounty, 'meituan']);
  for (const [n, [county, platform]] of wanted.entries()) {
    await stores.unions.createUnion(
      {
        name: `${county}${platform}工会`,
        kind: 'platform',
        county,
        platform,
        setUpOn: at.toISOString().slice(0, 10),
      },
      `U-${county}-${platform}${n}`,
      admin,
      at,
    );
  }
  return wanted.length;
};

/**
 * The background: `count` members approved over the past year, every county, trade and platform alike, each
 * through the storage calls the product makes (code item, application, screening, approval transaction).
 */
const seedMembers = async (
  stores: Stores,
  counties: readonly string[],
  count: number,
  concurrency: number,
): Promise<void> => {
  const next = random(15);
  const now = Date.now();
  const from = now - 365 * 86_400_000;
  const span = 360 * 86_400_000;
  const plans = Array.from({ length: count }, (_, i) => {
    const trade = pick(next, catalog.trades).code;
    const serving = servingPlatforms(trade);
    const platforms = [...new Set([pick(next, serving), ...(next() < 0.3 ? [pick(next, serving)] : [])])];
    const submitted = new Date(from + next() * span);
    const decided = new Date(submitted.getTime() + (1 + next() * 96) * 3_600_000);
    const id = `A260101-${String(i).padStart(8, '0')}`;
    return { id, trade, platforms, county: pick(next, counties), submitted, decided };
  });
  await pool(plans, concurrency, async (plan) => {
    const input: ApplicationInput = {
      fullName: '测试员',
      phone: '13800000000',
      idNumber: 'unused',
      trade: plan.trade,
      platforms: plan.platforms,
      county: plan.county,
      consent: true,
      verificationId: `V-${plan.id}`,
      verificationCode: 'unused',
    };
    const record = newApplicationRecord(
      input,
      { applicationId: plan.id, now: plan.submitted, consentVersion: 'seed', locale: 'zh-CN' },
      { idHash: `seed-${plan.id}`, phoneHash: `seed-${plan.id}`, statusTokenHash: 'x' },
      { idNumberMasked: '530602********0000', phoneMasked: '138****0000' },
    );
    await stores.verifications.create({
      verificationId: `V-${plan.id}`,
      phoneHash: record.phoneHash,
      codeHash: 'seed',
      createdAt: record.submittedAt,
      validUntil: new Date(plan.submitted.getTime() + 600_000).toISOString(),
      attempts: 0,
    });
    const person = await stores.people.get(record.idHash);
    await stores.applications.create(
      record,
      { read: person, next: { ...person, open: { [record.applicationId]: record.phoneHash } } },
      {
        verificationId: `V-${plan.id}`,
        phoneHash: record.phoneHash,
        codeHash: 'seed',
        applicationId: record.applicationId,
        at: plan.submitted,
      },
    );
    await stores.applications.markPendingReview(record, [], plan.submitted);
    await stores.review.approve(
      { ...record, status: 'pending_review' },
      await stores.people.get(record.idHash),
      admin,
      plan.decided,
    );
  });
};

export interface ReportSide {
  counties: number;
  members: number;
  /** Counter items (cells, people per trade and county, unions) the report reads. */
  counterItems: number;
  cells: number;
  unions: number;
  itemsRead: number;
  medianMs: number;
  runsMs: number[];
  /** The stored report item's size (DynamoDB's 400 KB item limit), the report gzipped in it. */
  reportItemBytes: number;
  /** The report as JSON, before gzip. */
  reportJsonBytes: number;
}

const countItems = async (db: DynamoDBDocumentClient, table: string, partition: string): Promise<number> => {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
};

/** Report generation on each table, runs interleaved (a, b, a, b…) so a drift of the machine hits both. */
const measureReports = async (
  db: DynamoDBDocumentClient,
  sides: Array<{ table: string; counties: number; members: number }>,
  runs: number,
): Promise<ReportSide[]> => {
  const today = new Date();
  const day = (daysAgo: number) =>
    new Date(today.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  // The last two weeks before today: a fortnight's decisions of the year's members in both tables.
  const period = customPeriod(day(15), day(2));
  const times = sides.map(() => [] as number[]);
  const results = sides.map(() => ({ itemsRead: 0, cells: 0, unions: 0, reportId: '' }));
  for (let run = 0; run < runs + 1; run++) {
    for (const [i, side] of sides.entries()) {
      const started = performance.now();
      let generated: Awaited<ReturnType<typeof generateReport>>;
      try {
        generated = await generateReport(
          { reports: reportStore(db, side.table), now: () => new Date() },
          period,
        );
      } catch (error) {
        // A report too large for one item (400 KB) fails its save: say so rather than lose the run.
        throw new Error(
          `report at ${side.counties} counties failed: ${error instanceof Error ? error.message : error}`,
        );
      }
      const { report, itemsRead } = generated;
      // The first run of each is a warm-up (the JVM's, and this process's), not counted.
      if (run > 0) times[i]?.push(performance.now() - started);
      results[i] = {
        itemsRead,
        cells: report.cells.length,
        unions: report.unions?.perUnion.length ?? 0,
        reportId: report.reportId,
      };
    }
  }
  return Promise.all(
    sides.map(async (side, i) => {
      const result = results[i] as (typeof results)[number];
      const { Item } = await db.send(
        new GetCommand({ TableName: side.table, Key: reportKey(result.reportId) }),
      );
      return {
        counties: side.counties,
        members: side.members,
        counterItems: (
          await Promise.all(COUNTER_PARTITIONS.map((partition) => countItems(db, side.table, partition)))
        ).reduce((sum, n) => sum + n, 0),
        cells: result.cells,
        unions: result.unions,
        itemsRead: result.itemsRead,
        medianMs: round(median(times[i] as number[])),
        runsMs: (times[i] as number[]).map((t) => round(t)),
        reportItemBytes: Item ? itemBytes(Item) : 0,
        reportJsonBytes: Item?.reportGzip ? gunzipSync(Item.reportGzip as Uint8Array).byteLength : 0,
      };
    }),
  );
};

interface SignUpPlan {
  applicationId: string;
  input: ApplicationInput;
  idHash: string;
  phoneHash: string;
}

/**
 * The sign-up day's applicants: most deliver for Meituan (a Meituan riders' event), some for Meituan and
 * Ele.me, a few came along with other trades.
 */
const signUpPlans = (
  county: string,
  count: number,
  hasher: ReturnType<typeof createHasher>,
): SignUpPlan[] => {
  const next = random(4242);
  return Array.from({ length: count }, (_, i) => {
    const roll = next();
    const trade = roll < 0.95 ? 'delivery_rider' : pick(next, catalog.trades).code;
    const platforms =
      roll < 0.85 ? ['meituan'] : roll < 0.95 ? ['meituan', 'eleme'] : [pick(next, servingPlatforms(trade))];
    const phone = `139${String(10_000_000 + i).padStart(8, '0')}`;
    const idNumber = `5306021990${String(i).padStart(8, '0')}`;
    const input: ApplicationInput = {
      fullName: '王小明',
      phone,
      idNumber,
      trade,
      platforms,
      county,
      consent: true,
      verificationId: `V-signup-${i}`,
      verificationCode: String(100000 + (i % 900000)),
    };
    return {
      applicationId: newApplicationId(new Date(), randomBytes(8)),
      input,
      idHash: hasher.idHash(idNumber),
      phoneHash: hasher.phoneHash(phone),
    };
  });
};

export interface PartitionRow extends PartitionFigure {
  /** Write units per approval (approval phase) or per application (intake and screening phases). */
  wcuPerUnit: number;
  writesPerUnit: number;
}

export interface ProvinceResult {
  settings: typeof SETTINGS;
  signUpCounty: string;
  seedSeconds: number;
  reports: {
    province: ReportSide;
    city: ReportSide;
    timeRatio: number;
    itemsRatio: number;
    cellsRatio: number;
    /** What the report reads in proportion to the catalogue: counter items (cells, people, unions). */
    counterItemsRatio: number;
  };
  intake: {
    drain: 'live' | 'backlog';
    applications: number;
    seconds: number;
    perSecond: number;
    /** From the last application stored and queued to the last one pending_review. */
    drainSeconds: number;
    /** From the first application to the last one pending_review. */
    totalSeconds: number;
    maxQueueDepth: number;
    screeningPerSecond: number;
  };
  approvals: {
    approved: number;
    seconds: number;
    perSecond: number;
    /** Bulk items answered 503 (no time left in the function) and sent again. */
    unavailable: number;
    /** On DynamoDB Local: transactions refused with TransactionConflict, and applications attempted twice or more. */
    localConflicts: number;
    localRetriedApplications: number;
    readsPerAttempt: number;
  };
  /** Top partitions per phase on DynamoDB Local's clock, with units per approval / application. */
  partitions: Record<'intake' | 'screening' | 'approval', PartitionRow[]>;
  /** The hottest partition of the approvals per approval, and what the day needs of it on AWS. */
  hottest: {
    partition: string;
    wcuPerApproval: number;
    writesPerApproval: number;
    checksPerApproval: number;
    approvalMsOnAws: number;
    peakApprovalsPerSecond: number;
    sustainedApprovalsPerSecond: number;
    neededWcuPerSecond: number;
    sustainedWcuPerSecond: number;
    ratioToLimit: number;
    maxApprovalsPerSecond: number;
    hottestItem: string;
    hottestItemWcuPerApproval: number;
    /** The partition that limits intake and screening (per application), and the rate it allows. */
    intakePartition: string;
    intakeWcuPerApplication: number;
    intakeMaxApplicationsPerSecond: number;
  };
  /** Items every approval of the sign-up county names: where concurrent approvals meet. */
  sharedItems: Array<{ item: string; kind: string; approvals: number }>;
  model: { latencies: typeof AWS_LATENCIES; runs: ModelResult[] };
  assumedSizes: number;
  notes: string[];
}

export const benchProvince = async (log: (line: string) => void = console.log): Promise<ProvinceResult> => {
  const s = SETTINGS;
  if (s.bulk < 1 || s.bulk > 25)
    throw new Error('PROVINCE_BULK must be 1–25 (the bulk route takes at most 25)');
  const counties = countyCodes(s.counties);
  const signUpCounty = counties[Math.min(counties.length - 1, Math.floor(counties.length * 0.42))] as string;
  log(
    `Province: ${s.counties} counties, ${s.members.toLocaleString('en')} members, then ${s.signUp.toLocaleString('en')} applications in ${signUpCounty} approved by ${s.reviewers} reviewers in bulks of ${s.bulk}`,
  );
  const dynamo = await startDynamoDbLocal({});
  const fauxqs = await startFauxqs({ port: 0, logger: false });
  const clients: DynamoDBClient[] = [];
  const made = (recorder?: Recorder, phase?: string) => {
    const c = client(dynamo.endpoint);
    if (recorder && phase) recorder.attach(c, phase);
    clients.push(c);
    return documentClient(c);
  };
  const sqs = new SQSClient({
    endpoint: fauxqs.address,
    region: REGION,
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  const pollers: Poller[] = [];
  try {
    const setup = made();
    const province = 'province-100';
    const city = 'province-11';
    await ensureTable(clients[0] as DynamoDBClient, province);
    await ensureTable(clients[0] as DynamoDBClient, city);

    // 1. The background: the same members in a province of 100 generated counties and in the 11 real ones.
    const seedStart = performance.now();
    const realCounties = catalog.counties.map((c) => c.code);
    for (const [table, list, label] of [
      [province, counties, `${s.counties} counties`],
      [city, realCounties, `${realCounties.length} counties (the catalogue's)`],
    ] as const) {
      const started = performance.now();
      const stores = storesOf(setup, table);
      const unions = await setUpUnions(stores, list, table === province ? signUpCounty : undefined);
      await seedMembers(stores, list, s.members, s.seedConcurrency);
      log(
        `  seeded ${s.members.toLocaleString('en')} members in ${label} (${unions} platform unions) in ${round((performance.now() - started) / 1000)} s`,
      );
    }
    const seedSeconds = round((performance.now() - seedStart) / 1000);

    // 2. Report generation at 100 and at 11 counties, same members: O(cells).
    const [provinceReport, cityReport] = (await measureReports(
      setup,
      [
        { table: province, counties: s.counties, members: s.members },
        { table: city, counties: realCounties.length, members: s.members },
      ],
      s.reportRuns,
    )) as [ReportSide, ReportSide];
    for (const side of [provinceReport, cityReport])
      log(
        `  report at ${side.counties} counties: ${side.medianMs} ms (median of ${side.runsMs.length}), ${side.itemsRead} items read, ${side.cells} cells, ${side.counterItems} counter items, report item ${round(side.reportItemBytes / 1024)} KB (the report ${round(side.reportJsonBytes / 1024)} KB as JSON, gzipped in it)`,
      );

    // 3. The sign-up day, every write recorded: one client per function, as on Lambda.
    const recorder = createRecorder();
    const intakeDb = made(recorder, 'intake');
    const screeningDb = made(recorder, 'screening');
    const reviewDb = made(recorder, 'approval');
    const reviewQueueUrls = await ensureQueue(sqs, 'review', 'province-review');
    const notificationUrls = await ensureQueue(sqs, 'notifications', 'province-notifications');
    const hasher = createHasher(randomBytes(32));
    const plans = signUpPlans(signUpCounty, s.signUp, hasher);
    const codes = storesOf(setup, province);
    // The codes were asked for beforehand (the venue's SMS), not part of the figure.
    await pool(plans, s.seedConcurrency, async (plan) => {
      const at = new Date();
      await codes.verifications.create({
        verificationId: plan.input.verificationId,
        phoneHash: plan.phoneHash,
        codeHash: hasher.verificationCodeHash(plan.input.verificationId, plan.input.verificationCode),
        createdAt: at.toISOString(),
        validUntil: new Date(at.getTime() + 3_600_000).toISOString(),
        attempts: 0,
      });
    });

    const screeningConsumer = QUEUE_CONSUMERS.find((c) => c.function === 'screening');
    if (!screeningConsumer) throw new Error('no screening consumer in the wiring');
    const screeningStores = storesOf(screeningDb, province);
    const screenedBy = notificationQueue(sqs, notificationUrls.url);
    const startScreening = () => {
      for (let loop = 0; loop < screeningConsumer.maxConcurrency; loop++) {
        pollers.push(
          startSqsPoller({
            sqs,
            queueUrl: reviewQueueUrls.url,
            queueArn: reviewQueueUrls.arn,
            consumer: { ...screeningConsumer, maxConcurrency: 1 },
            handler: createScreeningHandler({
              store: screeningStores.applications,
              people: screeningStores.people,
              notifications: screenedBy,
              logger: silent,
            }),
            context: () => lambdaContext('screening', FUNCTIONS.screening.timeoutSeconds),
          }),
        );
      }
    };
    if (s.drain === 'live') startScreening();
    let maxQueueDepth = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: reviewQueueUrls.url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        const depth =
          Number(Attributes.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
        maxQueueDepth = Math.max(maxQueueDepth, depth);
        await sleep(500);
      }
    })();

    const intake = storesOf(intakeDb, province);
    const queue = reviewQueue(sqs, reviewQueueUrls.url);
    const venue = hasher.addressHash('10.42.0.1');
    const intakeStart = recorder.now();
    let lastSubmitted = 0;
    await pool(plans, s.inFlight, async (plan) => {
      const at = new Date();
      const key = `signup-${plan.applicationId}`;
      // What intake reads before its transaction: the Idempotency-Key, the code, the person.
      await intake.applications.getIdempotency(key, at);
      await intake.verifications.get(plan.input.verificationId);
      const person = await intake.people.get(plan.idHash);
      const record = newApplicationRecord(
        plan.input,
        { applicationId: plan.applicationId, now: at, consentVersion: 'signup', locale: 'zh-CN' },
        {
          idHash: plan.idHash,
          phoneHash: plan.phoneHash,
          statusTokenHash: hashStatusToken(hasher.statusToken(plan.applicationId)),
        },
        { idNumberMasked: '530602********0000', phoneMasked: '139****0000' },
      );
      await intake.applications.create(
        record,
        { read: person, next: { ...person, open: { ...person.open, [plan.applicationId]: plan.phoneHash } } },
        {
          verificationId: plan.input.verificationId,
          phoneHash: plan.phoneHash,
          codeHash: hasher.verificationCodeHash(plan.input.verificationId, plan.input.verificationCode),
          applicationId: plan.applicationId,
          at,
        },
        {
          key,
          inputMac: hasher.inputFingerprint(plan.input),
          applicationId: plan.applicationId,
          submittedAt: record.submittedAt,
          status: 'submitted',
          expiresAtEpochSeconds: Math.floor(at.getTime() / 1000) + 86_400,
        },
        { rules: ID_APPLICATION_LIMITS, subject: `${plan.idHash}.${venue}` },
      );
      await queue.send({ applicationId: plan.applicationId });
      lastSubmitted = recorder.now();
    });
    const intakeSeconds = (lastSubmitted - intakeStart) / 1000;
    if (s.drain === 'backlog') startScreening();
    log(
      `  intake: ${s.signUp} applications stored and queued in ${round(intakeSeconds)} s (${round(s.signUp / intakeSeconds)}/s, ${s.inFlight} at a time)`,
    );
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const { Count = 0 } = await setup.send(
        new QueryCommand({
          TableName: province,
          IndexName: 'byCounty',
          KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': countyApplicationsPartition(signUpCounty, 'submitted') },
          Select: 'COUNT',
        }),
      );
      if (Count === 0) break;
      if (Date.now() > deadline) throw new Error(`${Count} applications still submitted after 15 minutes`);
      await sleep(200);
    }
    sampling = false;
    await sampler;
    for (const poller of pollers.splice(0)) await poller.stop();
    const screened = recorder.writes.filter(
      (w) =>
        w.phase === 'screening' && !w.index && w.kind === 'update' && w.partition.startsWith('APPLICATION#'),
    );
    if (screened.length !== s.signUp)
      throw new Error(`${screened.length} applications moved to pending_review, expected ${s.signUp}`);
    const firstScreened = Math.min(...screened.map((w) => w.at));
    const lastScreened = Math.max(...screened.map((w) => w.at));
    const drainSeconds = Math.max(0, (lastScreened - lastSubmitted) / 1000);
    log(
      `  queue drain (${s.drain}): last application pending_review ${round(drainSeconds, 2)} s after the last was queued (at most ${maxQueueDepth} messages waiting; screening ${round(s.signUp / ((lastScreened - firstScreened) / 1000))}/s)`,
    );

    // 4. The bulk approvals: several reviewers at once, each its own review function instance.
    const reviewStores = storesOf(reviewDb, province);
    const reviewers = Array.from({ length: s.reviewers }, (_, r) =>
      createReviewHandler({
        hashKey: async () => randomBytes(32),
        roster: {
          get: async (identity) => ({
            staffId: `reviewer-${r}`,
            ...identity,
            displayName: `审核员${r + 1}`,
            role: 'reviewer',
            counties: [signUpCounty],
            active: true,
            createdAt: '',
            updatedAt: '',
            updatedBy: 'bench',
            version: 1,
          }),
        },
        applications: reviewStores.applications,
        people: reviewStores.people,
        review: reviewStores.review,
        notifications: notificationQueue(sqs, notificationUrls.url),
        outbox: reviewStores.outbox,
        logger: silent,
      }),
    );
    const waiting = plans.map((plan) => plan.applicationId);
    let approved = 0;
    let unavailable = 0;
    let active = 0;
    const failures: string[] = [];
    const approvalStart = recorder.now();
    await Promise.all(
      reviewers.map(async (handler, r) => {
        for (;;) {
          const batch = waiting.splice(0, s.bulk);
          if (batch.length === 0) {
            if (active === 0) return;
            await sleep(50);
            continue;
          }
          active++;
          const event = httpEvent({
            routeKey: 'POST /api/review/decisions',
            path: '/api/review/decisions',
            body: { items: batch.map((applicationId) => ({ applicationId, decision: 'approve' })) },
          });
          Object.assign(event.requestContext, {
            authorizer: { jwt: { claims: { sub: `reviewer-${r}`, iss: 'urn:bench' }, scopes: null } },
          });
          const answer = (await handler(
            event,
            lambdaContext('review', FUNCTIONS.review.timeoutSeconds),
          )) as HttpResult & { body?: string };
          active--;
          if (answer.statusCode !== 200)
            throw new Error(`bulk decision: ${answer.statusCode} ${answer.body}`);
          const { results } = JSON.parse(answer.body ?? '{}') as {
            results: Array<{ ok: boolean; applicationId: string; statusCode?: number; error?: string }>;
          };
          for (const result of results) {
            if (result.ok) approved++;
            else if (result.statusCode === 503) {
              unavailable++;
              waiting.push(result.applicationId);
            } else failures.push(`${result.applicationId}: ${result.statusCode} ${result.error}`);
          }
        }
      }),
    );
    const approvalSeconds = (recorder.now() - approvalStart) / 1000;
    if (failures.length > 0) throw new Error(`${failures.length} approvals failed, e.g. ${failures[0]}`);
    const signUpCell = cellCounterSk('delivery_rider', 'meituan', signUpCounty);
    const cellMembers = (await readCounterTotals(setup, province, signUpCell)).totals.get(signUpCell) ?? 0;
    log(
      `  approvals: ${approved} in ${round(approvalSeconds)} s (${round(approved / approvalSeconds)}/s on DynamoDB Local), ${unavailable} bulk items answered 503 and sent again; ${signUpCounty} delivery riders on Meituan: ${cellMembers} members`,
    );

    // 5. The figures: per partition, per approval, and the model.
    const phaseUnits = { intake: s.signUp, screening: s.signUp, approval: approved };
    const partitions = Object.fromEntries(
      (['intake', 'screening', 'approval'] as const).map((phase) => {
        const writes = recorder.writes.filter((w) => w.phase === phase);
        const families = writes.map((w) => ({
          ...w,
          partition: partitionFamily(w.partition, [
            ...COUNTER_PARTITIONS,
            'UNIONS',
            'OUTBOX',
            `STATUS#submitted`,
          ]),
        }));
        const rows = partitionFigures(families)
          .map((row) => ({
            ...row,
            wcuPerUnit: round(row.wcu / phaseUnits[phase], 2),
            writesPerUnit: round(row.writes / phaseUnits[phase], 2),
          }))
          .sort((a, b) => b.wcuPerUnit - a.wcuPerUnit || b.peakWcuPerSecond - a.peakWcuPerSecond)
          .slice(0, 10);
        return [phase, rows];
      }),
    ) as ProvinceResult['partitions'];
    // Families (`APPLICATION#*`) spread over many partitions: the hottest real partition is a named one.
    const single = (row: PartitionRow) => !row.partition.endsWith('*');
    const hottestRow = partitions.approval.filter(single)[0] as PartitionRow;
    const approvalWrites = recorder.writes.filter((w) => w.phase === 'approval');
    const checks = approvalWrites.filter(
      (w) => w.partition === hottestRow.partition && w.kind === 'check',
    ).length;
    const itemWcu = new Map<string, number>();
    // The busiest item written (a ConditionCheck's item is read, and shown among the shared items).
    for (const w of approvalWrites.filter((w) => w.kind !== 'check'))
      itemWcu.set(w.item, (itemWcu.get(w.item) ?? 0) + w.wcu);
    const [hottestItem, hottestItemWcu] = [...itemWcu.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];

    const attempts = recorder.transactions.filter((t) => t.phase === 'approval' && t.applicationId);
    const perApplication = new Map<string, number>();
    for (const t of attempts)
      perApplication.set(t.applicationId as string, (perApplication.get(t.applicationId as string) ?? 0) + 1);
    const localConflicts = recorder.refused.filter(
      (r) => r.phase === 'approval' && r.reasons.includes('TransactionConflict'),
    ).length;
    const gets = recorder.calls.get('approval GetItem') ?? 0;
    const readsPerAttempt = round(gets / Math.max(1, attempts.length), 2);

    // Where approvals meet: items named by more than one approval transaction.
    const okApprovals = attempts.filter((t) => t.ok);
    const touched = new Map<string, { kind: string; approvals: number }>();
    for (const t of okApprovals)
      for (const item of t.items) {
        const entry = touched.get(item.item) ?? { kind: item.kind, approvals: 0 };
        entry.approvals++;
        touched.set(item.item, entry);
      }
    const sharedItems = [...touched.entries()]
      .filter(([, entry]) => entry.approvals > 1)
      .map(([item, entry]) => ({ item, ...entry }))
      .sort((a, b) => b.approvals - a.approvals);

    const approvalMsOnAws = conflictFreeApprovalMs(readsPerAttempt);
    const peakApprovalsPerSecond = round((s.reviewers * 1000) / approvalMsOnAws, 1);
    const sustainedApprovalsPerSecond = round((s.reviewers * s.bulk) / Math.max(1, s.bulkEverySeconds), 2);
    const wcuPerApproval = hottestRow.wcuPerUnit;
    // Intake and screening together, per application: what one application writes before review.
    const beforeReview = partitionFigures(
      recorder.writes.filter((w) => w.phase === 'intake' || w.phase === 'screening'),
    )
      .filter((row) => !/^(APPLICATION|PERSON|VERIFICATION|IDEMPOTENCY|LIMIT)#|^byPhone:/.test(row.partition))
      .sort((a, b) => b.wcu - a.wcu);
    const intakeHot = beforeReview[0] as PartitionFigure;
    const hottest = {
      partition: hottestRow.partition,
      wcuPerApproval,
      writesPerApproval: hottestRow.writesPerUnit,
      checksPerApproval: round(checks / approved, 2),
      approvalMsOnAws,
      peakApprovalsPerSecond,
      sustainedApprovalsPerSecond,
      neededWcuPerSecond: round(wcuPerApproval * peakApprovalsPerSecond),
      sustainedWcuPerSecond: round(wcuPerApproval * sustainedApprovalsPerSecond),
      ratioToLimit: round((wcuPerApproval * peakApprovalsPerSecond) / PARTITION_LIMIT_WCU, 2),
      maxApprovalsPerSecond: round(PARTITION_LIMIT_WCU / wcuPerApproval),
      hottestItem,
      hottestItemWcuPerApproval: round(hottestItemWcu / approved, 2),
      intakePartition: intakeHot.partition,
      intakeWcuPerApplication: round(intakeHot.wcu / s.signUp, 2),
      intakeMaxApplicationsPerSecond: round(PARTITION_LIMIT_WCU / (intakeHot.wcu / s.signUp)),
    };

    // The model: the recorded approval transactions replayed with AWS latencies and AWS's conflicts.
    const modelApprovals: ModelWrite[][] = okApprovals.map((t) => [
      ...t.items.map((item) => ({
        partition: item.partition,
        item: item.item,
        check: item.kind === 'check',
        transactional: true,
        wcu: item.wcu,
      })),
      ...t.items.flatMap((item) =>
        item.indexes.map((entry) => ({ ...entry, check: false, transactional: false })),
      ),
      // After the commit: the SMS's outbox entry deleted (1 unit).
      ...t.items
        .filter((item) => item.partition === 'OUTBOX')
        .map((item) => ({
          partition: 'OUTBOX',
          item: `${item.item}#delete`,
          check: false,
          transactional: false,
          wcu: 1,
        })),
    ]);
    const base: ModelOptions = {
      reviewers: s.reviewers,
      bulk: s.bulk,
      bulkEverySeconds: s.bulkEverySeconds,
      startTogether: false,
      readsPerAttempt: Math.round(readsPerAttempt),
      latencies: AWS_LATENCIES,
      checksConflict: true,
      counterShards: COUNTER_SHARDS,
      shardChoice: 'instance',
      directoryCheckOutside: true,
      maxAttempts: MAX_ATTEMPTS,
      seed: 7,
    };
    const stress = { ...base, bulkEverySeconds: 0, startTogether: true };
    const runs: ModelResult[] = [
      simulateApprovals(
        'as built: the day at its pace (a bulk every interval, reviewers out of step)',
        modelApprovals,
        base,
      ),
      simulateApprovals('as built: reviewers back to back', modelApprovals, stress),
      ...[1, ...s.shards].flatMap((k) =>
        (k === 1 ? (['instance'] as const) : (['instance', 'transaction'] as const)).flatMap((choice) => {
          const name =
            k === 1
              ? 'counters in one partition'
              : `counters in ${k} shards, ${choice === 'instance' ? 'a shard per instance' : 'a random shard per transaction'}`;
          return [
            simulateApprovals(`${name}: the day at its pace`, modelApprovals, {
              ...base,
              counterShards: k,
              shardChoice: choice,
            }),
            simulateApprovals(`${name}: back to back`, modelApprovals, {
              ...stress,
              counterShards: k,
              shardChoice: choice,
            }),
          ];
        }),
      ),
    ];
    for (const run of runs)
      log(
        `  model: ${run.variant}: ${run.conflictsPerApproval} conflicts per approval, ${run.unavailable} × 503, ${run.approvalsPerSecond} approvals/s (peak ${run.peakApprovalsPerSecond}), ${run.partitions[0]?.partition} ${run.partitions[0]?.peakWcuPerSecond} WCU/s at peak`,
      );

    const result: ProvinceResult = {
      settings: s,
      signUpCounty,
      seedSeconds,
      reports: {
        province: provinceReport,
        city: cityReport,
        timeRatio: round(provinceReport.medianMs / cityReport.medianMs, 2),
        itemsRatio: round(provinceReport.itemsRead / cityReport.itemsRead, 2),
        cellsRatio: round(provinceReport.cells / cityReport.cells, 2),
        counterItemsRatio: round(provinceReport.counterItems / cityReport.counterItems, 2),
      },
      intake: {
        drain: s.drain,
        applications: s.signUp,
        seconds: round(intakeSeconds),
        perSecond: round(s.signUp / intakeSeconds),
        drainSeconds: round(drainSeconds, 2),
        totalSeconds: round((lastScreened - intakeStart) / 1000),
        maxQueueDepth,
        screeningPerSecond: round(s.signUp / ((lastScreened - firstScreened) / 1000)),
      },
      approvals: {
        approved,
        seconds: round(approvalSeconds),
        perSecond: round(approved / approvalSeconds),
        unavailable,
        localConflicts,
        localRetriedApplications: [...perApplication.values()].filter((n) => n > 1).length,
        readsPerAttempt,
      },
      partitions,
      hottest,
      sharedItems: sharedItems.slice(0, 12),
      model: { latencies: AWS_LATENCIES, runs },
      assumedSizes: recorder.assumedSizes,
      notes: [
        `generated catalogue: counties c001…c${String(s.counties).padStart(3, '0')}, the catalogue's trades and platforms; the report compares the same ${s.members.toLocaleString('en')} members in the 11 catalogue counties`,
        'intake through its storage calls (the catalogue refuses generated counties): GetItem of the Idempotency-Key, the code and the person, the intake transaction (application, person, code spent, Idempotency-Key claim, ID limit), SendMessage; the codes asked for beforehand, untimed',
        `screening: the real consumer behind the local event-source mapping, ${screeningConsumer.maxConcurrency} loops of up to ${screeningConsumer.batchSize}; approvals: the real review function's bulk route in process, one instance per reviewer, as fast as DynamoDB Local answers`,
        'write units: 1 per KB (2 in a transaction), a ConditionCheck counted as 2 and shown apart; index entries 1 per KB, a move between index partitions is a delete and a put',
        `needed on AWS: ${s.reviewers} reviewers' bulks at once, each at the review function's own pace (${approvalMsOnAws} ms per approval with the assumed AWS latencies: ${readsPerAttempt} GetItems × ${AWS_LATENCIES.getMs} ms, transaction ${AWS_LATENCIES.transactMs} ms, SMS ${AWS_LATENCIES.sqsMs} ms, outbox delete ${AWS_LATENCIES.deleteMs} ms); sustained: a bulk of ${s.bulk} per reviewer every ${s.bulkEverySeconds} s`,
        "conflicts: DynamoDB Local never refuses a transaction for a conflict (it runs them one at a time); the AWS figures are the model's (bench/province-model.ts)",
      ],
    };
    return result;
  } finally {
    for (const poller of pollers) await poller.stop();
    sqs.destroy();
    for (const c of clients) c.destroy();
    await fauxqs.stop();
    await dynamo.stop();
  }
};
