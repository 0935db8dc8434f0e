/**
 * How the `/unions` page words and orders unions: kinds, what each covers (catalogue names), status, the
 * bulk transfer's label, the unions grouped by county in catalogue order, where a member may move, leave
 * reasons. Pure (the locale is passed in), so it is unit-tested without a browser.
 */
import { type Catalog, catalog as defaultCatalog, type Locale } from '../../../../shared/catalog/index';
import { LEAVE_REASONS, type LeaveReason, type UnionKind } from '../../../../shared/domain/union';
import { interpolate } from '../../common/strings';
import type { ListedUnion } from './api';
import { UNIONS_STRINGS, type UnionsKey } from './strings';

export const say = (locale: Locale, key: UnionsKey, values?: Record<string, string | number>): string =>
  interpolate(UNIONS_STRINGS[locale][key], values);

/** 6059 → "6,059" (as the coverage dashboard writes numbers). */
export const formatNumber = (value: number, locale: Locale): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);

/** A text with a note in brackets, as each language writes it: "甲（乙）" / "A (B)". */
export const withNote = (text: string, note: string, locale: Locale): string =>
  locale === 'en' ? `${text} (${note})` : `${text}（${note}）`;

type Named = { code: string; name: Record<Locale, string> };
const nameIn = (entries: readonly Named[], code: string, locale: Locale): string =>
  entries.find((entry) => entry.code === code)?.name[locale] ?? code;

export const platformName = (code: string, locale: Locale, catalog: Catalog = defaultCatalog): string =>
  nameIn(catalog.platforms, code, locale);
export const tradeName = (code: string, locale: Locale, catalog: Catalog = defaultCatalog): string =>
  nameIn(catalog.trades, code, locale);
export const countyName = (code: string, locale: Locale, catalog: Catalog = defaultCatalog): string =>
  nameIn(catalog.counties, code, locale);

/** A list as the language writes it: 美团、饿了么 / Meituan, Ele.me */
export const listIn = (items: readonly string[], locale: Locale): string =>
  items.join(locale === 'en' ? ', ' : '、');

const KIND_KEYS: Record<UnionKind, UnionsKey> = {
  platform: 'unions.kind.platform',
  industry: 'unions.kind.industry',
  joint: 'unions.kind.joint',
  fallback: 'unions.kind.fallback',
};

export const kindLabel = (kind: string, locale: Locale): string =>
  kind in KIND_KEYS ? say(locale, KIND_KEYS[kind as UnionKind]) : kind;

type Coverage = Pick<ListedUnion, 'kind' | 'platform' | 'trade'>;

/** What a union covers: "平台：美团", "职业：快递员", or the fallback union's "everyone else". */
export const coverageText = (union: Coverage, locale: Locale): string => {
  if (union.kind === 'fallback') return say(locale, 'unions.covers.fallback');
  if (union.platform)
    return say(locale, 'unions.covers.platform', { name: platformName(union.platform, locale) });
  if (union.trade) return say(locale, 'unions.covers.trade', { name: tradeName(union.trade, locale) });
  return '';
};

export const statusText = (union: Pick<ListedUnion, 'status' | 'dissolvedOn'>, locale: Locale): string =>
  union.status === 'dissolved'
    ? say(locale, 'unions.status.dissolved', { date: union.dissolvedOn ?? '' })
    : say(locale, 'unions.status.active');

/** A platform or joint union of a platform, while active, can take that platform's members from the fallback union. */
export const canBulkTransfer = (
  union: Pick<ListedUnion, 'kind' | 'platform' | 'status'>,
): union is Pick<ListedUnion, 'kind' | 'status'> & { platform: string } =>
  union.status === 'active' && (union.kind === 'platform' || union.kind === 'joint') && !!union.platform;

/** "把本县兜底工会中的美团会员整体接转到本工会", or undefined for a union that cannot take them. */
export const bulkTransferLabel = (
  union: Pick<ListedUnion, 'kind' | 'platform' | 'status'>,
  locale: Locale,
): string | undefined =>
  canBulkTransfer(union)
    ? say(locale, 'unions.action.bulk', { platform: platformName(union.platform, locale) })
    : undefined;

export interface CountyGroup {
  county: string;
  unions: ListedUnion[];
  active: number;
  members: number;
  inFallback: number;
}

const orderInCounty = (a: ListedUnion, b: ListedUnion): number => {
  const rank = (u: ListedUnion) => (u.kind === 'fallback' ? 0 : u.status === 'active' ? 1 : 2);
  return rank(a) - rank(b) || a.setUpOn.localeCompare(b.setUpOn) || a.name.localeCompare(b.name, 'zh-CN');
};

/**
 * The unions of each of `counties` (in that order; a county with none is left out), each county's
 * fallback union first, then the active ones by set-up date, then the dissolved ones.
 */
export const countyGroups = (unions: readonly ListedUnion[], counties: readonly string[]): CountyGroup[] =>
  counties.flatMap((county) => {
    const here = unions.filter((u) => u.county === county).sort(orderInCounty);
    if (here.length === 0) return [];
    return [
      {
        county,
        unions: here,
        active: here.filter((u) => u.status === 'active').length,
        members: here.reduce((n, u) => n + u.members, 0),
        inFallback: here.filter((u) => u.kind === 'fallback').reduce((n, u) => n + u.members, 0),
      },
    ];
  });

/** "昭阳区：3 个在册工会，12 名会员，其中 4 名在兜底工会" */
export const groupHeading = (group: CountyGroup, locale: Locale): string =>
  say(locale, 'unions.group', {
    county: countyName(group.county, locale),
    active: formatNumber(group.active, locale),
    members: formatNumber(group.members, locale),
    inFallback: formatNumber(group.inFallback, locale),
  });

/** The county's fallback union, if listed. */
export const fallbackUnionOf = (unions: readonly ListedUnion[], county: string): ListedUnion | undefined =>
  unions.find((u) => u.county === county && u.kind === 'fallback');

/** Where a member of `from` may move: the other active unions of the same county (fallback first). */
export const transferTargets = (
  unions: readonly ListedUnion[],
  from: Pick<ListedUnion, 'unionId' | 'county'>,
): ListedUnion[] =>
  unions
    .filter((u) => u.county === from.county && u.status === 'active' && u.unionId !== from.unionId)
    .sort(orderInCounty);

const LEAVE_KEYS: Record<LeaveReason, UnionsKey> = {
  changed_work: 'unions.leaveReason.changed_work',
  moved_away: 'unions.leaveReason.moved_away',
  own_request: 'unions.leaveReason.own_request',
  deceased: 'unions.leaveReason.deceased',
  other: 'unions.leaveReason.other',
};

export const leaveReasonLabel = (reason: string, locale: Locale): string =>
  (LEAVE_REASONS as readonly string[]).includes(reason)
    ? say(locale, LEAVE_KEYS[reason as LeaveReason])
    : reason;
