import { describe, expect, it } from 'vitest';
import { type UnionCount, unionSection } from '../../shared/domain/union-report';

const union = (u: Partial<UnionCount> & Pick<UnionCount, 'unionId' | 'kind' | 'county'>): UnionCount => ({
  name: u.unionId,
  status: 'active',
  setUpOn: '2026-11-01',
  members: 0,
  ...u,
});

const HEAD = ['meituan', 'eleme', 'didi', 'sf_express'];
const COUNTIES = ['zhaoyang', 'ludian', 'yanjin'];

const unions: UnionCount[] = [
  union({ unionId: 'F-z', kind: 'fallback', county: 'zhaoyang', members: 40 }),
  union({ unionId: 'F-l', kind: 'fallback', county: 'ludian', members: 12 }),
  union({ unionId: 'F-y', kind: 'fallback', county: 'yanjin', members: 3 }),
  union({ unionId: 'M-z', kind: 'platform', county: 'zhaoyang', platform: 'meituan', members: 25 }),
  union({ unionId: 'D-l', kind: 'platform', county: 'ludian', platform: 'didi', members: 9 }),
  union({ unionId: 'E-z', kind: 'joint', county: 'zhaoyang', platform: 'eleme', members: 4 }),
  union({ unionId: 'C-y', kind: 'industry', county: 'yanjin', trade: 'courier', members: 7 }),
  // Not a head platform: does not count towards the rate.
  union({ unionId: 'DA-z', kind: 'platform', county: 'zhaoyang', platform: 'dada', members: 2 }),
  // Dissolved: does not count either.
  union({ unionId: 'S-l', kind: 'platform', county: 'ludian', platform: 'sf_express', status: 'dissolved' }),
];

describe('the union section of the report', () => {
  const section = unionSection(unions, HEAD, COUNTIES);

  it('city-wide: a head platform counts once it has an active platform or joint union in any county', () => {
    expect(section.headPlatforms).toEqual({
      total: 4,
      withUnion: 3,
      rate: 0.75,
      with: ['meituan', 'eleme', 'didi'],
      without: ['sf_express'],
    });
  });

  it('per county: its own rate, the head platforms it lacks, its unions, members and fallback members', () => {
    expect(section.byCounty).toEqual([
      {
        county: 'zhaoyang',
        total: 4,
        withUnion: 2,
        rate: 0.5,
        with: ['meituan', 'eleme'],
        without: ['didi', 'sf_express'],
        activeUnions: 4,
        members: 71,
        inFallback: 40,
      },
      {
        county: 'ludian',
        total: 4,
        withUnion: 1,
        rate: 0.25,
        with: ['didi'],
        without: ['meituan', 'eleme', 'sf_express'],
        activeUnions: 2,
        members: 21,
        inFallback: 12,
      },
      {
        county: 'yanjin',
        total: 4,
        withUnion: 0,
        rate: 0,
        with: [],
        without: HEAD,
        activeUnions: 2,
        members: 10,
        inFallback: 3,
      },
    ]);
  });

  it('members in unions and in fallback unions; every union listed, active ones first', () => {
    expect(section.members).toBe(102);
    expect(section.inFallback).toBe(55);
    expect(section.perUnion.at(-1)?.unionId).toBe('S-l');
    expect(section.perUnion).toHaveLength(unions.length);
  });

  it('scoped to some counties: their unions only, and the rate over them', () => {
    const scoped = unionSection(unions, HEAD, ['ludian']);
    expect(scoped.headPlatforms).toMatchObject({ withUnion: 1, without: ['meituan', 'eleme', 'sf_express'] });
    expect(scoped.perUnion.map((u) => u.unionId).sort()).toEqual(['D-l', 'F-l', 'S-l']);
    expect(scoped.members).toBe(21);
  });

  it('no head platforms in the catalogue: a rate of 0, not a division by zero', () => {
    expect(unionSection(unions, [], COUNTIES).headPlatforms).toEqual({
      total: 0,
      withUnion: 0,
      rate: 0,
      with: [],
      without: [],
    });
  });
});
