/** GET /api/catalog: trades, platforms and counties (shared/catalog/catalog.json), cacheable by browsers and CloudFront. */
import middy from '@middy/core';
import { catalog } from '../../shared/catalog/index';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import { resolveRequestLocale } from '../../shared/http/middleware';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { type Observed, observe } from '../../shared/runtime/observability';

export const createCatalogHandler = (deps: Observed) => {
  const body = JSON.stringify(catalog);
  const serveCatalog = async (): Promise<HttpResult> => ({
    ...json(200, null, { 'cache-control': 'public, max-age=300' }),
    body,
  });
  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .handler(serveCatalog);
};
