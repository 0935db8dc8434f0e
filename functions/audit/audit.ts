/** GET /api/audit?from=YYYY-MM-DD&to=YYYY-MM-DD: who did what, when — administrators only. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { InvalidQuery } from '../../shared/domain/errors';
import { callerOf, type RosterReader, requireCaller } from '../../shared/http/auth';
import { listingContext, listingCursors } from '../../shared/http/cursors';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import { resolveRequestLocale } from '../../shared/http/middleware';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/http/query';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { lazyHasher } from '../../shared/privacy/hashing';
import type { HashKeySource } from '../../shared/runtime/hash-key';
import { observe } from '../../shared/runtime/observability';
import type { AuditLog } from '../../shared/storage/audit';

export interface AuditDeps {
  /** Who is staff, with which role and counties (cached briefly per container). */
  roster: RosterReader;
  /** Seals listing cursors (shared/http/cursors.ts). */
  hashKey: HashKeySource;
  /** The audit trail (a review store has it too). */
  review: AuditLog;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
}

const MAX_DAYS = 92;
/** 100 pages of up to 100 entries; past it, a shorter period. */
export const MAX_AUDIT_PAGES = 100;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Days from `to` back to `from`, newest first (the audit trail is partitioned by day). */
export const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${to}T00:00:00Z`); t >= Date.parse(`${from}T00:00:00Z`); t -= 86400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
};

export const createAuditHandler = (deps: AuditDeps) => {
  const now = deps.now ?? (() => new Date());
  const cursors = listingCursors(lazyHasher(deps.hashKey), MAX_AUDIT_PAGES);
  const listAudit = async (event: HttpEvent): Promise<HttpResult> => {
    const params = event.queryStringParameters ?? {};
    const today = now().toISOString().slice(0, 10);
    const to = params.to || today;
    const from =
      params.from || new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86400_000).toISOString().slice(0, 10);
    const limit = params.limit ? Number(params.limit) : DEFAULT_PAGE_SIZE;
    const problems: Record<string, string> = {};
    if (!DAY.test(from) || Number.isNaN(Date.parse(from))) problems.from = 'YYYY-MM-DD';
    if (!DAY.test(to) || Number.isNaN(Date.parse(to))) problems.to = 'YYYY-MM-DD';
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) problems.limit = `1–${MAX_PAGE_SIZE}`;
    const days = Object.keys(problems).length === 0 ? daysBetween(from, to) : [];
    if (!problems.from && !problems.to && (days.length === 0 || days.length > MAX_DAYS)) {
      problems.from = `from ≤ to, at most ${MAX_DAYS} days`;
    }
    if (Object.keys(problems).length > 0) throw new InvalidQuery(problems);
    const context = listingContext(event.routeKey, callerOf(event).sub, { from, to, limit });
    const { cursor, depth } = await cursors.open(params.cursor || undefined, context);
    const page = await deps.review.listAudit(days, limit, cursor);
    const items = page.items.map(({ pk: _pk, sk: _sk, entity: _entity, ...entry }) => entry);
    const nextCursor = await cursors.seal(page.nextCursor, depth, context);
    return json(200, { items, nextCursor }, { 'cache-control': 'no-store' });
  };

  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(requireCaller(deps.roster, { adminOnly: true }))
    .handler(listAudit);
};
