/**
 * Mainland China working-day calendar (Beijing dates, YYYY-MM-DD).
 *
 * A working day is Monday to Friday, except a public holiday (放假), plus a weekend day the State
 * Council makes a working day (调休上班). The data comes from the chinese-days package (holidays and
 * workdays, taken from the State Council's yearly notices), with shared/catalog/working-calendar.json
 * merged over it so a newly published year can be added as data without a code change.
 *
 * For a year neither source knows, only weekends count as days off: calendarKnowsYear tells callers
 * so they can warn (the package answers an unknown holiday as a working day, e.g. 2027-01-01).
 */
// Named imports, so bundles keep only these two tables of the package's file (not its in-lieu days).
import {
  holidays as packageHolidays,
  workdays as packageWorkdays,
} from 'chinese-days/dist/chinese-days.json';
import overrides from '../catalog/working-calendar.json';

export interface CalendarYear {
  /** The gov.cn address of the State Council notice the dates were copied from. */
  source: string;
  holidays: string[];
  workdays: string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const holidays = new Set<string>();
const workdays = new Set<string>();
const knownYears = new Set<number>();

const yearOf = (date: string): number => Number(date.slice(0, 4));

const overrideYears = (overrides as { years: Record<string, CalendarYear> }).years;
const overridden = new Set(Object.keys(overrideYears).map(Number));

for (const date of Object.keys(packageHolidays)) {
  const year = yearOf(date);
  if (overridden.has(year)) continue;
  holidays.add(date);
  knownYears.add(year);
}
for (const date of Object.keys(packageWorkdays)) {
  if (overridden.has(yearOf(date))) continue;
  workdays.add(date);
}
for (const [year, data] of Object.entries(overrideYears)) {
  knownYears.add(Number(year));
  for (const date of data.holidays) holidays.add(date);
  for (const date of data.workdays) workdays.add(date);
}

/** Whether the calendar has the State Council's schedule for this year (otherwise: weekends only). */
export const calendarKnowsYear = (year: number): boolean => knownYears.has(year);

/** The years the calendar knows, ascending. */
export const knownCalendarYears = (): number[] => [...knownYears].sort((a, b) => a - b);

const toUtc = (date: string): number => {
  const match = DATE.exec(date);
  if (!match) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(time).toISOString().slice(0, 10) !== date) throw new Error(`not a calendar date: ${date}`);
  return time;
};
const fromUtc = (time: number): string => new Date(time).toISOString().slice(0, 10);

export const isWorkingDay = (date: string): boolean => {
  const weekday = new Date(toUtc(date)).getUTCDay();
  if (workdays.has(date)) return true;
  if (holidays.has(date)) return false;
  return weekday !== 0 && weekday !== 6;
};

/** The date `days` working days after `date` (before it when negative); 0 gives `date` itself. */
export const addWorkingDays = (date: string, days: number): string => {
  if (!Number.isInteger(days)) throw new Error(`days must be an integer, got ${days}`);
  let time = toUtc(date);
  const step = days < 0 ? -DAY_MS : DAY_MS;
  let left = Math.abs(days);
  while (left > 0) {
    time += step;
    if (isWorkingDay(fromUtc(time))) left--;
  }
  return fromUtc(time);
};

/**
 * Working days after `from` up to and including `to`; when `to` is before `from`, minus the working
 * days after `to` up to and including `from`. Equal dates give 0.
 */
export const workingDaysBetween = (from: string, to: string): number => {
  const start = toUtc(from);
  const end = toUtc(to);
  if (start === end) return 0;
  const [low, high, sign] = start < end ? [start, end, 1] : [end, start, -1];
  let count = 0;
  for (let time = low + DAY_MS; time <= high; time += DAY_MS) if (isWorkingDay(fromUtc(time))) count++;
  return sign * count;
};

export { beijingDate } from './beijing-time';
