/**
 * Grassroots unions and where members belong (README, "Unions"): administrators set unions up, rename
 * and dissolve them, and move members between them (one at a time, or every member of a platform at
 * once); staff see a union's members and mark a member of their counties as left (退会). Every change
 * and every listing is on the audit trail.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ListedUnion, MembersMoved, UnionChanged, UnionList } from '../../shared/api/unions';
import { beijingDate } from '../../shared/domain/beijing-time';
import { type Caller, seesCounty } from '../../shared/domain/caller';
import {
  ChangedMeanwhile,
  Forbidden,
  NotFound,
  UnionUnavailable,
  ValidationFailed,
} from '../../shared/domain/errors';
import { listedMember } from '../../shared/domain/member';
import {
  canReceive,
  fallbackUnionId,
  type Union,
  validateLeave,
  validateNewUnion,
  validateTransfer,
  validateUnionChange,
} from '../../shared/domain/union';
import { callerOf, type RosterReader, requireCaller } from '../../shared/http/auth';
import { listingContext, listingCursors } from '../../shared/http/cursors';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import {
  limitBodySize,
  parseJsonBody,
  resolveRequestLocale,
  type Validator,
} from '../../shared/http/middleware';
import { listQuery } from '../../shared/http/query';
import { byRouteKey, type Route } from '../../shared/http/routes';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { lazyHasher } from '../../shared/privacy/hashing';
import type { HashKeySource } from '../../shared/runtime/hash-key';
import { count, METRIC } from '../../shared/runtime/metrics';
import { observe } from '../../shared/runtime/observability';
import type { AuditLog } from '../../shared/storage/audit';
import type { PersonStore } from '../../shared/storage/people';
import type { StoredMember, UnionStore } from '../../shared/storage/unions';

const MAX_BODY_BYTES = 8 * 1024;
/** A union's listing, like the county's: 50 pages of up to 100. */
export const MAX_UNION_MEMBER_PAGES = 50;
/** A bulk move stops this long before the Lambda's timeout and answers `done: false`: call it again. */
export const BULK_TIME_RESERVE_MS = 3_000;
/** A leave re-read and retried this often when the member or their person item changed meanwhile. */
const LEAVE_ATTEMPTS = 3;
/** Members read per page while moving them. */
const BULK_PAGE = 100;

export interface UnionsDeps {
  roster: RosterReader;
  hashKey: HashKeySource;
  unions: UnionStore;
  people: PersonStore;
  /** The audit trail of listings. */
  review: Pick<AuditLog, 'recordView'>;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const newUnionId = (county: string, bytes: Uint8Array = randomBytes(8)): string =>
  `U-${county}-${[...bytes].map((b) => CROCKFORD[b % 32]).join('')}`;

/** What staff see of a member: masks, never the phone or the ID number; the union and its history. */
const memberView = (m: StoredMember) => ({
  ...listedMember(m),
  unionId: m.unionId ?? null,
  unionSince: m.unionSince ?? null,
  unionHistory: m.unionHistory ?? [],
  ...(m.leftAt ? { leftAt: m.leftAt, leftReason: m.leftReason, eraseAfter: m.eraseAfter } : {}),
});

const entryView = (m: Record<string, unknown>) => ({ ...listedMember(m), inUnionSince: m.inUnionSince });

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Which members a bulk transfer into `to` moves: a union covering a platform takes that platform's members
 * (a different platform named is a mistake, 400); an industry union its trade's (filtered by trade); a
 * fallback union anyone, or the platform named.
 */
const bulkPlatform = (to: Union, named: string | undefined): string | undefined => {
  if (to.platform && named && named !== to.platform)
    throw new ValidationFailed({ platform: 'union.platform.other' });
  return to.platform ?? named;
};

export const createUnionsHandler = (deps: UnionsDeps) => {
  const now = deps.now ?? (() => new Date());
  const cursors = listingCursors(lazyHasher(deps.hashKey), MAX_UNION_MEMBER_PAGES);

  const requireAdmin = (caller: Caller) => {
    if (caller.role !== 'admin') throw new Forbidden();
  };
  /** A union the caller may see (a reviewer: in their counties); 404 otherwise, as for an unknown id. */
  const unionInScope = async (caller: Caller, unionId: string): Promise<Union> => {
    const union = /^U-[A-Za-z0-9_-]{1,80}$/.test(unionId) ? await deps.unions.getUnion(unionId) : undefined;
    if (!union || !seesCounty(caller, union.county)) throw new NotFound();
    return union;
  };
  const memberInScope = async (caller: Caller, memberId: string): Promise<StoredMember> => {
    const member = /^M[0-9A-Z-]{1,40}$/.test(memberId) ? await deps.unions.getMember(memberId) : undefined;
    if (!member || !seesCounty(caller, member.county)) throw new NotFound();
    return member;
  };
  const bodyOf = <T>(result: ReturnType<Validator<T>>): T => {
    if (!result.ok) throw new ValidationFailed(result.fields);
    return result.value;
  };

  const listUnions = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const query = listQuery(event, ['county']);
    const [unions, counts] = await Promise.all([deps.unions.listUnions(), deps.unions.memberCounts()]);
    const items = unions
      .filter((u) => seesCounty(caller, u.county) && (!query.county || u.county === query.county))
      .map((u) => ({ ...u, members: counts.get(u.unionId) ?? 0 }))
      .sort((a, b) => a.county.localeCompare(b.county) || a.createdAt.localeCompare(b.createdAt));
    return json(200, { items } satisfies UnionList, NO_STORE);
  };

