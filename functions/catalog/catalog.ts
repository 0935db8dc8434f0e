/**
 * GET /api/catalog: trades, platforms and counties (shared/catalog/catalog.json); GET /api/openapi.json:
 * the API description (shared/api/openapi.json, written from shared/api/openapi.ts at build time so that
 * no schema library loads here). Both static, cacheable by browsers and CloudFront.
 */
import middy from '@middy/core';
import apiDescription from '../../shared/api/openapi.json';
import { catalog } from '../../shared/catalog/index';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import { resolveRequestLocale } from '../../shared/http/middleware';
import { byRouteKey } from '../../shared/http/routes';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { type Observed, observe } from '../../shared/runtime/observability';

const CACHE_CONTROL = 'public, max-age=300';

export const createCatalogHandler = (deps: Observed) => {
  const serve = (body: string) =>
    async function serveStatic(): Promise<HttpResult> {
      return { ...json(200, null, { 'cache-control': CACHE_CONTROL }), body };
    };
  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .handler(
      byRouteKey({
        'GET /api/catalog': serve(JSON.stringify(catalog)),
        'GET /api/openapi.json': serve(JSON.stringify(apiDescription)),
      }),
    );
};
