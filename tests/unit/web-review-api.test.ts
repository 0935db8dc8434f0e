import { describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog/index';
import { errorMessage } from '../../shared/domain/messages';
import { UI_STRINGS } from '../../web/src/common/strings';
import {
  fileNameFrom,
  queryString,
  reviewProblemFrom,
  reviewProblemMessage,
} from '../../web/src/staff/common/api';
import { platformChoices } from '../../web/src/staff/review/filters';

describe('what the reviewer API’s failures mean', () => {
  it('maps status codes and error codes to kinds', () => {
    expect(reviewProblemFrom(401, { error: 'unauthorized' }, null)).toEqual({ kind: 'unauthorized' });
    expect(reviewProblemFrom(401, undefined, null)).toEqual({ kind: 'unauthorized' });
    expect(reviewProblemFrom(403, { error: 'forbidden' }, null)).toEqual({ kind: 'forbidden' });
    // Signed in, but not (or no longer) on the staff roster: the page reads the roster again and says so.
    expect(reviewProblemFrom(403, { error: 'not_staff' }, null)).toEqual({
      kind: 'forbidden',
      notStaff: true,
    });
    expect(reviewProblemMessage({ kind: 'forbidden', notStaff: true }, 'en')).toBe(
      errorMessage('not_staff', 'en'),
    );
    // A roster entry another administrator changed since it was read.
    expect(reviewProblemFrom(409, { error: 'changed_meanwhile' }, null)).toEqual({
      kind: 'changed_meanwhile',
    });
    expect(reviewProblemMessage({ kind: 'changed_meanwhile' }, 'zh-CN')).toBe(
      errorMessage('changed_meanwhile', 'zh-CN'),
    );
    expect(reviewProblemFrom(404, { error: 'not_found' }, null)).toEqual({ kind: 'not_found' });
    expect(reviewProblemFrom(409, { error: 'already_decided' }, null)).toEqual({ kind: 'already_decided' });
    expect(
      reviewProblemFrom(409, { error: 'id_already_member', memberId: 'M261130-7K3M9QXZ' }, null),
    ).toEqual({ kind: 'id_already_member', memberId: 'M261130-7K3M9QXZ' });
    expect(reviewProblemFrom(409, { error: 'id_already_member' }, null)).toEqual({
      kind: 'id_already_member',
    });
    expect(reviewProblemFrom(409, { error: 'something_else' }, null)).toEqual({
      kind: 'failed',
      code: 'something_else',
    });
    expect(
      reviewProblemFrom(
        400,
        { error: 'validation_failed', fields: { reason: '驳回时请填写理由', n: 3 } },
        null,
      ),
    ).toEqual({ kind: 'invalid', fields: { reason: '驳回时请填写理由' } });
    expect(reviewProblemFrom(400, { error: 'invalid_query', fields: {} }, null)).toEqual({
      kind: 'failed',
      code: 'invalid_query',
    });
    expect(reviewProblemFrom(503, { error: 'service_unavailable' }, '2')).toEqual({
      kind: 'busy',
      retryAfterSeconds: 2,
    });
    expect(reviewProblemFrom(429, undefined, null)).toEqual({ kind: 'busy' });
    expect(reviewProblemFrom(500, undefined, null)).toEqual({ kind: 'failed', code: 'internal_error' });
  });

  it('words them for union staff in both languages', () => {
    expect(reviewProblemMessage({ kind: 'already_decided' }, 'zh-CN')).toBe(
      '另一位审核员刚刚处理了这份申请。',
    );
    expect(reviewProblemMessage({ kind: 'already_decided' }, 'en')).toContain('Another reviewer');
    expect(reviewProblemMessage({ kind: 'unauthorized' }, 'zh-CN')).toContain('重新登录');
    expect(reviewProblemMessage({ kind: 'invalid', fields: { reason: 'R' } }, 'en')).toBe('R');
    expect(reviewProblemMessage({ kind: 'invalid', fields: {} }, 'en')).toBe(
      errorMessage('validation_failed', 'en'),
    );
    expect(reviewProblemMessage({ kind: 'busy', retryAfterSeconds: 5 }, 'en')).toContain('5 seconds');
    expect(reviewProblemMessage({ kind: 'offline' }, 'zh-CN')).toBe(UI_STRINGS['zh-CN']['error.offline']);
    expect(reviewProblemMessage({ kind: 'failed', code: 'invalid_cursor' }, 'en')).toBe(
      errorMessage('invalid_cursor', 'en'),
    );
  });

  it('says an approval was refused because the ID number already has a member, with the member number', () => {
    const problem = { kind: 'id_already_member', memberId: 'M261130-7K3M9QXZ' } as const;
    expect(reviewProblemMessage(problem, 'zh-CN')).toContain('已经是会员');
    expect(reviewProblemMessage(problem, 'zh-CN')).toContain('M261130-7K3M9QXZ');
    expect(reviewProblemMessage(problem, 'zh-CN')).toContain('驳回');
    expect(reviewProblemMessage(problem, 'en')).toContain(
      'already a member (member number M261130-7K3M9QXZ)',
    );
    // Without the number, the API's own sentence.
    expect(reviewProblemMessage({ kind: 'id_already_member' }, 'en')).toBe(
      errorMessage('id_already_member', 'en'),
    );
  });

  it('keeps which union already covers a platform or trade when a new union is refused for it', () => {
    expect(
      reviewProblemFrom(409, { error: 'union_slot_taken', unionId: 'U-zhaoyang-7K3M9QXZ' }, null),
    ).toEqual({ kind: 'union_slot_taken', unionId: 'U-zhaoyang-7K3M9QXZ' });
    expect(reviewProblemFrom(409, { error: 'union_slot_taken' }, null)).toEqual({
      kind: 'union_slot_taken',
    });
    expect(reviewProblemMessage({ kind: 'union_slot_taken' }, 'zh-CN')).toBe(
      errorMessage('union_slot_taken', 'zh-CN'),
    );
  });

  it('builds query strings from the non-empty filters only', () => {
    expect(queryString({})).toBe('');
    expect(
      queryString({ status: 'pending_review', county: '', trade: undefined, platform: null, limit: 25 }),
    ).toBe('?status=pending_review&limit=25');
    expect(queryString({ cursor: 'eyJ+/=' })).toBe('?cursor=eyJ%2B%2F%3D');
  });

  it('names the downloaded CSV as the API does', () => {
    expect(fileNameFrom('attachment; filename="members-2026-11-28.csv"', 'x.csv')).toBe(
      'members-2026-11-28.csv',
    );
    expect(fileNameFrom('attachment; filename=members.csv', 'x.csv')).toBe('members.csv');
    expect(fileNameFrom('attachment; filename="../../etc/passwd"', 'x.csv')).toBe('x.csv');
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
  });

  it('offers the platforms that serve the chosen trade (all of them for any trade)', () => {
    expect(platformChoices('')).toEqual(catalog.platforms.map((p) => p.code));
    expect(platformChoices('truck_driver')).toEqual(['full_truck_alliance', 'huolala', 'kuaigou', 'other']);
    expect(platformChoices('delivery_rider')).toContain('meituan');
    expect(platformChoices('delivery_rider')).not.toContain('didi');
  });
});
