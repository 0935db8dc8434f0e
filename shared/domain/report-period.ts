/** Report periods in Beijing time (UTC+8, no daylight saving) and their deterministic ids. */
import { beijingCalendarDate, beijingDate, beijingDayStart, beijingMidnight } from './beijing-time';

export type ReportKind = 'weekly' | 'monthly' | 'custom';

export interface ReportPeriod {
  kind: ReportKind;
  /** Inclusive, ISO instant. */
  start: string;
  /** Exclusive, ISO instant. */
  end: string;
}

const DAY_MS = 86400 * 1000;

/** YYYY-MM-DD of an instant in Beijing (the pages import it from here). */
export const beijingDay = beijingDate;

/** The last complete Monday-to-Monday week before `now`, in Beijing time. */
export const lastWeek = (now: Date): ReportPeriod => {
  const today = beijingCalendarDate(now);
  const daysSinceMonday = (today.weekday + 6) % 7;
  const thisMonday = beijingMidnight(today.year, today.month, today.day - daysSinceMonday);
  return {
    kind: 'weekly',
    start: new Date(thisMonday.getTime() - 7 * DAY_MS).toISOString(),
    end: thisMonday.toISOString(),
  };
};

/** The last complete calendar month before `now`, in Beijing time. */
export const lastMonth = (now: Date): ReportPeriod => {
  const today = beijingCalendarDate(now);
  return {
    kind: 'monthly',
    start: beijingMidnight(today.year, today.month - 1, 1).toISOString(),
    end: beijingMidnight(today.year, today.month, 1).toISOString(),
  };
};

/** Whole Beijing days from `from` to `to` inclusive (YYYY-MM-DD). */
export const customPeriod = (from: string, to: string): ReportPeriod => ({
  kind: 'custom',
  start: beijingDayStart(from).toISOString(),
  end: new Date(beijingDayStart(to).getTime() + DAY_MS).toISOString(),
});

/** Same period, same id: a re-run replaces the report instead of adding one. */
export const reportIdFor = (period: ReportPeriod): string => {
  const first = beijingDay(period.start);
  const last = beijingDay(new Date(Date.parse(period.end) - 1));
  if (period.kind === 'weekly') return `weekly-${first}`;
  if (period.kind === 'monthly') return `monthly-${first.slice(0, 7)}`;
  return `custom-${first}-to-${last}`;
};

export const REPORT_ID_PATTERN =
  /^(weekly-\d{4}-\d{2}-\d{2}|monthly-\d{4}-\d{2}|custom-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2})$/;

/** The UTC days (audit partitions) an interval touches. */
export const utcDaysBetween = (start: string, end: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(start.slice(0, 10)); t < Date.parse(end); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
};
