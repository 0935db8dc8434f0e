/** Grassroots unions and where members belong (shared/domain/union.ts). */
import * as z from 'zod';
import {
  LEAVE_REASONS,
  MAX_REASON_LENGTH,
  MAX_UNION_NAME_LENGTH,
  UNION_KINDS,
  UNION_STATUSES,
} from '../domain/union';
import {
  CountyCode,
  countyField,
  day,
  instant,
  memberId,
  nextCursor,
  PlatformCode,
  platformField,
  TradeCode,
  text,
  tradeField,
  UNION_ID,
  unionId,
} from './common';
import { ADMIN, INTERNAL, jsonBody, LISTING, STAFF, STORAGE } from './errors';
import { countyParameter, pageParameters } from './listing';
import { ListedMember } from './members';
import type { ErrorAnswers, Operations } from './operation';
import { pathId } from './operation';
import { named } from './registry';

export const Union = named(
  'Union',
  'platform: a platform enterprise’s union in a county; industry: a trade’s; joint: one platform or one trade; ' +
    'fallback: the county’s union for whoever nothing more specific covers (one per county, never dissolved).',
  z.object({
    unionId,
    name: z.string(),
    kind: z.enum(UNION_KINDS),
    county: countyField,
    platform: platformField.optional(),
    trade: tradeField.optional(),
    setUpOn: day,
    status: z.enum(UNION_STATUSES),
    dissolvedOn: day.optional(),
    createdAt: instant,
    createdBy: z.string(),
    updatedAt: instant,
    updatedBy: z.string(),
    version: z.int().min(1),
  }),
);
export type Union = z.infer<typeof Union>;

export const ListedUnion = named(
  'ListedUnion',
  'A union and how many members it has now.',
  Union.extend({ members: z.int() }),
);
export type ListedUnion = z.infer<typeof ListedUnion>;

export const UnionList = named(
  'UnionList',
  'The caller’s counties’ unions, by county, oldest first.',
  z.object({ items: z.array(ListedUnion) }),
);
export type UnionList = z.infer<typeof UnionList>;

export const UnionMemberEntry = named(
  'UnionMemberEntry',
  'A member in a union’s listing: masks only.',
  ListedMember.extend({ inUnionSince: instant }),
);
export type UnionMemberEntry = z.infer<typeof UnionMemberEntry>;

export const UnionMembersPage = named(
  'UnionMembersPage',
  'A page of a union’s members.',
  z.object({ items: z.array(UnionMemberEntry), nextCursor }),
);
export type UnionMembersPage = z.infer<typeof UnionMembersPage>;

export const UnionStay = named(
  'UnionStay',
  'A member’s union over time. The reason is erased with the rest of their data after they leave.',
  z.object({
    unionId: z.string(),
    since: instant,
    how: z.enum(['placement', 'transfer', 'bulk_transfer', 'dissolution']),
    reason: z.string().optional(),
    by: z.string(),
  }),
);
export type UnionStay = z.infer<typeof UnionStay>;

export const MemberView = named(
  'MemberView',
  'A member as staff see them: masks, their union and its history; once they left, when and why. The name and ' +
    'masks are gone once their data is erased (30 days after leaving).',
  z.object({
    memberId,
    fullName: z.string().optional(),
    phoneMasked: z.string().optional(),
    idNumberMasked: z.string().optional(),
    trade: tradeField,
    platforms: z.array(platformField),
    county: countyField,
    joinedAt: instant,
    unionId: z.string().nullable(),
    unionSince: instant.nullable(),
    unionHistory: z.array(UnionStay),
    leftAt: instant.optional(),
    leftReason: z.enum(LEAVE_REASONS).optional(),
    eraseAfter: instant.optional(),
  }),
);
export type MemberView = z.infer<typeof MemberView>;

export const UnionChanged = named(
  'UnionChanged',
  'The union after the change; dissolving moves its members to the county’s fallback union, in batches: ' +
    'while `done` is false, send the same request again.',
  z.object({ union: Union, moved: z.int().min(0), done: z.boolean() }),
);
export type UnionChanged = z.infer<typeof UnionChanged>;

