/**
 * Beijing time (Asia/Shanghai: UTC+8, no daylight saving) without a calendar: cheap to import anywhere,
 * the browser's pages included. The one place that knows the offset.
 */
const OFFSET_MS = 8 * 3600 * 1000;

export interface BeijingCalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0 (Sunday) – 6 (Saturday) */
  weekday: number;
}

const shifted = (instant: Date | string): Date => {
  const time = new Date(instant).getTime();
  if (Number.isNaN(time)) throw new Error(`not an instant: ${String(instant)}`);
  return new Date(time + OFFSET_MS);
};

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export const beijingDate = (instant: Date | string): string => shifted(instant).toISOString().slice(0, 10);

/** The Asia/Shanghai calendar date of an instant, as numbers. */
export const beijingCalendarDate = (instant: Date | string): BeijingCalendarDate => {
  const date = shifted(instant);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
  };
};

/**
 * The instant Beijing's day begins, for a Beijing calendar date given as numbers (month 1–12). Like
 * `Date.UTC`, a day or month out of range rolls over: (2026, 3, 0) is the last day of February.
 */
export const beijingMidnight = (year: number, month: number, day: number): Date =>
  new Date(Date.UTC(year, month - 1, day) - OFFSET_MS);

/** The instant a Beijing calendar day (YYYY-MM-DD) begins. */
export const beijingDayStart = (isoDay: string): Date => {
  const [year, month, day] = isoDay.split('-').map(Number) as [number, number, number];
  return beijingMidnight(year, month, day);
};
