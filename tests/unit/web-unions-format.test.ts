import { describe, expect, it } from 'vitest';
import { LEAVE_REASONS } from '../../shared/domain/union';
import type { ListedUnion } from '../../web/src/staff/unions/api';
import {
  bulkTransferLabel,
  countyGroups,
  coverageText,
  groupHeading,
  kindLabel,
  leaveReasonLabel,
  statusText,
  transferTargets,
} from '../../web/src/staff/unions/format';

const union = (
  fields: Partial<ListedUnion> & Pick<ListedUnion, 'unionId' | 'kind' | 'county'>,
): ListedUnion => ({
  name: fields.unionId,
  setUpOn: '2026-01-01',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'system',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'system',
  version: 1,
  members: 0,
  ...fields,
});

const zhaoyangFallback = union({
  unionId: 'U-zhaoyang-fallback',
  kind: 'fallback',
  county: 'zhaoyang',
  members: 7,
});
const meituan = union({
  unionId: 'U-zhaoyang-MEITUAN',
  kind: 'platform',
  county: 'zhaoyang',
  platform: 'meituan',
  setUpOn: '2026-11-30',
  members: 3,
});
const couriers = union({
  unionId: 'U-zhaoyang-COURIER',
  kind: 'industry',
  county: 'zhaoyang',
  trade: 'courier',
  setUpOn: '2026-03-01',
  members: 2,
});
const gone = union({
  unionId: 'U-zhaoyang-GONE',
  kind: 'joint',
  county: 'zhaoyang',
  platform: 'eleme',
  status: 'dissolved',
  dissolvedOn: '2026-06-30',
});
const ludianFallback = union({
  unionId: 'U-ludian-fallback',
  kind: 'fallback',
  county: 'ludian',
  members: 4,
});

describe('how the unions page words a union', () => {
  it('names each kind in both languages', () => {
    expect(kindLabel('platform', 'zh-CN')).toBe('平台企业工会');
    expect(kindLabel('fallback', 'zh-CN')).toBe('兜底联合工会');
    expect(kindLabel('industry', 'en')).toBe('Industry union');
    expect(kindLabel('mystery', 'en')).toBe('mystery');
  });

  it('says what it covers with the catalogue’s names', () => {
    expect(coverageText(meituan, 'zh-CN')).toBe('平台：美团');
    expect(coverageText(meituan, 'en')).toBe('Platform: Meituan');
    expect(coverageText(couriers, 'zh-CN')).toBe('职业：快递员');
    expect(coverageText(zhaoyangFallback, 'zh-CN')).toBe('本县区没有更对口工会的会员');
  });

  it('says when a union was dissolved', () => {
    expect(statusText(meituan, 'zh-CN')).toBe('在册');
    expect(statusText(gone, 'zh-CN')).toBe('已撤销（2026-06-30）');
    expect(statusText(gone, 'en')).toBe('Dissolved (2026-06-30)');
  });

  it('offers the bulk transfer on an active platform or joint union of a platform only, naming the platform', () => {
    expect(bulkTransferLabel(meituan, 'zh-CN')).toBe('把本县兜底工会中的美团会员整体接转到本工会');
    expect(bulkTransferLabel(meituan, 'en')).toBe(
      'Move every Meituan member from the county’s fallback union into this union',
    );
    expect(bulkTransferLabel({ ...gone, status: 'active' }, 'zh-CN')).toContain('饿了么');
    expect(bulkTransferLabel(gone, 'zh-CN')).toBeUndefined();
    expect(bulkTransferLabel(couriers, 'zh-CN')).toBeUndefined();
    expect(bulkTransferLabel(zhaoyangFallback, 'zh-CN')).toBeUndefined();
    expect(bulkTransferLabel({ ...couriers, kind: 'joint' }, 'zh-CN')).toBeUndefined();
  });

  it('labels every reason for leaving in both languages', () => {
    for (const reason of LEAVE_REASONS) {
      expect(leaveReasonLabel(reason, 'zh-CN')).toMatch(/\p{Script=Han}/u);
      expect(leaveReasonLabel(reason, 'en')).not.toMatch(/\p{Script=Han}|_/u);
    }
    expect(leaveReasonLabel('moved_away', 'zh-CN')).toBe('离开本地');
  });
});

describe('the unions grouped by county', () => {
  const all = [meituan, gone, ludianFallback, couriers, zhaoyangFallback];

  it('follows the counties’ order, the fallback union first, then active by set-up date, dissolved last', () => {
    const groups = countyGroups(all, ['zhaoyang', 'ludian', 'qiaojia']);
    expect(groups.map((g) => g.county)).toEqual(['zhaoyang', 'ludian']);
    expect(groups[0]?.unions.map((u) => u.unionId)).toEqual([
      'U-zhaoyang-fallback',
      'U-zhaoyang-COURIER',
      'U-zhaoyang-MEITUAN',
      'U-zhaoyang-GONE',
    ]);
    expect(groups[0]).toMatchObject({ active: 3, members: 12, inFallback: 7 });
    expect(countyGroups(all, ['ludian']).map((g) => g.county)).toEqual(['ludian']);
  });

  it('heads each county with its figures', () => {
    const [zhaoyang] = countyGroups(all, ['zhaoyang']);
    expect(groupHeading(zhaoyang as never, 'zh-CN')).toBe(
      '昭阳区：3 个在册工会，12 名会员，其中 7 名在兜底工会',
    );
    expect(groupHeading(zhaoyang as never, 'en')).toBe(
      'Zhaoyang District: 3 active unions, 12 members, 7 of them in the fallback union',
    );
  });

  it('moves a member only to another active union of the same county', () => {
    expect(transferTargets(all, meituan).map((u) => u.unionId)).toEqual([
      'U-zhaoyang-fallback',
      'U-zhaoyang-COURIER',
    ]);
    expect(transferTargets(all, ludianFallback)).toEqual([]);
  });
});
