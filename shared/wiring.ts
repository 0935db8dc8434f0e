/**
 * The one source of truth for wiring: functions, routes, queues, queue consumers, schedules and the
 * table's keys. The CDK stack (infra/) and the local stack (local/) both read these declarations.
 */
import { ORIGIN_HEADER } from './http/origin-header';
import { MAX_RECEIVE_COUNT, type TABLE } from './runtime-wiring';
import { INDEX_PARTITIONS, PARTITIONS, statusPartition } from './storage/keys';

/**
 * What a function may do to the table's items, as IAM actions (`dynamodb:<action>`) on the table. A
 * transaction (TransactWriteItems) has no action of its own: each of its items is authorised as the
 * PutItem, UpdateItem, DeleteItem or ConditionCheckItem it is, on that item's partition key.
 */
export type ItemAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem';
export const ITEM_ACTIONS: readonly ItemAction[] = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'ConditionCheckItem',
];

/** An index whose partition key has no prefix to narrow a grant to (byPhone: a raw keyed hash). */
export const ANY_PARTITION = 'any partition';

export type IndexName = (typeof TABLE.indexes)[number]['name'];

/**
 * Exactly what a function does to the table, and so all IAM lets it do (infra/constructs/bind.ts makes
 * one statement per set of actions, conditioned on `dynamodb:LeadingKeys`; the integration tests check
 * every call the code makes against these, local/table-access.ts).
 */
export interface TableGrants {
  /** Per partition key pattern of shared/storage/keys.ts (PARTITIONS), the actions on those items. */
  items?: Readonly<Record<string, readonly ItemAction[]>>;
  /**
   * The indexes the function queries (dynamodb:Query on `<table>/index/<name>`), each with the patterns of
   * the index partitions it queries (INDEX_PARTITIONS), or ANY_PARTITION where they cannot be narrowed.
   */
  queries?: Readonly<Partial<Record<IndexName, readonly string[] | typeof ANY_PARTITION>>>;
  /** Scans the whole table. A scan has no partition key, so IAM cannot narrow it by key: migrate alone. */
  scan?: boolean;
}

export interface FunctionAccess {
  table?: TableGrants;
  reviewQueue?: 'send';
  notificationQueue?: 'send';
  hashKey?: boolean;
  /** Sends SMS through the configured provider (shared/sms). */
  sms?: boolean;
  /** The bucket that keeps each report's CSV (AWS only; locally reports live in the table alone). */
  reportsBucket?: 'write';
}

export interface FunctionDeclaration {
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  access: FunctionAccess;
}

const P = PARTITIONS;
const I = INDEX_PARTITIONS;

