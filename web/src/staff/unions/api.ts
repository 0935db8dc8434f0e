/**
 * The grassroots unions' API calls (functions/unions/unions.ts), through the console's API module: the
 * same bearer token, the same handling of a 401 and the same `ReviewProblem`s. The two calls that move
 * members in batches (dissolving, the bulk transfer) answer `done: false` while some are left;
 * `repeatUntilDone` calls them again until they are done.
 */

import type { ListedUnion, UnionMemberEntry as UnionMember } from '../../../../shared/api/unions';
import type {
  BulkTransferInput,
  LeaveInput,
  NewUnionInput,
  TransferInput,
  UnionChangeInput,
} from '../../../../shared/domain/union';
import { UNION_KINDS, UNION_STATUSES, type Union } from '../../../../shared/domain/union';
import { getJson, type Page, postJson, queryString, type Result, type ReviewProblem } from '../common/api';

export type { ListedUnion, UnionMember };

/** A member after a transfer or leaving (the fields the page uses). */
export interface MemberView {
  memberId: string;
  fullName: string;
  unionId: string | null;
  leftAt?: string;
}

export interface Moved {
  moved: number;
  done: boolean;
}

/** Members listed per page. */
export const MEMBER_PAGE_SIZE = 25;

const isText = (value: unknown): value is string => typeof value === 'string';
const isOptionalText = (value: unknown) => value === undefined || isText(value);

/** A listed union, or undefined when the answer is not one. */
export const parseUnion = (value: unknown): ListedUnion | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const u = value as Record<string, unknown>;
  if (
    !isText(u.unionId) ||
    !isText(u.name) ||
    !UNION_KINDS.includes(u.kind as Union['kind']) ||
    !isText(u.county) ||
    !isOptionalText(u.platform) ||
    !isOptionalText(u.trade) ||
    !isText(u.setUpOn) ||
    !UNION_STATUSES.includes(u.status as Union['status']) ||
    !isOptionalText(u.dissolvedOn) ||
    typeof u.version !== 'number'
  )
    return undefined;
  return { ...(u as unknown as Union), members: typeof u.members === 'number' ? u.members : 0 };
};

const checked = <T>(result: Result<unknown>, parse: (value: unknown) => T | undefined): Result<T> => {
  if (!result.ok) return result;
  const value = parse(result.value);
  return value === undefined
    ? { ok: false, problem: { kind: 'failed', code: 'internal_error' } }
    : { ok: true, value };
};

const parseMoved = (value: unknown): Moved | undefined => {
  const { moved, done } = (value ?? {}) as Record<string, unknown>;
  return typeof moved === 'number' && typeof done === 'boolean' ? { moved, done } : undefined;
};

const unionPath = (unionId: string) => `/api/unions/${encodeURIComponent(unionId)}`;
const memberPath = (memberId: string) => `/api/members/${encodeURIComponent(memberId)}`;

/** Every union the caller may see (administrators: all counties; reviewers: theirs). */
export const listUnions = async (): Promise<Result<ListedUnion[]>> =>
  checked(await getJson('/api/unions'), (body) => {
    const items = (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) return undefined;
    const unions = items.map(parseUnion);
    return unions.every((u): u is ListedUnion => u !== undefined) ? unions : undefined;
  });

export const createUnion = async (body: NewUnionInput): Promise<Result<ListedUnion>> =>
  checked(await postJson('/api/unions', body), parseUnion);

/** Renames, or dissolves (then moves a first batch of its members to the county's fallback union). */
export const changeUnion = async (
  unionId: string,
  change: UnionChangeInput,
): Promise<Result<Moved & { union: ListedUnion }>> =>
  checked(await postJson(unionPath(unionId), change), (value) => {
    const moved = parseMoved(value);
    const union = parseUnion((value as { union?: unknown } | null)?.union);
    return moved && union ? { ...moved, union } : undefined;
  });

/** Moves a batch of `fromUnionId`'s members (of one platform, when given) to `body.to`. */
export const bulkTransfer = async (fromUnionId: string, body: BulkTransferInput): Promise<Result<Moved>> =>
  checked(await postJson(`${unionPath(fromUnionId)}/transfers`, body), parseMoved);

export const listUnionMembers = (unionId: string, cursor?: string) =>
  getJson<Page<UnionMember>>(
    `${unionPath(unionId)}/members${queryString({ limit: MEMBER_PAGE_SIZE, cursor })}`,
  );

const parseMemberView = (value: unknown): MemberView | undefined => {
  const m = (value ?? {}) as Record<string, unknown>;
  if (!isText(m.memberId) || !isText(m.fullName)) return undefined;
  return {
    memberId: m.memberId,
    fullName: m.fullName,
    unionId: isText(m.unionId) ? m.unionId : null,
    ...(isText(m.leftAt) ? { leftAt: m.leftAt } : {}),
  };
};

export const transferMember = async (memberId: string, body: TransferInput): Promise<Result<MemberView>> =>
  checked(await postJson(`${memberPath(memberId)}/transfer`, body), parseMemberView);

export const leaveUnion = async (memberId: string, body: LeaveInput): Promise<Result<MemberView>> =>
  checked(await postJson(`${memberPath(memberId)}/leave`, body), parseMemberView);

/** More rounds than this and something is wrong (each round moves members until the function's time is up). */
export const MAX_ROUNDS = 200;

/**
 * Calls `step` until it answers `done`, adding up the members moved and telling `progress` after each
 * round. A failed round stops it, answering how many had moved before (the calls are safe to repeat).
 */
export const repeatUntilDone = async (
  step: (round: number) => Promise<Result<Moved>>,
  progress: (moved: number) => void = () => undefined,
): Promise<{ ok: true; moved: number } | { ok: false; moved: number; problem: ReviewProblem }> => {
  let moved = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = await step(round);
    if (!result.ok) return { ok: false, moved, problem: result.problem };
    moved += result.value.moved;
    progress(moved);
    if (result.value.done) return { ok: true, moved };
  }
  return { ok: false, moved, problem: { kind: 'busy' } };
};
