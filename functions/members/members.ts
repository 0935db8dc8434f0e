/**
 * GET /api/members (scoped, listed by trade and platform without a scan) and the CSV export. Both show
 * names, masked phones and masked ID numbers, so both are on the audit trail: every page of a listing
 * (who, which filters, how many, which page) as well as every export. A listing is paged at most
 * MAX_MEMBER_PAGES deep with sealed cursors; the whole list is the export's job.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { countyScope } from '../../shared/domain/caller';
import { toCsv } from '../../shared/domain/csv';
import { Forbidden } from '../../shared/domain/errors';
import { listedMember } from '../../shared/domain/member';
import { callerOf, type RosterReader, requireCaller } from '../../shared/http/auth';
import { listingContext, listingCursors } from '../../shared/http/cursors';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import { resolveRequestLocale } from '../../shared/http/middleware';
import { listQuery, MAX_PAGE_SIZE } from '../../shared/http/query';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { lazyHasher } from '../../shared/privacy/hashing';
import type { HashKeySource } from '../../shared/runtime/hash-key';
import { observe } from '../../shared/runtime/observability';
import type { ReviewStore } from '../../shared/storage/review';

/** 50 pages of up to 100 members: a county's list; past it, narrow the filters or export (audited). */
export const MAX_MEMBER_PAGES = 50;

export interface MembersDeps {
  /** Who is staff, with which role and counties (cached briefly per container). */
  roster: RosterReader;
  /** Seals listing cursors (shared/http/cursors.ts). */
  hashKey: HashKeySource;
  /** The members listing and the audit trail each view is written to. */
  review: Pick<ReviewStore, 'listMembers' | 'recordView'>;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
}

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

/** The query as the audit trail records it: the filters, not the cursor. */
const filtersShown = (event: HttpEvent) => {
  const { cursor: _cursor, ...filters } = event.queryStringParameters ?? {};
  return filters;
};

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

  const cursors = listingCursors(lazyHasher(deps.hashKey), MAX_MEMBER_PAGES);

  const listMembers = async (event: HttpEvent) => {
    const { caller, query, filters } = filtersOf(event);
    const context = listingContext(event.routeKey, caller.sub, query);
    const { cursor, depth } = await cursors.open(query.cursor, context);
    const page = await deps.review.listMembers({
      ...filters,
      limit: query.limit,
      ...(cursor ? { cursor } : {}),
    });
    const items = page.items.map(listedMember);
    await deps.review.recordView(
      {
        actor: caller.name,
        actorRole: caller.role,
        action: 'members.list',
        details: {
          rows: items.length,
          page: depth + 1,
          filters: JSON.stringify(filtersShown(event)),
        },
      },
      now(),
    );
    const nextCursor = await cursors.seal(page.nextCursor, depth, context);
    return json(200, { items, nextCursor }, { 'cache-control': 'no-store' });
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
      rows.push(...page.items.map(listedMember));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    await deps.review.recordView(
      {
        actor: caller.name,
        actorRole: caller.role,
        action: 'members.export',
        details: { rows: rows.length, filters: JSON.stringify(filtersShown(event)) },
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
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(requireCaller(deps.roster))
    .handler(routeMembersRequest);
};
