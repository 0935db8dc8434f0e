import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';

export interface Observed {
  logger: Logger;
  /** Absent in tests that do not look at metrics: nothing is counted then. */
  metrics?: Metrics;
}

/**
 * The first middlewares of every function's chain: each log line carries the request id and whether
 * this was a cold start, and the metrics counted during the invocation are flushed (as EMF) after it,
 * whether it succeeded or failed. Being first, their `after`/`onError` run last.
 */
export const observe = <Event, Result>({ logger, metrics }: Observed): MiddlewareObj<Event, Result>[] => [
  injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj<Event, Result>,
  ...(metrics ? [logMetrics(metrics, { captureColdStartMetric: true }) as MiddlewareObj<Event, Result>] : []),
];
