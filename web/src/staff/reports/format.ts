/**
 * How the coverage dashboard words numbers, rates, changes and periods, in either language. Pure (the
 * locale is passed in, dates are Beijing dates), so it is unit-tested without a browser.
 */
import type { Locale } from '../../../../shared/catalog/index';
import { beijingDay } from '../../../../shared/domain/report-period';
import { interpolate } from '../../common/strings';
import { REPORTS_STRINGS, type ReportsKey } from './strings';

const say = (locale: Locale, key: ReportsKey, values?: Record<string, string | number>): string =>
  interpolate(REPORTS_STRINGS[locale][key], values);

/** 6059 → "6,059" */
export const formatNumber = (value: number, locale: Locale): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);

/** A rate (0.8) as a percentage ("80%"); small rates keep two decimals so they do not read as 0%. */
export const formatPercent = (rate: number, locale: Locale): string => {
  const digits = rate !== 0 && Math.abs(rate) < 0.01 ? 2 : 1;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(rate);
};

/** Hours with at most one decimal: "12.5 小时" / "12.5 h". */
export const formatHours = (hours: number, locale: Locale): string =>
  say(locale, 'reports.stat.hours', {
    hours: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(hours),
  });

export type Direction = 'up' | 'down' | 'same';

export interface Change {
  direction: Direction;
  /** ▲, ▼, or '' for no change: shown, but hidden from screen readers (the text says it). */
  arrow: string;
  /** "比上期多 12" / "12 more than last time" */
  text: string;
}

/** A change against the previous report, with its arrow. */
export const describeChange = (delta: number, locale: Locale): Change => {
  const count = formatNumber(Math.abs(delta), locale);
  if (delta > 0) return { direction: 'up', arrow: '▲', text: say(locale, 'reports.change.up', { count }) };
  if (delta < 0)
    return { direction: 'down', arrow: '▼', text: say(locale, 'reports.change.down', { count }) };
  return { direction: 'same', arrow: '', text: say(locale, 'reports.change.same') };
};

/** "10 家中有 7 家（70%）" / "7 of 10 (70%)" */
export const headPlatformsText = (
  head: { total: number; withMembers: number; rate: number },
  locale: Locale,
): string =>
  say(locale, 'reports.stat.headPlatformsValue', {
    count: formatNumber(head.withMembers, locale),
    total: formatNumber(head.total, locale),
    rate: formatPercent(head.rate, locale),
  });

export interface PeriodLike {
  kind: string;
  periodStart: string;
  /** Exclusive: the first instant after the period. */
  periodEnd: string;
}

interface Day {
  year: number;
  month: number;
  day: number;
}

const dayOf = (iso: string): Day => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

/** The Beijing calendar days a period covers, first and last (its end is exclusive). */
export const periodDays = (period: PeriodLike): { first: string; last: string } => ({
  first: beijingDay(period.periodStart),
  last: beijingDay(new Date(Date.parse(period.periodEnd) - 1)),
});

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const zhDay = (d: Day, withYear: boolean, withMonth = true) =>
  `${withYear ? `${d.year}年` : ''}${withMonth ? `${d.month}月` : ''}${d.day}日`;
const enDay = (d: Day, withYear: boolean) =>
  `${MONTHS_SHORT[d.month - 1]} ${d.day}${withYear ? `, ${d.year}` : ''}`;

/** A span of days: "2026年11月2日至8日" / "Nov 2–8, 2026" (a single day: just that day). */
export const dayRangeText = (firstIso: string, lastIso: string, locale: Locale): string => {
  const a = dayOf(firstIso);
  const b = dayOf(lastIso);
  const sameYear = a.year === b.year;
  const sameMonth = sameYear && a.month === b.month;
  if (locale === 'en') {
    if (firstIso === lastIso) return enDay(a, true);
    if (sameMonth) return `${MONTHS_SHORT[a.month - 1]} ${a.day}–${b.day}, ${a.year}`;
    if (sameYear) return `${enDay(a, false)} – ${enDay(b, false)}, ${a.year}`;
    return `${enDay(a, true)} – ${enDay(b, true)}`;
  }
  if (firstIso === lastIso) return zhDay(a, true);
  return `${zhDay(a, true)}至${zhDay(b, !sameYear, !sameMonth)}`;
};

/** What a report covers: a month by its name, anything else as a span of days. */
export const periodText = (period: PeriodLike, locale: Locale): string => {
  const { first, last } = periodDays(period);
  if (period.kind === 'monthly') {
    const d = dayOf(first);
    return locale === 'en' ? `${MONTHS_LONG[d.month - 1]} ${d.year}` : `${d.year}年${d.month}月`;
  }
  return dayRangeText(first, last, locale);
};

/** A short label for a chart's axis: "11月2日" / "Nov 2", or "2026年11月" / "Nov 2026" for a month. */
export const periodAxisLabel = (period: PeriodLike, locale: Locale): string => {
  const d = dayOf(periodDays(period).first);
  if (period.kind === 'monthly')
    return locale === 'en' ? `${MONTHS_SHORT[d.month - 1]} ${d.year}` : `${d.year}年${d.month}月`;
  return locale === 'en' ? enDay(d, false) : zhDay(d, false);
};

const KIND_KEYS: Record<string, ReportsKey> = {
  weekly: 'reports.kind.weekly',
  monthly: 'reports.kind.monthly',
  custom: 'reports.kind.custom',
};

export const kindText = (kind: string, locale: Locale): string =>
  KIND_KEYS[kind] ? say(locale, KIND_KEYS[kind]) : kind;

/** How a report is named in the picker: "周报：2026年11月2日至8日". */
export const reportLabel = (period: PeriodLike, locale: Locale): string =>
  `${kindText(period.kind, locale)}${locale === 'en' ? ': ' : '：'}${periodText(period, locale)}`;

/** A text with a note in brackets, as each language writes it: "甲（乙）" / "A (B)". */
export const withNote = (text: string, note: string, locale: Locale): string =>
  locale === 'en' ? `${text} (${note})` : `${text}（${note}）`;

/** A Beijing date (YYYY-MM-DD) some days away from another. */
export const addDays = (isoDay: string, days: number): string => {
  const { year, month, day } = dayOf(isoDay);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
};

/** Whole days from one date to another, both counted (2026-11-01 to 2026-11-07 → 7). */
export const daysInclusive = (fromIso: string, toIso: string): number =>
  Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000) + 1;

export type DateProblem =
  | 'reports.generate.dateRequired'
  | 'reports.generate.order'
  | 'reports.generate.tooLong';

/** What is wrong with a chosen period, field by field (the API checks the same). */
export const customPeriodProblems = (
  from: string,
  to: string,
): Partial<Record<'from' | 'to', DateProblem>> => {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const problems: Partial<Record<'from' | 'to', DateProblem>> = {};
  if (!day.test(from)) problems.from = 'reports.generate.dateRequired';
  if (!day.test(to)) problems.to = 'reports.generate.dateRequired';
  if (problems.from || problems.to) return problems;
  const days = daysInclusive(from, to);
  if (days < 1) problems.to = 'reports.generate.order';
  else if (days > 366) problems.to = 'reports.generate.tooLong';
  return problems;
};