export const MembersMoved = named(
  'MembersMoved',
  'Members moved; while `done` is false, send the same request again (it moves the rest).',
  z.object({ from: z.string(), to: z.string(), moved: z.int().min(0), done: z.boolean() }),
);
export type MembersMoved = z.infer<typeof MembersMoved>;

const unionName = text(
  { min: 1, max: MAX_UNION_NAME_LENGTH },
  `1–${MAX_UNION_NAME_LENGTH} characters, no control characters or \`<>\`.`,
);
const staffReason = text(
  { min: 1, max: MAX_REASON_LENGTH },
  `1–${MAX_REASON_LENGTH} characters, no control characters or \`<>\`.`,
);
const none = z.union([z.literal(''), z.null()]);
const calendarDay = z
  .string()
  .meta({ format: 'date' })
  .describe('A real calendar date, YYYY-MM-DD (Beijing).');

export const NewUnionRequest = named(
  'NewUnionRequest',
  'A union an administrator sets up: platform unions name a platform (and no trade), industry unions a trade ' +
    '(and no platform), joint unions exactly one of the two. Another active union covering the same platform ' +
    'or trade in the county is a 409.',
  z.object({
    name: unionName,
    kind: z.enum(['platform', 'industry', 'joint']),
    county: CountyCode,
    platform: z.union([PlatformCode, none]).optional().describe('Empty or null: none.'),
    trade: z.union([TradeCode, none]).optional().describe('Empty or null: none.'),
    setUpOn: calendarDay,
  }),
);
export type NewUnionRequest = z.infer<typeof NewUnionRequest>;

export const UnionChangeRequest = named(
  'UnionChangeRequest',
  'A new name, or `status: dissolved` (with the date and a reason, if wanted), or both.',
  z
    .object({
      name: unionName.optional(),
      status: z.literal('dissolved').optional(),
      dissolvedOn: calendarDay.optional().describe('Default: today.'),
      reason: staffReason.optional(),
    })
    .meta({ anyOf: [{ required: ['name'] }, { required: ['status'] }] }),
);
export type UnionChangeRequest = z.infer<typeof UnionChangeRequest>;

const to = z.string().regex(UNION_ID).describe('The union they move to: active, in their county.');

export const TransferRequest = named(
  'TransferRequest',
  'Moves one member.',
  z.object({ to, reason: staffReason }),
);
export type TransferRequest = z.infer<typeof TransferRequest>;

export const BulkTransferRequest = named(
  'BulkTransferRequest',
  'Moves the union’s members that the target covers: a platform union takes that platform’s, an industry union ' +
    'its trade’s; into a fallback union, everyone, or those of `platform`.',
  z.object({ to, reason: staffReason, platform: PlatformCode.optional() }),
);
export type BulkTransferRequest = z.infer<typeof BulkTransferRequest>;

export const LeaveRequest = named(
  'LeaveRequest',
  'A member leaving (退会): why, as a code, and a note if wanted. Their personal data is erased 30 days later.',
  z.object({
    reason: z.enum(LEAVE_REASONS),
    note: text({ min: 1, max: MAX_REASON_LENGTH, orEmpty: 'empty' }, 'Up to 200 characters.').optional(),
  }),
);
export type LeaveRequest = z.infer<typeof LeaveRequest>;

const unionExample = {
  unionId: 'U-zhaoyang-4K2M9QXB',
  name: '美团昭阳区工会',
  kind: 'platform',
  county: 'zhaoyang',
  platform: 'meituan',
  setUpOn: '2026-11-01',
  status: 'active',
  createdAt: '2026-11-02T03:00:00.000Z',
  createdBy: '张管理',
  updatedAt: '2026-11-02T03:00:00.000Z',
  updatedBy: '张管理',
  version: 1,
};
const memberExample = {
  memberId: 'M261128-7K3F9QXM',
  fullName: '王小明',
  phoneMasked: '138****5678',
  idNumberMasked: '110105********002X',
  trade: 'delivery_rider',
  platforms: ['meituan'],
  county: 'zhaoyang',
  joinedAt: '2026-11-30T03:00:00.000Z',
  unionId: 'U-zhaoyang-4K2M9QXB',
  unionSince: '2026-11-30T03:00:00.000Z',
  unionHistory: [
    { unionId: 'U-zhaoyang-4K2M9QXB', since: '2026-11-30T03:00:00.000Z', how: 'placement', by: '李审核' },
  ],
};

