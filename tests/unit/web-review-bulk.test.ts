import { describe, expect, it } from 'vitest';
import { MAX_BULK_DECISIONS, MAX_REASON_LENGTH } from '../../shared/domain/decision';
import {
  bulkItems,
  MAX_BULK,
  MAX_REASON,
  reasonLength,
  selectPage,
  summariseBulk,
  toggleSelection,
} from '../../web/src/staff/review/bulk';
import { spacedPhone } from '../../web/src/staff/review/detail-fields';
import { reasonProblem } from '../../web/src/staff/review/reason';

const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `A261128-${String(from + i).padStart(8, '0')}`);

describe('bulk decisions', () => {
  it('keeps the API’s limits', () => {
    expect(MAX_BULK).toBe(MAX_BULK_DECISIONS);
    expect(MAX_REASON).toBe(MAX_REASON_LENGTH);
  });

  it('builds the request items, with the one reason only when rejecting', () => {
    expect(bulkItems(['A1', 'A2'], 'approve', 'ignored')).toEqual([
      { applicationId: 'A1', decision: 'approve' },
      { applicationId: 'A2', decision: 'approve' },
    ]);
    expect(bulkItems(['A1'], 'reject', '  资料不全 ')).toEqual([
      { applicationId: 'A1', decision: 'reject', reason: '资料不全' },
    ]);
  });

  it('summarises successes and failures, matched by application', () => {
    const [a, b, c] = ids(3);
    const summary = summariseBulk([a as string, b as string, c as string], {
      results: [
        {
          ok: true,
          applicationId: a,
          status: 'approved',
          decidedAt: '2026-11-28T01:00:00.000Z',
          decidedBy: 'li',
          memberId: 'M1',
        },
        {
          ok: false,
          applicationId: b,
          statusCode: 409,
          error: 'already_decided',
          message: '该申请已经处理过了',
        },
        {
          ok: true,
          applicationId: c,
          status: 'rejected',
          decidedAt: '2026-11-28T01:00:00.000Z',
          decidedBy: 'li',
        },
      ],
    });
    expect(summary.succeeded).toEqual([
      {
        applicationId: a,
        status: 'approved',
        memberId: 'M1',
        decidedAt: '2026-11-28T01:00:00.000Z',
        decidedBy: 'li',
      },
      { applicationId: c, status: 'rejected', decidedAt: '2026-11-28T01:00:00.000Z', decidedBy: 'li' },
    ]);
    expect(summary.failed).toEqual([
      { applicationId: b, code: 'already_decided', message: '该申请已经处理过了' },
    ]);
  });

  it('never drops an application the answer leaves out or garbles', () => {
    const [a, b, c] = ids(3) as [string, string, string];
    expect(summariseBulk([a, b], undefined).failed).toEqual([
      { applicationId: a, code: 'missing' },
      { applicationId: b, code: 'missing' },
    ]);
    const summary = summariseBulk([a, b, c], {
      results: [
        { ok: true, applicationId: a, status: 'weird' },
        { ok: false, applicationId: null, statusCode: 400, error: 'validation_failed' },
        { ok: false, applicationId: c },
      ],
    });
    expect(summary.succeeded).toEqual([]);
    expect(summary.failed).toEqual([
      { applicationId: a, code: 'internal_error' },
      { applicationId: b, code: 'missing' },
      { applicationId: c, code: 'internal_error' },
    ]);
  });

  it('keeps the member number of a refused approval (the ID number already has a member)', () => {
    const member = summariseBulk(['A2'], {
      results: [
        {
          ok: false,
          applicationId: 'A2',
          statusCode: 409,
          error: 'id_already_member',
          message: 'Someone with this ID number is already a member',
          memberId: 'M261130-7K3M9QXZ',
        },
      ],
    });
    expect(member.failed).toEqual([
      {
        applicationId: 'A2',
        code: 'id_already_member',
        message: 'Someone with this ID number is already a member',
        memberId: 'M261130-7K3M9QXZ',
      },
    ]);
  });

  it('matches a repeated application to its own results in order', () => {
    const summary = summariseBulk(['A1', 'A1'], {
      results: [
        { ok: true, applicationId: 'A1', status: 'approved' },
        { ok: false, applicationId: 'A1', error: 'already_decided' },
      ],
    });
    expect(summary.succeeded).toHaveLength(1);
    expect(summary.failed).toEqual([{ applicationId: 'A1', code: 'already_decided' }]);
  });
});

describe('selecting for a bulk decision', () => {
  it('ticks and unticks, refusing a 26th', () => {
    let selected = new Set<string>();
    for (const id of ids(25)) {
      const result = toggleSelection(selected, id);
      expect(result.refused).toBe(false);
      selected = result.selected;
    }
    const refused = toggleSelection(selected, 'A-extra');
    expect(refused.refused).toBe(true);
    expect(refused.selected.size).toBe(25);
    const untick = toggleSelection(selected, ids(1)[0] as string);
    expect(untick.selected.size).toBe(24);
    expect(selected.size).toBe(25);
  });

  it('selects a page up to the limit in page order, and says how many were left out', () => {
    const page = ids(30);
    const result = selectPage(new Set(), page);
    expect([...result.selected]).toEqual(page.slice(0, 25));
    expect(result.leftOut).toBe(5);
    const small = selectPage(new Set(['X']), ids(3));
    expect(small.selected.size).toBe(4);
    expect(small.leftOut).toBe(0);
  });

  it('unticks the page when all of it is ticked', () => {
    const page = ids(3);
    const result = selectPage(new Set([...page, 'other']), page);
    expect([...result.selected]).toEqual(['other']);
    expect(selectPage(new Set(), []).selected.size).toBe(0);
  });
});

describe('a reason to reject', () => {
  it('is required, at most 500 characters (not UTF-16 units), without markup or control characters', () => {
    expect(reasonProblem('')).toBe('reason.required');
    expect(reasonProblem('   \n')).toBe('reason.required');
    expect(reasonProblem('资料不全')).toBeUndefined();
    expect(reasonProblem('第一行\n第二行\t缩进')).toBeUndefined();
    expect(reasonProblem('字'.repeat(500))).toBeUndefined();
    expect(reasonProblem('字'.repeat(501))).toBe('reason.length');
    expect(reasonProblem('𠀀'.repeat(500))).toBeUndefined();
    expect(reasonLength('𠀀'.repeat(3))).toBe(3);
    expect(reasonProblem('请看 <b>这里</b>')).toBe('text.characters');
    expect(reasonProblem('a\u0000b')).toBe('text.characters');
  });

  it('spaces a mobile number for reading aloud', () => {
    expect(spacedPhone('13812345678')).toBe('138 1234 5678');
    expect(spacedPhone('+8613812345678')).toBe('+8613812345678');
  });
});