  const getUnion = async (event: HttpEvent) => {
    const union = await unionInScope(callerOf(event), event.pathParameters?.id ?? '');
    const counts = await deps.unions.memberCounts();
    return json(200, { ...union, members: counts.get(union.unionId) ?? 0 } satisfies ListedUnion, NO_STORE);
  };

  const createUnion = async (event: HttpEvent) => {
    const caller = callerOf(event);
    requireAdmin(caller);
    const input = bodyOf(validateNewUnion(event.jsonBody));
    const union = await deps.unions.createUnion(input, newUnionId(input.county), caller, now());
    count(deps.metrics, METRIC.unionSetUp);
    deps.logger.info('union set up', { unionId: union.unionId, kind: union.kind, county: union.county });
    return json(201, { ...union, members: 0 } satisfies ListedUnion, {
      location: `/api/unions/${union.unionId}`,
    });
  };

  /**
   * Moves members of `from` (those on `platform`, when given) to `to`, page by page, each in its own
   * transaction conditional on them still being in `from`: safe to repeat, and members approved
   * meanwhile are placed by the directory, never left behind. Stops before the Lambda's timeout.
   */
  const moveMembers = async (
    from: Union,
    to: Union,
    how: 'bulk_transfer' | 'dissolution',
    reason: string,
    caller: Caller,
    context: Context | undefined,
    only: { platform?: string; trade?: string } = {},
  ) => {
    let moved = 0;
    let cursor: string | undefined;
    const timeLeft = () => context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY;
    do {
      const page = await deps.unions.listMembers(from.unionId, BULK_PAGE, cursor);
      for (const entry of page.items) {
        if (only.platform && !(entry.platforms as string[] | undefined)?.includes(only.platform)) continue;
        if (only.trade && entry.trade !== only.trade) continue;
        if (timeLeft() < BULK_TIME_RESERVE_MS) return { moved, done: false };
        const member = await deps.unions.getMember(String(entry.memberId));
        if (!member || member.unionId !== from.unionId || member.leftAt) continue;
        if (
          await deps.unions.transferMember(member, to, { how, reason, by: caller.name }, caller, now(), false)
        )
          moved += 1;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { moved, done: true };
  };

  const bulkTransfer = async (event: HttpEvent, context: Context | undefined) => {
    const caller = callerOf(event);
    requireAdmin(caller);
    const from = await unionInScope(caller, event.pathParameters?.id ?? '');
    const input = bodyOf(validateTransfer(event.jsonBody, true));
    const to = await deps.unions.getUnion(input.to);
    if (!to || !canReceive(to, from) || to.unionId === from.unionId) throw new UnionUnavailable();
    const platform = bulkPlatform(to, input.platform);
    const result = await moveMembers(from, to, 'bulk_transfer', input.reason, caller, context, {
      ...(platform ? { platform } : {}),
      ...(to.trade ? { trade: to.trade } : {}),
    });
    await deps.review.recordView(
      {
        actor: caller.name,
        actorRole: caller.role,
        action: 'union.bulk_transfer',
        target: from.unionId,
        details: {
          county: from.county,
          to: to.unionId,
          ...(input.platform ? { platform: input.platform } : {}),
          moved: result.moved,
          done: result.done,
        },
      },
      now(),
    );
    count(deps.metrics, METRIC.membersMoved, result.moved);
    deps.logger.info('members moved', { from: from.unionId, to: to.unionId, ...result });
    return json(200, { from: from.unionId, to: to.unionId, ...result } satisfies MembersMoved, NO_STORE);
  };

  /** Rename, or dissolve (then its members move to the county's fallback union: repeat until done). */
  const changeUnion = async (event: HttpEvent, context: Context | undefined) => {
    const caller = callerOf(event);
    requireAdmin(caller);
    let union = await unionInScope(caller, event.pathParameters?.id ?? '');
    const input = bodyOf(validateUnionChange(event.jsonBody));
    if (input.name !== undefined && input.name !== union.name)
      union = await deps.unions.renameUnion(union, input.name, caller, now());
    if (input.status !== 'dissolved')
      return json(200, { union, moved: 0, done: true } satisfies UnionChanged, NO_STORE);
    const at = now();
    union = await deps.unions.dissolveUnion(
      union,
      input.dissolvedOn ?? beijingDate(at.toISOString()),
      input.reason,
      caller,
      at,
    );
    await deps.unions.ensureCounty(union.county, at);
    const fallback = await deps.unions.getUnion(fallbackUnionId(union.county));
    if (!fallback) throw new UnionUnavailable();
    const result = await moveMembers(union, fallback, 'dissolution', input.reason ?? '', caller, context);
    count(deps.metrics, METRIC.membersMoved, result.moved);
    deps.logger.info('union dissolved', { unionId: union.unionId, ...result });
    return json(200, { union, ...result } satisfies UnionChanged, NO_STORE);
  };

  const unionMembers = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const union = await unionInScope(caller, event.pathParameters?.id ?? '');
    const query = listQuery(event, []);
    const context = listingContext(event.routeKey, caller.sub, { ...query, union: union.unionId });
    const { cursor, depth } = await cursors.open(query.cursor, context);
    const page = await deps.unions.listMembers(union.unionId, query.limit, cursor);
    const items = page.items.map(entryView);
    await deps.review.recordView(
      {
        actor: caller.name,
        actorRole: caller.role,
        action: 'members.list',
        target: union.unionId,
        details: { rows: items.length, page: depth + 1, filters: JSON.stringify({ union: union.unionId }) },
      },
      now(),
    );
    return json(200, { items, nextCursor: await cursors.seal(page.nextCursor, depth, context) }, NO_STORE);
  };

  const getMember = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const member = await memberInScope(caller, event.pathParameters?.id ?? '');
    await deps.review.recordView(
      {
        actor: caller.name,
        actorRole: caller.role,
        action: 'member.view',
        target: member.memberId,
        details: { county: member.county },
      },
      now(),
    );
    return json(200, memberView(member), NO_STORE);
  };

