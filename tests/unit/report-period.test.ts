/** Report periods (Beijing time, UTC+8) and the Beijing-time helpers they are built on. */
import { describe, expect, it } from 'vitest';
import {
  beijingCalendarDate,
  beijingDate,
  beijingDayStart,
  beijingMidnight,
} from '../../shared/domain/beijing-time';
import {
  customPeriod,
  lastMonth,
  lastWeek,
  REPORT_ID_PATTERN,
  reportIdFor,
  utcDaysBetween,
} from '../../shared/domain/report-period';

describe('Beijing time', () => {
  it('is eight hours ahead of UTC: the date turns at 16:00 UTC', () => {
    expect(beijingDate('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(beijingDate('2026-03-01T16:00:00.000Z')).toBe('2026-03-02');
    expect(beijingDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('gives the calendar date as numbers, months from 1 and weekdays from Sunday', () => {
    // Sunday 1 March 2026 at 23:30 UTC is Monday 2 March at 07:30 in Beijing.
    expect(beijingCalendarDate('2026-03-01T23:30:00Z')).toEqual({ year: 2026, month: 3, day: 2, weekday: 1 });
  });

  it('finds the instant a Beijing day begins, rolling over days and months as Date.UTC does', () => {
    expect(beijingMidnight(2026, 3, 2).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(beijingMidnight(2026, 3, 0).toISOString()).toBe('2026-02-27T16:00:00.000Z');
    expect(beijingMidnight(2026, 0, 1).toISOString()).toBe('2025-11-30T16:00:00.000Z');
    expect(beijingDayStart('2026-01-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('refuses what is not an instant', () => {
    expect(() => beijingDate('yesterday')).toThrow(/not an instant/);
  });
});

describe('the last complete week', () => {
  const expected = { kind: 'weekly', start: '2026-02-22T16:00:00.000Z', end: '2026-03-01T16:00:00.000Z' };

  it('runs Monday to Monday in Beijing, whatever the day of the week now', () => {
    // Wednesday 4 March, and the Sunday at its very end: the week of 23 February.
    expect(lastWeek(new Date('2026-03-04T02:00:00Z'))).toEqual(expected);
    expect(lastWeek(new Date('2026-03-08T15:59:59Z'))).toEqual(expected);
  });

  it('on a Monday in Beijing (still Sunday in UTC) is the week that just ended', () => {
    expect(lastWeek(new Date('2026-03-01T16:30:00Z'))).toEqual(expected);
    // Half an hour earlier it is still Sunday in Beijing: the week before.
    expect(lastWeek(new Date('2026-03-01T15:30:00Z')).start).toBe('2026-02-15T16:00:00.000Z');
  });

  it('is named by its first Beijing day', () => {
    expect(reportIdFor(expected as ReturnType<typeof lastWeek>)).toBe('weekly-2026-02-23');
  });
});

describe('the last complete month', () => {
  it('is the calendar month before the Beijing date now', () => {
    const period = lastMonth(new Date('2026-03-15T00:00:00Z'));
    expect(period).toEqual({
      kind: 'monthly',
      start: '2026-01-31T16:00:00.000Z',
      end: '2026-02-28T16:00:00.000Z',
    });
    expect(reportIdFor(period)).toBe('monthly-2026-02');
  });

  it('in January is last December; on the 1st in Beijing (still the 31st in UTC) the month just ended', () => {
    expect(reportIdFor(lastMonth(new Date('2027-01-10T00:00:00Z')))).toBe('monthly-2026-12');
    expect(reportIdFor(lastMonth(new Date('2026-03-31T17:00:00Z')))).toBe('monthly-2026-03');
  });
});

describe('a custom period', () => {
  it('covers whole Beijing days, both ends included', () => {
    const period = customPeriod('2026-03-02', '2026-03-04');
    expect(period).toEqual({
      kind: 'custom',
      start: '2026-03-01T16:00:00.000Z',
      end: '2026-03-04T16:00:00.000Z',
    });
    expect(reportIdFor(period)).toBe('custom-2026-03-02-to-2026-03-04');
  });

  it('of one day is named from that day to that day', () => {
    expect(reportIdFor(customPeriod('2026-02-28', '2026-02-28'))).toBe('custom-2026-02-28-to-2026-02-28');
  });
});

describe('report ids and audit days', () => {
  it('match the id pattern the API accepts, and nothing else', () => {
    for (const id of ['weekly-2026-02-23', 'monthly-2026-02', 'custom-2026-03-02-to-2026-03-04'])
      expect(REPORT_ID_PATTERN.test(id)).toBe(true);
    for (const id of ['weekly-2026-2-23', 'yearly-2026', 'monthly-2026-02-01', '../weekly-2026-02-23'])
      expect(REPORT_ID_PATTERN.test(id)).toBe(false);
  });

  it('list the UTC days a Beijing period touches (its first day starts the UTC day before)', () => {
    expect(utcDaysBetween('2026-03-01T16:00:00.000Z', '2026-03-03T16:00:00.000Z')).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
    ]);
  });
});