export const FUNCTIONS = {
  challenge: {
    description: 'Hands out the proof-of-work challenge (ALTCHA) a code request must carry solved',
    timeoutSeconds: 5,
    memoryMb: 256,
    access: { hashKey: true },
  },
  verification: {
    description: 'Sends the SMS code that proves an applicant’s phone, within per-phone limits',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: {
      // The per-phone and per-address limits, the used challenge and the code, in one transaction.
      table: {
        items: { [P.limit]: ['UpdateItem'], [P.challenge]: ['PutItem'], [P.verification]: ['PutItem'] },
      },
      hashKey: true,
      sms: true,
    },
  },
  intake: {
    description: 'Accepts applications: checks the SMS code, stores durably, enqueues for screening',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: {
      table: {
        items: {
          [P.idempotency]: ['GetItem', 'PutItem'],
          // Read, a wrong code counted, spent in the application's transaction.
          [P.verification]: ['GetItem', 'UpdateItem'],
          // The person's new state is always a Put here: a new application leaves them something open.
          [P.person]: ['GetItem', 'PutItem'],
          [P.application]: ['GetItem', 'PutItem'],
          // The per-(ID number, address) limit, counted in the application's transaction.
          [P.limit]: ['UpdateItem'],
        },
      },
      reviewQueue: 'send',
      notificationQueue: 'send',
      hashKey: true,
    },
  },
  status: {
    description: "Shows an applicant their application's status",
    timeoutSeconds: 5,
    memoryMb: 256,
    // Public: one application by id, nothing else (no Query, no Scan).
    access: { table: { items: { [P.application]: ['GetItem'] } } },
  },
  screening: {
    description:
      'Consumes the review queue: submitted → pending_review, flags reused phones, tells a member when someone uses their ID number',
    timeoutSeconds: 20,
    memoryMb: 512,
    access: {
      table: {
        items: { [P.application]: ['GetItem', 'UpdateItem'], [P.person]: ['GetItem'] },
        // byPhone is partitioned by the phone's keyed hash alone, with no prefix: IAM cannot narrow this
        // query by key. The index projects only the keys, idHash and status.
        queries: { byPhone: ANY_PARTITION },
      },
      notificationQueue: 'send',
    },
  },
  notify: {
    description: 'Consumes the notifications queue: looks up the recipient’s phone and sends the SMS, once',
    timeoutSeconds: 20,
    memoryMb: 512,
    access: {
      table: {
        items: {
          [P.member]: ['GetItem'],
          // The recipient's phone (before approval), and how a decision's SMS went (smsOutcome).
          [P.application]: ['GetItem', 'UpdateItem'],
          // Powertools idempotency's DynamoDB persistence layer: GetItem, PutItem, UpdateItem, DeleteItem.
          [P.notificationsSent]: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
          // A member of staff's mobile contact, for the working-day digest.
          [P.staff]: ['GetItem'],
        },
      },
      sms: true,
    },
  },
  migrate: {
    description: 'Runs the data migrations a deployment needs, each once (on deploy; locally at start)',
    timeoutSeconds: 900,
    memoryMb: 1024,
    // Exactly what the migrations of shared/storage/migrations.ts read and rewrite, and their markers.
    access: {
      table: {
        items: {
          [P.migrations]: ['GetItem', 'PutItem'],
          [P.idempotency]: ['DeleteItem'],
          [P.person]: ['PutItem', 'DeleteItem'],
          [P.application]: ['GetItem', 'UpdateItem'],
          [P.member]: ['UpdateItem'],
          // Every county's fallback union, and members placed in their union (2026-11-30-members-in-unions).
          [P.unions]: ['GetItem', 'PutItem', 'ConditionCheckItem'],
          [P.unionMembers]: ['PutItem'],
          [P.counters]: ['UpdateItem'],
        },
        scan: true,
      },
    },
  },
  sweeper: {
    description:
      'Re-enqueues applications left in submitted and notifications left in the outbox; erases the data of members who left once due',
    timeoutSeconds: 60,
    memoryMb: 256,
    access: {
      table: {
        // Applications left in submitted, and members who left whose personal data is due to be erased.
        queries: { byStatus: [statusPartition('submitted'), I.byStatus.erasure] },
        items: {
          // Notifications left in the outbox (the queue was down when they were written): queued, removed.
          [P.notificationOutbox]: ['Query', 'DeleteItem'],
          // Erasure: a conditional update that removes the personal fields (shared/storage/erasure.ts).
          [P.member]: ['UpdateItem'],
        },
      },
      reviewQueue: 'send',
      notificationQueue: 'send',
    },
  },
  review: {
    description:
      'Reviewer endpoints: the county-scoped queue, full record (audited), contact log, single and bulk decisions',
    timeoutSeconds: 15,
    memoryMb: 512,
    access: {
      table: {
        items: {
          // The application, its contact summary (UpdateItem), and its contact log: entries Put under the
          // application's partition (conditional on a new key) and listed with one Query.
          [P.application]: ['GetItem', 'UpdateItem', 'PutItem', 'Query'],
          // A page of the queue's people at once; a decision Puts the person's new state, or Deletes it
          // when a rejection leaves them nothing.
          [P.person]: ['GetItem', 'BatchGetItem', 'PutItem', 'DeleteItem'],
          // The member; after the commit, moved (conditional on their union) when a union was set up or
          // dissolved in the county meanwhile.
          [P.member]: ['PutItem', 'GetItem', 'UpdateItem'],
          [P.membersByPlatform]: ['PutItem'],
          [P.counters]: ['UpdateItem'],
          // Placement: the county's union directory (read before and after the commit; made with its
          // fallback union the first time a county needs it), the union moved to (checked active), and the
          // member's entry in their union.
          [P.unions]: ['GetItem', 'PutItem', 'ConditionCheckItem'],
          [P.unionMembers]: ['PutItem', 'DeleteItem'],
          // Decisions and full-record views. Put only: no function may update or delete an audit entry.
          [P.audit]: ['PutItem'],
          // requireCaller: who is staff.
          [P.staff]: ['GetItem'],
          // The applicant's SMS, written in the decision's transaction; removed once queued.
          [P.notificationOutbox]: ['PutItem', 'DeleteItem'],
        },
        queries: { byStatus: [I.byStatus.status], byCounty: [I.byCounty.applications] },
      },
      notificationQueue: 'send',
      // The hashing key seals the queue's listing cursors.
      hashKey: true,
    },
  },
  members: {
    description: 'Members by trade and platform (scoped), and the audited CSV export',
    timeoutSeconds: 30,
    memoryMb: 512,
    access: {
      table: {
        // Listings and exports are audited (Put only).
        items: { [P.membersByPlatform]: ['Query'], [P.audit]: ['PutItem'], [P.staff]: ['GetItem'] },
        queries: { byCounty: [I.byCounty.members] },
      },
      hashKey: true,
    },
  },
  audit: {
    description: 'The audit trail of decisions, full-record views and exports, for administrators',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: { items: { [P.audit]: ['Query'], [P.staff]: ['GetItem'] } }, hashKey: true },
  },
  reports: {
    description:
      'Coverage reports: generated on schedule or on demand from counters and the period decisions',
    timeoutSeconds: 60,
    memoryMb: 1024,
    access: {
      table: {
        // Counters, the unions and the period's decisions and leaves (the audit trail by day); each report
        // kept under REPORTS.
        items: {
          [P.counters]: ['Query'],
          [P.unions]: ['Query'],
          [P.audit]: ['Query'],
          [P.reports]: ['GetItem', 'PutItem'],
          // requireCaller: who is staff.
          [P.staff]: ['GetItem'],
        },
        queries: { byStatus: [statusPartition('pending_review'), I.byStatus.reports] },
      },
      reportsBucket: 'write',
    },
  },
  staff: {
    description: 'The staff roster: who is a reviewer or administrator, for which counties; invitations',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: {
      table: {
        items: {
          // Entries and invitations; every change is a Put (conditional on the version read).
          [P.staff]: ['GetItem', 'Query', 'PutItem', 'DeleteItem'],
          [P.audit]: ['PutItem'],
        },
      },
      // Invitation codes are kept only as keyed hashes.
      hashKey: true,
    },
  },
  digest: {
    description:
      'Each working day at 09:00 Beijing: tells reviewers what is due soon or overdue in their counties, admins the city-wide overdue',
    timeoutSeconds: 60,
    memoryMb: 512,
    access: {
      table: {
        // The roster, and each one's digest (STAFF / DIGEST#<staffId>) for the console's banner.
        items: { [P.staff]: ['Query', 'PutItem'] },
        // Every application waiting for a decision (id, county, submission time).
        queries: { byStatus: [statusPartition('pending_review')] },
      },
      notificationQueue: 'send',
    },
  },
  unions: {
    description:
      'Grassroots unions: set up, rename, dissolve; members by union, transfers (one or a platform at once), leaving',
    timeoutSeconds: 60,
    memoryMb: 512,
    access: {
      table: {
        items: {
          // Union records and the counties' directories; every change conditional on the version read.
          [P.unions]: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'],
          [P.unionMembers]: ['Query', 'PutItem', 'DeleteItem'],
          // A transfer or a leave: the member (conditional on their union), their listings, the counters.
          [P.member]: ['GetItem', 'UpdateItem'],
          [P.membersByPlatform]: ['DeleteItem'],
          [P.counters]: ['Query', 'UpdateItem'],
          // Leaving frees the ID number: the person's new state, or its deletion.
          [P.person]: ['GetItem', 'PutItem', 'DeleteItem'],
          [P.audit]: ['PutItem'],
          [P.staff]: ['GetItem'],
        },
      },
      // The hashing key seals the union listing's cursors.
      hashKey: true,
    },
  },
  gatekeeper: {
    description:
      'Authorizes public API requests that came through CloudFront: checks its secret origin header (AWS only)',
    timeoutSeconds: 3,
    memoryMb: 256,
    access: {},
  },
} as const satisfies Record<string, FunctionDeclaration>;

