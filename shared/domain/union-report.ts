/**
 * The union half of the coverage report (建会): of the head platforms (the catalogue's `head` flag), how
 * many have an active union, city-wide and per county, and which do not; members per union; members still
 * in fallback unions. From the union records and their counters only, so the cost grows with the number
 * of unions, never with members. Pure: no AWS imports.
 */
import type { Union } from './union';

/** One union as the report sees it: its record and its member counter. */
export type UnionCount = Pick<
  Union,
  'unionId' | 'name' | 'kind' | 'county' | 'platform' | 'trade' | 'status' | 'setUpOn' | 'dissolvedOn'
> & { members: number };

export interface HeadPlatformUnionRate {
  /** Head platforms in the catalogue. */
  total: number;
  /** Of them, how many have an active union covering them (a platform union, or a joint union for it). */
  withUnion: number;
  rate: number;
  /** The head platforms that have one, and those that have none, in catalogue order. */
  with: string[];
  without: string[];
}

export interface CountyUnions extends HeadPlatformUnionRate {
  county: string;
  activeUnions: number;
  members: number;
  inFallback: number;
}

export interface UnionSection {
  /** City-wide: a head platform counts when it has an active union in at least one county. */
  headPlatforms: HeadPlatformUnionRate;
  byCounty: CountyUnions[];
  /** Every union, active first, then by county and name. */
  perUnion: UnionCount[];
  /** Members in a union, and how many of them are still in their county's fallback union. */
  members: number;
  inFallback: number;
}

const rateOf = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10000) / 10000 : 0);

const coveredPlatforms = (unions: UnionCount[]) =>
  new Set(
    unions
      .filter((u) => u.status === 'active' && (u.kind === 'platform' || u.kind === 'joint') && u.platform)
      .map((u) => u.platform as string),
  );

const headRate = (headPlatforms: readonly string[], unions: UnionCount[]): HeadPlatformUnionRate => {
  const covered = coveredPlatforms(unions);
  const without = headPlatforms.filter((p) => !covered.has(p));
  const withUnion = headPlatforms.length - without.length;
  return {
    total: headPlatforms.length,
    withUnion,
    rate: rateOf(withUnion, headPlatforms.length),
    with: headPlatforms.filter((p) => covered.has(p)),
    without,
  };
};

const sumMembers = (unions: UnionCount[]) => unions.reduce((n, u) => n + u.members, 0);

/**
 * `counties`: the counties to report on (the catalogue's, or a reviewer's), so a county with no union of
 * its own shows up with its head platforms all "without".
 */
export const unionSection = (
  unions: UnionCount[],
  headPlatforms: readonly string[],
  counties: readonly string[],
): UnionSection => {
  const inScope = unions.filter((u) => counties.includes(u.county));
  const fallbackMembers = (list: UnionCount[]) => sumMembers(list.filter((u) => u.kind === 'fallback'));
  return {
    headPlatforms: headRate(headPlatforms, inScope),
    byCounty: counties.map((county) => {
      const here = inScope.filter((u) => u.county === county);
      return {
        county,
        ...headRate(headPlatforms, here),
        activeUnions: here.filter((u) => u.status === 'active').length,
        members: sumMembers(here),
        inFallback: fallbackMembers(here),
      };
    }),
    perUnion: [...inScope].sort(
      (a, b) =>
        (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1) ||
        a.county.localeCompare(b.county) ||
        a.name.localeCompare(b.name, 'zh-CN'),
    ),
    members: sumMembers(inScope),
    inFallback: fallbackMembers(inScope),
  };
};
