/** GET /api/applications/{id} with X-Status-Token: the applicant's view of their application. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { StatusView } from '../../shared/api/applications';
import { APPLICATION_ID_PATTERN, statusView } from '../../shared/domain/application';
import { NotFound } from '../../shared/domain/errors';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import { resolveRequestLocale } from '../../shared/http/middleware';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { statusTokenMatches } from '../../shared/privacy/hashing';
import { observe } from '../../shared/runtime/observability';
import type { ApplicationStore } from '../../shared/storage/applications';

export interface StatusDeps {
  store: ApplicationStore;
  logger: Logger;
  metrics?: Metrics;
}

export const createStatusHandler = (deps: StatusDeps) => {
  const showStatus = async (event: HttpEvent): Promise<HttpResult> => {
    const applicationId = event.pathParameters?.id ?? '';
    const token = event.headers?.['x-status-token'];
    if (!APPLICATION_ID_PATTERN.test(applicationId) || !token) throw new NotFound();
    const record = await deps.store.get(applicationId);
    // Unknown id and wrong token look the same, so ids cannot be probed.
    if (!record || !statusTokenMatches(token, record.statusTokenHash)) throw new NotFound();
    return json(200, statusView(record) satisfies StatusView, { 'cache-control': 'no-store' });
  };

  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .handler(showStatus);
};
