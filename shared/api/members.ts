/** Members by trade and platform, and the export: both audited. */
import * as z from 'zod';
import { countyField, instant, memberId, nextCursor, platformField, tradeField } from './common';
import { ADMIN, INTERNAL, LISTING, STAFF, STORAGE } from './errors';
import { countyParameter, pageParameters, platformParameter, tradeParameter } from './listing';
import type { Operations } from './operation';
import { named } from './registry';

export const ListedMember = named(
  'ListedMember',
  'A member as listings show them: the name and masks, never the phone or the ID number.',
  z.object({
    memberId,
    fullName: z.string(),
    phoneMasked: z.string(),
    idNumberMasked: z.string(),
    trade: tradeField,
    platforms: z.array(platformField),
    county: countyField,
    joinedAt: instant,
  }),
);
export type ListedMember = z.infer<typeof ListedMember>;

export const MembersPage = named(
  'MembersPage',
  'A page of members.',
  z.object({ items: z.array(ListedMember), nextCursor }),
);
export type MembersPage = z.infer<typeof MembersPage>;

const filters = [countyParameter, tradeParameter, platformParameter];

export const membersOperations: Operations = {
  'GET /api/members': {
    operationId: 'listMembers',
    tag: 'members',
    summary: 'Members, by trade and platform',
    description: 'The caller’s counties only; 50 pages deep at most (past it, narrow the filters or export).',
    parameters: [...filters, ...pageParameters],
    answers: {
      200: {
        description: 'A page of members.',
        body: MembersPage,
        headers: { 'Cache-Control': 'no-store' },
        example: {
          items: [
            {
              memberId: 'M261128-7K3F9QXM',
              fullName: '王小明',
              phoneMasked: '138****5678',
              idNumberMasked: '110105********002X',
              trade: 'delivery_rider',
              platforms: ['meituan'],
              county: 'zhaoyang',
              joinedAt: '2026-11-30T03:00:00.000Z',
            },
          ],
          nextCursor: null,
        },
      },
    },
    errors: [STAFF, LISTING, STORAGE, INTERNAL],
  },
  'GET /api/members/export': {
    operationId: 'exportMembers',
    tag: 'members',
    summary: 'Every member matching the filters, as CSV (administrators)',
    description:
      'Columns: memberId, fullName, phoneMasked, idNumberMasked, trade, platforms, county, joinedAt. ' +
      '`limit` and `cursor` are checked like a listing’s, and ignored: an export is never cut short.',
    parameters: [...filters, ...pageParameters],
    answers: {
      200: {
        description: 'The CSV file.',
        csv: true,
        headers: { 'Cache-Control': 'no-store', 'Content-Disposition': true },
      },
    },
    errors: [ADMIN, { 400: LISTING[400] ?? {} }, STORAGE, INTERNAL],
  },
};
