import { describe, expect, it } from 'vitest';
import type { UnionSection } from '../../shared/domain/union-report';
import {
  inFallbackShareText,
  perUnionRows,
  platformList,
  unionCountyRows,
  unionKindLabel,
  unionRateText,
  withoutUnionText,
} from '../../web/src/staff/reports/union-format';

const section: UnionSection = {
  headPlatforms: {
    total: 8,
    withUnion: 3,
    rate: 0.375,
    with: ['meituan', 'eleme', 'didi'],
    without: ['sf_express', 'jd_logistics', 'zto', 'yto', 'full_truck_alliance'],
  },
  byCounty: [
    {
      county: 'ludian',
      total: 8,
      withUnion: 0,
      rate: 0,
      with: [],
      without: ['meituan', 'eleme'],
      activeUnions: 1,
      members: 4,
      inFallback: 4,
    },
    {
      county: 'zhaoyang',
      total: 8,
      withUnion: 1,
      rate: 0.125,
      with: ['meituan'],
      without: ['eleme'],
      activeUnions: 2,
      members: 8,
      inFallback: 2,
    },
  ],
  perUnion: [
    {
      unionId: 'U-zhaoyang-A',
      name: '美团昭阳区工会',
      kind: 'platform',
      county: 'zhaoyang',
      platform: 'meituan',
      status: 'active',
      setUpOn: '2026-11-30',
      members: 6,
    },
    {
      unionId: 'U-ludian-B',
      name: '快递行业工会',
      kind: 'industry',
      county: 'ludian',
      trade: 'courier',
      status: 'dissolved',
      setUpOn: '2026-10-01',
      dissolvedOn: '2026-11-01',
      members: 0,
    },
  ],
  members: 12,
  inFallback: 6,
};

describe('the report’s union section on the dashboard', () => {
  it('writes the head-platform union rate as part/whole and a percentage', () => {
    expect(unionRateText(section.headPlatforms, 'zh-CN')).toBe('3/8 家 · 37.5%');
    expect(unionRateText(section.headPlatforms, 'en')).toBe('3/8 · 37.5%');
    expect(unionRateText({ withUnion: 0, total: 8, rate: 0 }, 'en')).toBe('0/8 · 0%');
  });

  it('names the head platforms without a union, or says every one has one', () => {
    expect(withoutUnionText(section.headPlatforms, 'zh-CN')).toBe(
      '还没有工会的头部平台：顺丰速运、京东物流、中通快递、圆通速递、满帮',
    );
    expect(withoutUnionText({ without: ['sf_express'] }, 'en')).toBe(
      'Leading platforms without a union: SF Express',
    );
    expect(withoutUnionText({ without: [] }, 'zh-CN')).toBe('每一家头部平台都有工会了。');
    expect(platformList([], 'en')).toBe('none');
  });

  it('gives the share of the members in unions still in fallback unions', () => {
    expect(inFallbackShareText(section, 'zh-CN')).toBe('占工会里会员的 50%');
    expect(inFallbackShareText(section, 'en')).toBe('50% of the members in unions');
    expect(inFallbackShareText({ members: 0, inFallback: 0 }, 'en')).toBe('');
  });

  it('lists the counties in catalogue order with their rate and missing platforms', () => {
    expect(unionCountyRows(section, 'zh-CN')).toEqual([
      {
        code: 'zhaoyang',
        label: '昭阳区',
        rate: '1/8 家 · 12.5%',
        without: '饿了么',
        activeUnions: 2,
        members: 8,
        inFallback: 2,
      },
      {
        code: 'ludian',
        label: '鲁甸县',
        rate: '0/8 家 · 0%',
        without: '美团、饿了么',
        activeUnions: 1,
        members: 4,
        inFallback: 4,
      },
    ]);
  });

  it('lists members per union, active first and by county in catalogue order, a dissolved one marked', () => {
    const ludianFallback = {
      unionId: 'U-ludian-fallback',
      name: '鲁甸县新就业形态劳动者联合工会',
      kind: 'fallback' as const,
      county: 'ludian',
      status: 'active' as const,
      setUpOn: '2026-12-01',
      members: 4,
    };
    const zhaoyangFallback = { ...ludianFallback, unionId: 'U-zhaoyang-fallback', county: 'zhaoyang' };
    const listed = { perUnion: [ludianFallback, ...section.perUnion, zhaoyangFallback] };
    expect(perUnionRows(listed, 'zh-CN').map((row) => row.code)).toEqual([
      'U-zhaoyang-fallback',
      'U-zhaoyang-A',
      'U-ludian-fallback',
      'U-ludian-B',
    ]);
    expect(perUnionRows(section, 'zh-CN')).toEqual([
      {
        code: 'U-zhaoyang-A',
        label: '美团昭阳区工会',
        county: '昭阳区',
        kind: '平台企业工会',
        members: 6,
        dissolved: false,
      },
      {
        code: 'U-ludian-B',
        label: '快递行业工会（已撤销）',
        county: '鲁甸县',
        kind: '行业工会',
        members: 0,
        dissolved: true,
      },
    ]);
    expect(perUnionRows(section, 'en')[1]?.label).toBe('快递行业工会 (dissolved)');
    expect(unionKindLabel('fallback', 'en')).toBe('Fallback union');
  });
});
