import { describe, expect, it } from 'vitest';
import { API_DOCUMENTS } from '../../shared/web/static-documents';
import {
  FUNCTION_NAMES,
  FUNCTIONS,
  QUEUE_CONSUMERS,
  QUEUES,
  ROUTES,
  SCHEDULES,
  toAwsCron,
} from '../../shared/wiring';

describe('toAwsCron: five-field cron → EventBridge Scheduler cron()', () => {
  it.each([
    ['every 2 minutes', '*/2 * * * *', 'cron(0/2 * * * ? *)'],
    ['Mondays at 08:00', '0 8 * * MON', 'cron(0 8 ? * MON *)'],
    ['the 1st of each month at 08:00', '0 8 1 * *', 'cron(0 8 1 * ? *)'],
    ['weekdays at 09:30', '30 9 * * MON-FRI', 'cron(30 9 ? * MON-FRI *)'],
    ['every 15 minutes, every 2 hours, every 3 days', '*/15 */2 */3 * *', 'cron(0/15 0/2 1/3 * ? *)'],
    ['a list of weekdays', '0 8 * * MON,THU', 'cron(0 8 ? * MON,THU *)'],
    ['a month by name', '0 8 1 JAN *', 'cron(0 8 1 JAN ? *)'],
    ['extra whitespace', '  0   8 * *  MON ', 'cron(0 8 ? * MON *)'],
  ])('%s: %s → %s', (_case, cron, expected) => {
    expect(toAwsCron(cron)).toBe(expected);
  });

  it.each([
    ['an empty string', ''],
    ['four fields', '0 8 * *'],
    ['six fields', '0 0 8 * * MON'],
    ['an AWS expression', 'cron(0 8 ? * MON *)'],
    // AWS numbers weekdays 1=SUN…7=SAT, cron 0=SUN…6=SAT: a numeric weekday would run on another day in AWS.
    ['a numeric weekday', '0 8 * * 1'],
    ['a numeric weekday range', '0 8 * * 1-5'],
    // Standard cron runs when EITHER matches; AWS cannot say that and would silently keep only the weekday.
    ['both a day of the month and a weekday', '0 8 1 * MON'],
  ])('throws for %s', (_case, cron) => {
    expect(() => toAwsCron(cron)).toThrow();
  });
});

describe('wiring declarations (docs/architecture.md §3)', () => {
  const declared = new Set<string>(FUNCTION_NAMES);

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r.function] as const))(
    'route %s names a declared function (%s)',
    (_route, fn) => {
      expect(declared.has(fn)).toBe(true);
    },
  );

  it.each(QUEUE_CONSUMERS.map((c) => [c.queue, c.function] as const))(
    'queue %s is consumed by a declared function (%s)',
    (queue, fn) => {
      expect(declared.has(fn)).toBe(true);
      expect(Object.keys(QUEUES)).toContain(queue);
    },
  );

  it.each(SCHEDULES.map((s) => [s.name, s.function, s] as const))(
    'schedule %s names a declared function (%s), a valid cron and the China time zone',
    (_name, fn, schedule) => {
      expect(declared.has(fn)).toBe(true);
      expect(() => toAwsCron(schedule.cron)).not.toThrow();
      expect(schedule.timeZone).toBe('Asia/Shanghai');
    },
  );

  it.each(QUEUE_CONSUMERS.map((c) => [c.queue, c.function, c] as const))(
    'queue %s: visibility timeout ≥ 6 × the timeout of %s',
    (queue, fn, _consumer) => {
      expect(QUEUES[queue].visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * FUNCTIONS[fn].timeoutSeconds);
    },
  );

  it('review queue: visibility timeout ≥ 6 × the screening timeout', () => {
    expect(QUEUES.review.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
      6 * FUNCTIONS.screening.timeoutSeconds,
    );
  });

  it.each(Object.entries(QUEUES))(
    'queue %s: maxReceiveCount ≥ 5, DLQ kept longer than the queue',
    (_name, q) => {
      expect(q.maxReceiveCount).toBeGreaterThanOrEqual(5);
      expect(q.deadLetterRetentionDays).toBeGreaterThan(q.retentionDays);
      expect(q.deadLetterRetentionDays).toBeLessThanOrEqual(14); // SQS maximum
    },
  );

  it.each(QUEUE_CONSUMERS.map((c) => [c.queue, c] as const))(
    'consumer of %s: bounded concurrency within Lambda’s limits',
    (_queue, consumer) => {
      // An SQS event-source mapping's maxConcurrency must be 2–1000.
      expect(consumer.maxConcurrency).toBeGreaterThanOrEqual(2);
      expect(consumer.maxConcurrency).toBeLessThanOrEqual(1000);
      expect(consumer.batchSize).toBeGreaterThanOrEqual(1);
    },
  );

  it('declares each route once', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('serves the public routes of the API contract without a JWT', () => {
    const publicRoutes = ROUTES.filter((r) => r.auth === 'public').map((r) => `${r.method} ${r.path}`);
    expect(publicRoutes).toEqual(
      expect.arrayContaining(['GET /api/challenge', 'POST /api/applications', 'GET /api/applications/{id}']),
    );
  });

  it('routes nothing to a function at a static document’s path: the catalogue and API description are files', () => {
    expect(API_DOCUMENTS.map((d) => d.path)).toEqual(
      expect.arrayContaining(['/api/catalog', '/api/openapi.json']),
    );
    for (const document of API_DOCUMENTS) {
      expect(ROUTES.filter((r) => r.path === document.path)).toEqual([]);
    }
  });
});
