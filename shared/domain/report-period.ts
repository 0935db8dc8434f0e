/** Report periods in Beijing time (UTC+8, no daylight saving) and their deterministic ids. */
export type ReportKind = 'weekly' | 'monthly' | 'custom';

export interface ReportPeriod {
  kind: ReportKind;
  /** Inclusive, ISO instant. */
  start: string;
  /** Exclusive, ISO instant. */
  end: string;
}

const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86400 * 1000;

/** Midnight in Beijing of the given Beijing calendar date, as a UTC instant. */
const beijingMidnight = (year: number, monthIndex: number, day: number): Date =>
  new Date(Date.UTC(year, monthIndex, day) - OFFSET_MS);

const beijingDate = (instant: Date) => {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
  };
};

/** YYYY-MM-DD of an instant in Beijing. */
export const beijingDay = (instant: Date | string): string =>
  new Date(new Date(instant).getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The last complete Monday-to-Monday week before `now`, in Beijing time. */
export const lastWeek = (now: Date): ReportPeriod => {
  const today = beijingDate(now);
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
  const today = beijingDate(now);
  return {
    kind: 'monthly',
    start: beijingMidnight(today.year, today.month - 1, 1).toISOString(),
    end: beijingMidnight(today.year, today.month, 1).toISOString(),
  };
};

/** Whole Beijing days from `from` to `to` inclusive (YYYY-MM-DD). */
export const customPeriod = (from: string, to: string): ReportPeriod => {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return {
    kind: 'custom',
    start: beijingMidnight(fy, fm - 1, fd).toISOString(),
    end: beijingMidnight(ty, tm - 1, td + 1).toISOString(),
  };
};

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
