import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsOptions } from '@aws-lambda-powertools/metrics/types';

type GenericLogger = NonNullable<MetricsOptions['logger']>;

/** The CloudWatch namespace of every business metric; each function is its own `service` dimension. */
export const METRICS_NAMESPACE = 'GigUnionOnboarding';

/**
 * Every metric the functions emit, in one list (dashboards and alarms read these names). Dimensions are
 * only `service` and, where a name says so, a small fixed set of values — never anything about a person.
 */
export const METRIC = {
  applicationAccepted: 'ApplicationAccepted',
  applicationRepeated: 'ApplicationRepeated',
  applicationScreened: 'ApplicationScreened',
  phoneReuseFlagged: 'PhoneReuseFlagged',
  /** Dimension `decision`: approved or rejected. */
  applicationDecided: 'ApplicationDecided',
  verificationCodeSent: 'VerificationCodeSent',
  smsSent: 'SmsSent',
  smsRefused: 'SmsRefused',
  smsWithoutRecipient: 'SmsWithoutRecipient',
  smsDeadLettered: 'SmsDeadLettered',
  reportGenerated: 'ReportGenerated',
  reportItemsRead: 'ReportItemsRead',
  unionSetUp: 'UnionSetUp',
  membersMoved: 'MembersMoved',
  /** A member approved while a union was dissolved, left in it (dissolving it again moves them). */
  placementUnsettled: 'PlacementUnsettled',
  memberLeft: 'MemberLeft',
  applicationsRequeued: 'ApplicationsRequeued',
  notificationsRequeued: 'NotificationsRequeued',
  memberDataErased: 'MemberDataErased',
  digestsStored: 'DigestsStored',
  digestSmsQueued: 'DigestSmsQueued',
  migrationsApplied: 'MigrationsApplied',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

const EMPTY_FLUSH_WARNING = 'No application metrics to publish';

/**
 * Powertools warns on each flush that has nothing to publish, even with metrics disabled; most requests
 * (a status check, a listing) count nothing by design, so that one warning is dropped.
 */
const withoutEmptyFlushWarning = (logger: GenericLogger): GenericLogger => ({
  debug: (...content) => logger.debug(...content),
  info: (...content) => logger.info(...content),
  warn: (...content) => {
    if (typeof content[0] === 'string' && content[0].startsWith(EMPTY_FLUSH_WARNING)) return;
    logger.warn(...content);
  },
  error: (...content) => logger.error(...content),
});

/**
 * CloudWatch metrics in the embedded metric format (EMF), printed to stdout and flushed after each
 * invocation by the `logMetrics` middleware (shared/runtime/observability.ts). Its own warnings go to
 * `logger`, so they carry the request id like any other line.
 */
export const createMetrics = (serviceName: string, logger: GenericLogger = console): Metrics =>
  new Metrics({ namespace: METRICS_NAMESPACE, serviceName, logger: withoutEmptyFlushWarning(logger) });

/** Adds `value` (1 by default) to a count; nothing when the function was given no metrics (tests). */
export const count = (metrics: Metrics | undefined, name: MetricName, value = 1): void => {
  metrics?.addMetric(name, MetricUnit.Count, value);
};

/** A count split by one dimension of a few fixed values (a decision, a report kind), on a line of its own. */
export const countBy = (
  metrics: Metrics | undefined,
  name: MetricName,
  dimension: { name: string; value: string },
  value = 1,
): void => {
  if (!metrics) return;
  const single = metrics.singleMetric();
  single.addDimension(dimension.name, dimension.value);
  single.addMetric(name, MetricUnit.Count, value);
};
