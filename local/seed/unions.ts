/**
 * Which unions the demo sets up: where the most members are, a platform union for the busiest head
 * platform in one county and an industry union for the busiest trade in another, so that a bulk
 * transfer has members to move in each.
 */
import { catalog } from '../../shared/catalog/index';
import type { DemoApplicant } from './people';

export interface UnionPlan {
  union: { name: string; kind: 'platform' | 'industry'; county: string; platform?: string; trade?: string };
}

const nameOf = (list: ReadonlyArray<{ code: string; name: Record<string, string> }>, code: string) =>
  list.find((entry) => entry.code === code)?.name['zh-CN'] ?? code;

const busiest = (counts: Map<string, number>): string | undefined =>
  [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];

const countBy = <T>(items: readonly T[], keysOf: (item: T) => string[]) => {
  const counts = new Map<string, number>();
  for (const item of items) for (const key of keysOf(item)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
};

export const planUnions = (members: ReadonlyArray<{ applicant: DemoApplicant }>): UnionPlan[] => {
  const head = new Set(catalog.platforms.filter((p) => p.head).map((p) => p.code));
  const plans: UnionPlan[] = [];
  const onPlatform = busiest(
    countBy(members, ({ applicant }) =>
      applicant.platforms.filter((p) => head.has(p)).map((p) => `${applicant.county}|${p}`),
    ),
  );
  if (onPlatform) {
    const [county, platform] = onPlatform.split('|') as [string, string];
    plans.push({
      union: {
        name: `示例·${nameOf(catalog.counties, county)}${nameOf(catalog.platforms, platform)}工会`,
        kind: 'platform',
        county,
        platform,
      },
    });
  }
  const inTrade = busiest(
    countBy(
      members.filter(({ applicant }) => applicant.county !== plans[0]?.union.county),
      ({ applicant }) => [`${applicant.county}|${applicant.trade}`],
    ),
  );
  if (inTrade) {
    const [county, trade] = inTrade.split('|') as [string, string];
    plans.push({
      union: {
        name: `示例·${nameOf(catalog.counties, county)}${nameOf(catalog.trades, trade)}行业工会`,
        kind: 'industry',
        county,
        trade,
      },
    });
  }
  return plans;
};

/** Whether a bulk transfer into the planned union moves this member (their county, and its platform or trade). */
export const movedInto = (plan: UnionPlan, applicant: DemoApplicant): boolean =>
  applicant.county === plan.union.county &&
  (plan.union.platform
    ? applicant.platforms.includes(plan.union.platform)
    : applicant.trade === plan.union.trade);
