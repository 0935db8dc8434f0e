/**
 * The coverage report's union section (建会, shared/domain/union-report.ts) as the dashboard words it:
 * the head-platform union rate ("3/8 · 37.5%"), the platforms without a union, the per-county rows and
 * the members per union, named from the catalogue in the page language. Pure, so it is unit-tested alone.
 */
import { type Catalog, catalog as defaultCatalog, type Locale } from '../../../../shared/catalog/index';
import type { HeadPlatformUnionRate, UnionSection } from '../../../../shared/domain/union-report';
import { interpolate } from '../../common/strings';
import { formatNumber, formatPercent } from './format';
import { REPORT_UNIONS_STRINGS, type ReportUnionsKey } from './union-strings';

const say = (locale: Locale, key: ReportUnionsKey, values?: Record<string, string | number>): string =>
  interpolate(REPORT_UNIONS_STRINGS[locale][key], values);

type Named = { code: string; name: Record<Locale, string> };
const nameIn = (entries: readonly Named[], code: string, locale: Locale): string =>
  entries.find((entry) => entry.code === code)?.name[locale] ?? code;
const rank = (entries: readonly Named[], code: string): number => {
  const index = entries.findIndex((entry) => entry.code === code);
  return index === -1 ? entries.length : index;
};

/** "3/8 · 37.5%": head platforms with a union, of all head platforms, and the rate. */
export const unionRateText = (
  rate: Pick<HeadPlatformUnionRate, 'withUnion' | 'total' | 'rate'>,
  locale: Locale,
): string =>
  say(locale, 'reports.unions.rateValue', {
    withUnion: formatNumber(rate.withUnion, locale),
    total: formatNumber(rate.total, locale),
    percent: formatPercent(rate.rate, locale),
  });

/** Platform names as the language lists them ("美团、饿了么" / "Meituan, Ele.me"), or "无" / "none". */
export const platformList = (
  codes: readonly string[],
  locale: Locale,
  catalog: Catalog = defaultCatalog,
): string =>
  codes.length === 0
    ? say(locale, 'reports.unions.none')
    : codes.map((code) => nameIn(catalog.platforms, code, locale)).join(locale === 'en' ? ', ' : '、');

/** The line under the rate: which head platforms still have no union anywhere (or that all have one). */
export const withoutUnionText = (
  rate: Pick<HeadPlatformUnionRate, 'without'>,
  locale: Locale,
  catalog: Catalog = defaultCatalog,
): string =>
  rate.without.length === 0
    ? say(locale, 'reports.unions.allCovered')
    : say(locale, 'reports.unions.without', { platforms: platformList(rate.without, locale, catalog) });

/** "占工会里会员的 33.3%": the share of the members in unions still in fallback unions ('' with none). */
export const inFallbackShareText = (
  section: Pick<UnionSection, 'members' | 'inFallback'>,
  locale: Locale,
): string =>
  section.members === 0
    ? ''
    : say(locale, 'reports.unions.inFallbackNote', {
        percent: formatPercent(section.inFallback / section.members, locale),
      });

export const unionKindLabel = (kind: string, locale: Locale): string => {
  const key = `reports.unions.kind.${kind}`;
  return key in REPORT_UNIONS_STRINGS[locale] ? say(locale, key as ReportUnionsKey) : kind;
};

export interface UnionCountyRow {
  code: string;
  label: string;
  rate: string;
  without: string;
  activeUnions: number;
  members: number;
  inFallback: number;
}

/** One row per county of the section, in catalogue order. */
export const unionCountyRows = (
  section: Pick<UnionSection, 'byCounty'>,
  locale: Locale,
  catalog: Catalog = defaultCatalog,
): UnionCountyRow[] =>
  [...section.byCounty]
    .sort((a, b) => rank(catalog.counties, a.county) - rank(catalog.counties, b.county))
    .map((row) => ({
      code: row.county,
      label: nameIn(catalog.counties, row.county, locale),
      rate: unionRateText(row, locale),
      without: platformList(row.without, locale, catalog),
      activeUnions: row.activeUnions,
      members: row.members,
      inFallback: row.inFallback,
    }));

export interface PerUnionRow {
  code: string;
  label: string;
  county: string;
  kind: string;
  members: number;
  dissolved: boolean;
}

/**
 * Every union of the section: the active ones first, then by county in catalogue order (each county's
 * fallback union first), a dissolved one marked as such.
 */
export const perUnionRows = (
  section: Pick<UnionSection, 'perUnion'>,
  locale: Locale,
  catalog: Catalog = defaultCatalog,
): PerUnionRow[] =>
  [...section.perUnion]
    .sort(
      (a, b) =>
        Number(a.status === 'dissolved') - Number(b.status === 'dissolved') ||
        rank(catalog.counties, a.county) - rank(catalog.counties, b.county) ||
        Number(b.kind === 'fallback') - Number(a.kind === 'fallback'),
    )
    .map((union) => ({
      code: union.unionId,
      label:
        union.status === 'dissolved'
          ? say(locale, 'reports.unions.dissolved', { name: union.name })
          : union.name,
      county: nameIn(catalog.counties, union.county, locale),
      kind: unionKindLabel(union.kind, locale),
      members: union.members,
      dissolved: union.status === 'dissolved',
    }));
