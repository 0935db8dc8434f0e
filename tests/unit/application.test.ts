import { describe, expect, it } from 'vitest';
import {
  APPLICATION_ID_PATTERN,
  type ApplicationRecord,
  type ApplicationStatus,
  canMove,
  newApplicationId,
  newApplicationRecord,
  statusView,
} from '../../shared/domain/application';
import type { ApplicationInput } from '../../shared/domain/application-rules';
import { maskIdNumber } from '../../shared/domain/id-number';
import { maskPhone } from '../../shared/domain/phone';
import { ADULT_ID_NUMBER } from '../support/id-numbers';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('newApplicationId: A + China date (YYMMDD) + 8 Crockford base-32 characters', () => {
  it.each([
    ['noon in China', '2026-06-15T04:00:00Z', bytes(0, 1, 2, 3, 4, 5, 6, 7), 'A260615-01234567'],
    [
      '00:00 in China is still the previous day in UTC',
      '2026-06-14T16:00:00Z',
      bytes(0, 0, 0, 0, 0, 0, 0, 0),
      'A260615-00000000',
    ],
    ['23:59 in China', '2026-06-14T15:59:59Z', bytes(0, 0, 0, 0, 0, 0, 0, 0), 'A260614-00000000'],
    ['New Year in China', '2025-12-31T16:00:00Z', bytes(8, 9, 10, 11, 12, 13, 14, 15), 'A260101-89ABCDEF'],
    [
      'letters skip I and L',
      '2026-06-15T04:00:00Z',
      bytes(16, 17, 18, 19, 20, 21, 22, 23),
      'A260615-GHJKMNPQ',
    ],
    [
      'letters skip O and U',
      '2026-06-15T04:00:00Z',
      bytes(24, 25, 26, 27, 28, 29, 30, 31),
      'A260615-RSTVWXYZ',
    ],
    [
      'bytes wrap modulo 32',
      '2026-06-15T04:00:00Z',
      bytes(32, 33, 63, 64, 255, 254, 128, 97),
      'A260615-01Z0ZY01',
    ],
  ])('%s', (_case, at, random, expected) => {
    expect(newApplicationId(new Date(at), random)).toBe(expected);
  });

  it('matches APPLICATION_ID_PATTERN for every byte value', () => {
    for (let b = 0; b < 256; b++) {
      const id = newApplicationId(new Date('2026-06-15T04:00:00Z'), bytes(b, b, b, b, b, b, b, b));
      expect(id).toMatch(APPLICATION_ID_PATTERN);
    }
  });

  it('gives different numbers for different random bytes', () => {
    const at = new Date('2026-06-15T04:00:00Z');
    expect(newApplicationId(at, bytes(1, 2, 3, 4, 5, 6, 7, 8))).not.toBe(
      newApplicationId(at, bytes(1, 2, 3, 4, 5, 6, 7, 9)),
    );
  });
});

describe('APPLICATION_ID_PATTERN', () => {
  it.each([
    ['lowercase letters', 'A260615-abcdefgh'],
    ['an I (ambiguous with 1)', 'A260615-0000000I'],
    ['an L (ambiguous with 1)', 'A260615-0000000L'],
    ['an O (ambiguous with 0)', 'A260615-0000000O'],
    ['a U', 'A260615-0000000U'],
    ['7 characters', 'A260615-0000000'],
    ['9 characters', 'A260615-000000000'],
    ['no A prefix', '260615-00000000'],
    ['a 5-digit date', 'A26061-00000000'],
    ['no dash', 'A26061500000000'],
    ['trailing text', 'A260615-00000000/x'],
  ])('refuses %s', (_case, id) => {
    expect(APPLICATION_ID_PATTERN.test(id)).toBe(false);
  });
});

describe('canMove: submitted → pending_review → approved | rejected', () => {
  const STATUSES: ApplicationStatus[] = ['submitted', 'pending_review', 'approved', 'rejected'];
  const allowed = new Set(['submitted→pending_review', 'pending_review→approved', 'pending_review→rejected']);
  const pairs = STATUSES.flatMap((from) =>
    STATUSES.map((to) => [from, to, allowed.has(`${from}→${to}`)] as const),
  );
  it.each(pairs)('%s → %s: %s', (from, to, expected) => {
    expect(canMove(from, to)).toBe(expected);
  });
});