  const transferMember = async (event: HttpEvent) => {
    const caller = callerOf(event);
    requireAdmin(caller);
    const member = await memberInScope(caller, event.pathParameters?.id ?? '');
    const input = bodyOf(validateTransfer(event.jsonBody));
    const to = await deps.unions.getUnion(input.to);
    if (!to || !canReceive(to, member)) throw new UnionUnavailable();
    await deps.unions.transferMember(
      member,
      to,
      { how: 'transfer', reason: input.reason, by: caller.name },
      caller,
      now(),
      true,
    );
    const after = await deps.unions.getMember(member.memberId);
    // Moved elsewhere by someone else meanwhile: say so, rather than answer as if this move happened.
    if (after?.unionId !== to.unionId) throw new ChangedMeanwhile();
    return json(200, memberView(after), NO_STORE);
  };

  const leave = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const member = await memberInScope(caller, event.pathParameters?.id ?? '');
    const input = bodyOf(validateLeave(event.jsonBody));
    // The member or their person item may change under us (a transfer, an application with their ID
    // number): read both again and redo it, a few times.
    for (let attempt = 1; ; attempt++) {
      const current = attempt === 1 ? member : await memberInScope(caller, member.memberId);
      const person = await deps.people.get(current.idHash);
      try {
        const left = await deps.unions.leave(current, person, input, caller, now());
        count(deps.metrics, METRIC.memberLeft);
        deps.logger.info('member left', { memberId: member.memberId, reason: input.reason });
        return json(200, { ...memberView(current), ...left, leftReason: input.reason }, NO_STORE);
      } catch (error) {
        if (!(error instanceof ChangedMeanwhile) || attempt >= LEAVE_ATTEMPTS) throw error;
      }
    }
  };

  const routes: Record<string, Route> = {
    'GET /api/unions': listUnions,
    'POST /api/unions': createUnion,
    'GET /api/unions/{id}': getUnion,
    'POST /api/unions/{id}': changeUnion,
    'GET /api/unions/{id}/members': unionMembers,
    'POST /api/unions/{id}/transfers': bulkTransfer,
    'GET /api/members/{id}': getMember,
    'POST /api/members/{id}/transfer': transferMember,
    'POST /api/members/{id}/leave': leave,
  };

  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(limitBodySize(MAX_BODY_BYTES))
    .use(parseJsonBody({ postsOnly: true }))
    .use(requireCaller(deps.roster))
    .handler(byRouteKey(routes));
};