export type FunctionName = keyof typeof FUNCTIONS;
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

export type HttpMethod = 'GET' | 'POST';
export interface RouteDeclaration {
  method: HttpMethod;
  path: `/api/${string}`;
  function: FunctionName;
  auth: 'public' | 'jwt';
}

export const ROUTES: readonly RouteDeclaration[] = [
  { method: 'GET', path: '/api/challenge', function: 'challenge', auth: 'public' },
  { method: 'POST', path: '/api/phone-verifications', function: 'verification', auth: 'public' },
  { method: 'POST', path: '/api/applications', function: 'intake', auth: 'public' },
  { method: 'GET', path: '/api/applications/{id}', function: 'status', auth: 'public' },
  { method: 'GET', path: '/api/review/applications', function: 'review', auth: 'jwt' },
  { method: 'GET', path: '/api/review/applications/{id}', function: 'review', auth: 'jwt' },
  { method: 'POST', path: '/api/review/applications/{id}/decision', function: 'review', auth: 'jwt' },
  { method: 'POST', path: '/api/review/applications/{id}/contacts', function: 'review', auth: 'jwt' },
  { method: 'POST', path: '/api/review/decisions', function: 'review', auth: 'jwt' },
  { method: 'GET', path: '/api/members', function: 'members', auth: 'jwt' },
  { method: 'GET', path: '/api/members/export', function: 'members', auth: 'jwt' },
  { method: 'GET', path: '/api/audit', function: 'audit', auth: 'jwt' },
  { method: 'GET', path: '/api/reports/coverage', function: 'reports', auth: 'jwt' },
  { method: 'POST', path: '/api/reports/coverage', function: 'reports', auth: 'jwt' },
  { method: 'GET', path: '/api/reports/coverage/latest', function: 'reports', auth: 'jwt' },
  { method: 'GET', path: '/api/reports/coverage/{id}', function: 'reports', auth: 'jwt' },
  { method: 'GET', path: '/api/staff/me', function: 'staff', auth: 'jwt' },
  { method: 'GET', path: '/api/staff', function: 'staff', auth: 'jwt' },
  { method: 'POST', path: '/api/staff', function: 'staff', auth: 'jwt' },
  { method: 'POST', path: '/api/staff/invitations', function: 'staff', auth: 'jwt' },
  { method: 'POST', path: '/api/staff/invitations/redeem', function: 'staff', auth: 'jwt' },
  { method: 'POST', path: '/api/staff/{id}', function: 'staff', auth: 'jwt' },
  { method: 'GET', path: '/api/unions', function: 'unions', auth: 'jwt' },
  { method: 'POST', path: '/api/unions', function: 'unions', auth: 'jwt' },
  { method: 'GET', path: '/api/unions/{id}', function: 'unions', auth: 'jwt' },
  { method: 'POST', path: '/api/unions/{id}', function: 'unions', auth: 'jwt' },
  { method: 'GET', path: '/api/unions/{id}/members', function: 'unions', auth: 'jwt' },
  { method: 'POST', path: '/api/unions/{id}/transfers', function: 'unions', auth: 'jwt' },
  { method: 'GET', path: '/api/members/{id}', function: 'unions', auth: 'jwt' },
  { method: 'POST', path: '/api/members/{id}/transfer', function: 'unions', auth: 'jwt' },
  { method: 'POST', path: '/api/members/{id}/leave', function: 'unions', auth: 'jwt' },
];