const unionParameter = pathId('The union id.', z.string(), unionExample.unionId);
const memberParameter = pathId('The member number.', z.string(), memberExample.memberId);
const NO_STORE = { 'Cache-Control': 'no-store' } as const;
const UNION_NOT_FOUND: ErrorAnswers = { 404: { not_found: 'no such union in the caller’s counties' } };
const MEMBER_NOT_FOUND: ErrorAnswers = { 404: { not_found: 'no such member in the caller’s counties' } };
const invalid = (when: string): ErrorAnswers => ({ 400: { validation_failed: when } });
const RACE = { changed_meanwhile: 'someone changed it meanwhile: read it again' };

export const unionsOperations: Operations = {
  'GET /api/unions': {
    operationId: 'listUnions',
    tag: 'unions',
    summary: 'Unions',
    description: '`limit` and `cursor` are checked like a listing’s, and ignored: every union is listed.',
    parameters: [countyParameter, ...pageParameters],
    answers: {
      200: {
        description: 'The unions.',
        body: UnionList,
        headers: NO_STORE,
        example: { items: [{ ...unionExample, members: 132 }] },
      },
    },
    errors: [STAFF, { 400: { invalid_query: LISTING[400]?.invalid_query ?? '' } }, STORAGE, INTERNAL],
  },
  'POST /api/unions': {
    operationId: 'createUnion',
    tag: 'unions',
    summary: 'Set up a union (administrators)',
    requestBody: {
      schema: NewUnionRequest,
      example: {
        name: '美团昭阳区工会',
        kind: 'platform',
        county: 'zhaoyang',
        platform: 'meituan',
        setUpOn: '2026-11-01',
      },
    },
    answers: {
      201: {
        description: 'Set up (audited); new members it covers are placed in it from now on.',
        body: ListedUnion,
        headers: { Location: 'The new union.' },
        example: { ...unionExample, members: 0 },
      },
    },
    errors: [
      ADMIN,
      jsonBody(8),
      invalid('a field is wrong, missing or unknown, or the coverage does not suit the kind'),
      {
        409: {
          union_slot_taken: 'another active union covers this platform or trade in the county: `unionId`',
          ...RACE,
        },
      },
      STORAGE,
      INTERNAL,
    ],
  },
  'GET /api/unions/{id}': {
    operationId: 'getUnion',
    tag: 'unions',
    summary: 'One union',
    parameters: [unionParameter],
    answers: {
      200: {
        description: 'The union.',
        body: ListedUnion,
        headers: NO_STORE,
        example: { ...unionExample, members: 132 },
      },
    },
    errors: [STAFF, UNION_NOT_FOUND, STORAGE, INTERNAL],
  },
  'POST /api/unions/{id}': {
    operationId: 'changeUnion',
    tag: 'unions',
    summary: 'Rename or dissolve a union (administrators)',
    parameters: [unionParameter],
    requestBody: { schema: UnionChangeRequest, example: { status: 'dissolved', reason: '企业撤出本县' } },
    answers: {
      200: {
        description: 'Changed (audited).',
        body: UnionChanged,
        headers: NO_STORE,
        example: {
          union: { ...unionExample, status: 'dissolved', dissolvedOn: '2026-11-30', version: 2 },
          moved: 132,
          done: true,
        },
      },
    },
    errors: [
      ADMIN,
      jsonBody(8),
      invalid('nothing to change, a field wrong or unknown'),
      UNION_NOT_FOUND,
      { 409: { union_unavailable: 'dissolved already, or the county’s fallback union', ...RACE } },
      STORAGE,
      INTERNAL,
    ],
  },
  'GET /api/unions/{id}/members': {
    operationId: 'listUnionMembers',
    tag: 'unions',
    summary: 'A union’s members (audited)',
    parameters: [unionParameter, ...pageParameters],
    answers: {
      200: {
        description: 'A page of members.',
        body: UnionMembersPage,
        headers: NO_STORE,
        example: {
          items: [
            {
              memberId: memberExample.memberId,
              fullName: memberExample.fullName,
              phoneMasked: memberExample.phoneMasked,
              idNumberMasked: memberExample.idNumberMasked,
              trade: memberExample.trade,
              platforms: memberExample.platforms,
              county: memberExample.county,
              joinedAt: memberExample.joinedAt,
              inUnionSince: memberExample.unionSince,
            },
          ],
          nextCursor: null,
        },
      },
    },
    errors: [STAFF, LISTING, UNION_NOT_FOUND, STORAGE, INTERNAL],
  },
  'POST /api/unions/{id}/transfers': {
    operationId: 'transferMembers',
    tag: 'unions',
    summary: 'Move a union’s members to another (administrators)',
    parameters: [unionParameter],
    requestBody: {
      schema: BulkTransferRequest,
      example: { to: 'U-zhaoyang-4K2M9QXB', reason: '美团工会成立', platform: 'meituan' },
    },
    answers: {
      200: {
        description: 'Moved (audited).',
        body: MembersMoved,
        headers: NO_STORE,
        example: { from: 'U-zhaoyang-fallback', to: 'U-zhaoyang-4K2M9QXB', moved: 57, done: true },
      },
    },
    errors: [
      ADMIN,
      jsonBody(8),
      invalid('a field is wrong, missing or unknown; or `platform` is not the target union’s'),
      UNION_NOT_FOUND,
      {
        409: {
          union_unavailable: 'the target is not an active union of the same county',
          member_left: 'a member left while being moved',
          ...RACE,
        },
      },
      STORAGE,
      INTERNAL,
    ],
  },
  'GET /api/members/{id}': {
    operationId: 'getMember',
    tag: 'unions',
    summary: 'One member (audited)',
    parameters: [memberParameter],
    answers: {
      200: { description: 'The member.', body: MemberView, headers: NO_STORE, example: memberExample },
    },
    errors: [STAFF, MEMBER_NOT_FOUND, STORAGE, INTERNAL],
  },
  'POST /api/members/{id}/transfer': {
    operationId: 'transferMember',
    tag: 'unions',
    summary: 'Move a member to another union (administrators)',
    parameters: [memberParameter],
    requestBody: { schema: TransferRequest, example: { to: 'U-zhaoyang-4K2M9QXB', reason: '换平台' } },
    answers: {
      200: { description: 'Moved (audited).', body: MemberView, headers: NO_STORE, example: memberExample },
    },
    errors: [
      ADMIN,
      jsonBody(8),
      invalid('a field is wrong, missing or unknown'),
      MEMBER_NOT_FOUND,
      {
        409: {
          union_unavailable: 'the target is not an active union of the member’s county',
          member_left: 'the member has left',
          ...RACE,
        },
      },
      STORAGE,
      INTERNAL,
    ],
  },
  'POST /api/members/{id}/leave': {
    operationId: 'leaveUnion',
    tag: 'unions',
    summary: 'A member leaves (退会)',
    description: 'Frees their ID number; their personal data is erased 30 days later.',
    parameters: [memberParameter],
    requestBody: { schema: LeaveRequest, example: { reason: 'moved_away', note: '回老家' } },
    answers: {
      200: {
        description: 'Left (audited).',
        body: MemberView,
        headers: NO_STORE,
        example: {
          ...memberExample,
          leftAt: '2026-12-01T03:00:00.000Z',
          leftReason: 'moved_away',
          eraseAfter: '2026-12-31T03:00:00.000Z',
        },
      },
    },
    errors: [
      STAFF,
      jsonBody(8),
      invalid('no reason, an unknown one, a note too long, or an unknown field'),
      MEMBER_NOT_FOUND,
      { 409: { member_left: 'the member has left already', ...RACE } },
      STORAGE,
      INTERNAL,
    ],
  },
};
