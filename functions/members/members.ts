/** GET /api/members (scoped, listed by trade and platform without a scan) and the audited CSV export. */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { countyScope } from '../../shared/domain/caller';
import { toCsv } from '../../shared/domain/csv';
import { Forbidden } from '../../shared/domain/errors';
import { callerOf, requireCaller } from '../../shared/http/auth';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import { resolveRequestLocale } from '../../shared/http/middleware';
import { listQuery, MAX_PAGE_SIZE } from '../../shared/http/query';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import type { ReviewStore } from '../../shared/storage/review';

export interface MembersDeps {
  review: ReviewStore;
  logger: Logger;
  now?: () => Date;
}

const listed = (m: Record<string, unknown>) => ({
  memberId: m.memberId,
  fullName: m.fullName,
  phoneMasked: m.phoneMasked,
  idNumberMasked: m.idNumberMasked,
  trade: m.trade,
  platforms: m.platforms,
  county: m.county,
  joinedAt: m.joinedAt,
});

const EXPORT_COLUMNS = [
  'memberId',
  'fullName',
  'phoneMasked',
  'idNumberMasked',
  'trade',
  'platforms',
  'county',
  'joinedAt',
];

export const createMembersHandler = (deps: MembersDeps) => {
  const now = deps.now ?? (() => new Date());

  const filtersOf = (event: HttpEvent) => {
    const caller = callerOf(event);
    const query = listQuery(event, ['county', 'trade', 'platform']);
    return {
      caller,
      query,
      filters: {
        counties: countyScope(caller, query.county),
        ...(query.trade ? { trade: query.trade } : {}),
        ...(query.platform ? { platform: query.platform } : {}),
      },
    };
  };

  const listMembers = async (event: HttpEvent) => {
    const { query, filters } = filtersOf(event);
    const page = await deps.review.listMembers({
      ...filters,
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return json(
      200,
      { items: page.items.map(listed), nextCursor: page.nextCursor },
      { 'cache-control': 'no-store' },
    );
  };

  /** Every page is followed: an export is never silently cut short. */
  const exportMembers = async (event: HttpEvent): Promise<HttpResult> => {
    const { caller, filters } = filtersOf(event);
    if (caller.role !== 'admin') throw new Forbidden();
    const rows: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.review.listMembers({
        ...filters,
        limit: MAX_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      rows.push(...page.items.map(listed));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    await deps.review.recordView(
      {
        actor: caller.name,
        actorRole: caller.role,
        action: 'members.export',
        details: { rows: rows.length, filters: JSON.stringify(event.queryStringParameters ?? {}) },
      },
      now(),
    );
    const stamp = now().toISOString().slice(0, 10);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="members-${stamp}.csv"`,
        'cache-control': 'no-store',
      },
      body: toCsv(EXPORT_COLUMNS, rows),
    };
  };

  const routeMembersRequest = async (event: HttpEvent): Promise<HttpResult> =>
    event.routeKey === 'GET /api/members/export' ? exportMembers(event) : listMembers(event);

  return middy<HttpEvent, HttpResult>()
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(requireCaller())
    .handler(routeMembersRequest);
};