/** `GET /api/challenge`: how API Gateway, its stage route settings and its access logs name a route. */
export type RouteKey = `${HttpMethod} /api/${string}`;
export const routeKey = (route: Pick<RouteDeclaration, 'method' | 'path'>): RouteKey =>
  `${route.method} ${route.path}`;

/** A route's API Gateway throttle: a token bucket refilled at `rateLimit` per second, `burstLimit` deep. */
export interface ThrottleDeclaration {
  rateLimit: number;
  burstLimit: number;
}

/**
 * Each route's own throttle on AWS (infra/constructs/http-api.ts; the local gateway does not throttle).
 * Every route gets its own bucket, so a flood on a public route never takes tokens from a staff route.
 * Sized for a city union: a sign-up event of ~300 workers in an hour makes ~6–8 API calls each, under
 * 1 request/s on average; when 100 phones scan a QR code within a minute, ~2/s per route in bursts of a
 * few dozen. Public routes get 10/s (bursts of 20), well above that and small enough to bound what a
 * flood costs; the code request, which sends an SMS, 5/s. A few dozen staff together make at most a few
 * requests a second on any one route, so 20/s (bursts of 40) leaves headroom for a whole team at once.
 */
export const THROTTLES = {
  public: { rateLimit: 10, burstLimit: 20 },
  staff: { rateLimit: 20, burstLimit: 40 },
  /** Overrides by route key; each must name a declared route. */
  routes: {
    'POST /api/phone-verifications': { rateLimit: 5, burstLimit: 10 },
  },
} as const satisfies {
  public: ThrottleDeclaration;
  staff: ThrottleDeclaration;
  routes: Readonly<Partial<Record<RouteKey, ThrottleDeclaration>>>;
};