const input: ApplicationInput = {
  fullName: '王小明',
  phone: '13812345678',
  idNumber: ADULT_ID_NUMBER,
  trade: 'delivery_rider',
  platforms: ['meituan'],
  county: 'zhaoyang',
  workplace: '昭阳区北门站',
  source: 'qr-station-07',
  consent: true,
  verificationId: `V${'a'.repeat(22)}`,
  verificationCode: '123456',
};
const record = (extra: Partial<ApplicationRecord> = {}): ApplicationRecord => ({
  ...newApplicationRecord(
    input,
    {
      applicationId: 'A260615-01234567',
      now: new Date('2026-06-15T04:00:00Z'),
      consentVersion: '2026-11-01',
      locale: 'zh-CN',
    },
    { idHash: 'id-hash', phoneHash: 'phone-hash', statusTokenHash: 'token-hash' },
    { idNumberMasked: maskIdNumber(ADULT_ID_NUMBER), phoneMasked: maskPhone('13812345678') },
  ),
  ...extra,
});

describe('newApplicationRecord (docs/architecture.md §7)', () => {
  it('never stores the full ID number', () => {
    expect(JSON.stringify(record())).not.toContain(ADULT_ID_NUMBER);
    expect(record()).not.toHaveProperty('idNumber');
  });

  it('starts submitted and stores the consent version and time', () => {
    expect(record()).toMatchObject({
      status: 'submitted',
      submittedAt: '2026-06-15T04:00:00.000Z',
      consentVersion: '2026-11-01',
      consentAt: '2026-06-15T04:00:00.000Z',
      idNumberMasked: maskIdNumber(ADULT_ID_NUMBER),
      flags: [],
    });
  });
});

describe('statusView: what the applicant sees, with no personal data', () => {
  const personal = [
    '王小明',
    '13812345678',
    '138****5678',
    maskIdNumber(ADULT_ID_NUMBER),
    '昭阳区北门站',
    'hash',
  ];

  it.each<[string, Partial<ApplicationRecord>, string[]]>([
    ['a submitted application', {}, ['applicationId', 'status', 'submittedAt']],
    [
      'a pending application',
      { status: 'pending_review', screenedAt: '2026-06-15T04:00:05.000Z' },
      ['applicationId', 'status', 'submittedAt'],
    ],
    [
      'an approved application',
      {
        status: 'approved',
        decidedAt: '2026-06-16T01:00:00.000Z',
        decidedBy: 'reviewer-zhaoyang',
        memberId: 'M0001',
      },
      ['applicationId', 'status', 'submittedAt', 'decidedAt', 'memberId'],
    ],
    [
      'a rejected application',
      {
        status: 'rejected',
        decidedAt: '2026-06-16T01:00:00.000Z',
        decidedBy: 'reviewer-zhaoyang',
        rejectionReason: '非本市',
      },
      ['applicationId', 'status', 'submittedAt', 'decidedAt', 'rejectionReason'],
    ],
  ])('%s shows only %j', (_case, extra, keys) => {
    const view = statusView(record(extra));
    expect(Object.keys(view).sort()).toEqual([...keys].sort());
    const text = JSON.stringify(view);
    for (const value of personal) expect(text).not.toContain(value);
    expect(text).not.toContain('reviewer-zhaoyang');
  });

  it('copies the decision fields faithfully', () => {
    expect(
      statusView(
        record({ status: 'rejected', decidedAt: '2026-06-16T01:00:00.000Z', rejectionReason: '非本市' }),
      ),
    ).toEqual({
      applicationId: 'A260615-01234567',
      status: 'rejected',
      submittedAt: '2026-06-15T04:00:00.000Z',
      decidedAt: '2026-06-16T01:00:00.000Z',
      rejectionReason: '非本市',
    });
  });
});