/** The throttle a route gets: its override, else its audience's (`auth: 'jwt'` routes are staff's). */
export const throttleFor = (route: RouteDeclaration): ThrottleDeclaration =>
  (THROTTLES.routes as Partial<Record<RouteKey, ThrottleDeclaration>>)[routeKey(route)] ??
  (route.auth === 'jwt' ? THROTTLES.staff : THROTTLES.public);

/** The CloudFront origin header and the authorizer that checks it (shared/http/origin-header.ts). */
export { ORIGIN_HEADER };

// Checked when compiled: the authorizer the header names is a declared function.
ORIGIN_HEADER.function satisfies FunctionName;

export interface QueueDeclaration {
  /** Lambda's rule of thumb: at least 6× the consumer's timeout. */
  visibilityTimeoutSeconds: number;
  retentionDays: number;
  maxReceiveCount: number;
  deadLetterRetentionDays: number;
}

export const QUEUES = {
  review: {
    visibilityTimeoutSeconds: 6 * FUNCTIONS.screening.timeoutSeconds,
    retentionDays: 4,
    maxReceiveCount: MAX_RECEIVE_COUNT.review,
    deadLetterRetentionDays: 14,
  },
  notifications: {
    visibilityTimeoutSeconds: 6 * FUNCTIONS.notify.timeoutSeconds,
    retentionDays: 4,
    maxReceiveCount: MAX_RECEIVE_COUNT.notifications,
    deadLetterRetentionDays: 14,
  },
} as const satisfies Record<string, QueueDeclaration>;
export type QueueName = keyof typeof QUEUES;

export interface QueueConsumerDeclaration {
  queue: QueueName;
  function: FunctionName;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  maxConcurrency: number;
}

export const QUEUE_CONSUMERS: readonly QueueConsumerDeclaration[] = [
  { queue: 'review', function: 'screening', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 5 },
  {
    queue: 'notifications',
    function: 'notify',
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    maxConcurrency: 2,
  },
];

export interface ScheduleDeclaration {
  name: string;
  function: FunctionName;
  /** Five-field cron (minute hour day-of-month month day-of-week; days of the week by name). */
  cron: string;
  timeZone: string;
  description: string;
  /** The event the function receives (EventBridge Scheduler's target input; the local scheduler's too). */
  input: Record<string, string>;
}

export const SCHEDULES: readonly ScheduleDeclaration[] = [
  {
    name: 'sweep-submitted',
    function: 'sweeper',
    cron: '*/2 * * * *',
    timeZone: 'Asia/Shanghai',
    description: 'Re-enqueue applications still submitted after a few minutes',
    input: {},
  },
  {
    name: 'weekly-coverage-report',
    function: 'reports',
    cron: '0 8 * * MON',
    timeZone: 'Asia/Shanghai',
    description: 'Coverage report for last week (Monday to Monday, Beijing time)',
    input: { kind: 'weekly' },
  },
  {
    name: 'monthly-coverage-report',
    function: 'reports',
    cron: '0 8 1 * *',
    timeZone: 'Asia/Shanghai',
    description: 'Coverage report for last month',
    input: { kind: 'monthly' },
  },
  {
    name: 'staff-digest',
    function: 'digest',
    // Every day: cron cannot express the mainland's make-up working days (调休) or holidays, so the
    // function decides with the working-day calendar (shared/domain/working-days.ts).
    cron: '0 9 * * *',
    timeZone: 'Asia/Shanghai',
    description:
      'Working-day digest for staff: due within 3 working days and overdue (skips non-working days)',
    input: {},
  },
];

/**
 * What the functions read at run time (environment variable names, the table's keys, the reports
 * prefix, the sweeper's default, the queues' receive counts) lives in shared/runtime-wiring.ts, so their
 * bundles do not carry this whole file; it is part of the wiring all the same.
 */
export {
  DEFAULT_SWEEP_AFTER_SECONDS,
  ENV,
  type IndexDeclaration,
  MAX_RECEIVE_COUNT,
  REPORTS_CSV_PREFIX,
  TABLE,
} from './runtime-wiring';

/** EventBridge Scheduler's six-field cron from our five-field one (`?` in day-of-month when a weekday is set). */
export const toAwsCron = (cron: string): string => {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.trim().split(/\s+/);
  if (!minute || !hour || !dayOfMonth || !month || !dayOfWeek || cron.trim().split(/\s+/).length !== 5) {
    throw new Error(`expected a five-field cron expression, got "${cron}"`);
  }
  const step = (field: string, first: string) => field.replace(/^\*\//, `${first}/`);
  const weekdaySet = dayOfWeek !== '*';
  // Cron runs when either day field matches; EventBridge cannot express that (one of them must be `?`).
  if (weekdaySet && dayOfMonth !== '*') {
    throw new Error(`set either the day of the month or the day of the week, not both: "${cron}"`);
  }
  // Cron numbers weekdays 0=SUN…6=SAT, EventBridge 1=SUN…7=SAT: a number would run on another day in AWS.
  if (/(?:^|[,-])\d/.test(dayOfWeek)) {
    throw new Error(`name the days of the week (MON…SUN), do not number them: "${cron}"`);
  }
  return `cron(${step(minute, '0')} ${step(hour, '0')} ${weekdaySet ? '?' : step(dayOfMonth, '1')} ${month} ${weekdaySet ? dayOfWeek : '?'} *)`;
};
