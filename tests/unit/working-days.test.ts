/**
 * The working-day calendar (shared/domain/working-days.ts) and decision deadlines (shared/domain/deadline.ts),
 * pinned to the State Council's published 2026 schedule as the chinese-days package carries it
 * (source: https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm, 国务院办公厅关于2026年
 * 部分节假日安排的通知):
 *   春节 2月15日（周日）至23日（周一）放假调休，共9天，2月14日（周六）、2月28日（周六）上班
 *   国庆节 10月1日（周四）至7日（周三）放假调休，共7天，9月20日（周日）、10月10日（周六）上班
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECISION_WORKING_DAYS, deadlineOf, dueDateOf } from '../../shared/domain/deadline';
import {
  addWorkingDays,
  beijingDate,
  calendarKnowsYear,
  isWorkingDay,
  workingDaysBetween,
} from '../../shared/domain/working-days';

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('the 2026 calendar', () => {
  it('has Spring Festival off 15-23 February, with Saturdays 14 and 28 February worked', () => {
    for (const day of range('2026-02-15', '2026-02-23')) expect(isWorkingDay(day), day).toBe(false);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(isWorkingDay('2026-02-24')).toBe(true);
  });

  it('has National Day off 1-7 October, with Sunday 20 September and Saturday 10 October worked', () => {
    for (const day of range('2026-10-01', '2026-10-07')) expect(isWorkingDay(day), day).toBe(false);
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
  });

  it('treats ordinary weekends as days off and weekdays as working days', () => {
    expect(isWorkingDay('2026-03-07')).toBe(false);
    expect(isWorkingDay('2026-03-08')).toBe(false);
    expect(isWorkingDay('2026-03-09')).toBe(true);
  });

  it('knows 2025 and 2026 but not 2027', () => {
    expect(calendarKnowsYear(2025)).toBe(true);
    expect(calendarKnowsYear(2026)).toBe(true);
    expect(calendarKnowsYear(2027)).toBe(false);
  });

  it('counts only weekends in a year it does not know (2027-01-01 is a Friday: a working day)', () => {
    expect(isWorkingDay('2027-01-01')).toBe(true);
    expect(isWorkingDay('2027-01-02')).toBe(false);
  });

  it('rejects what is not a calendar date', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow();
    expect(() => isWorkingDay('26-02-03')).toThrow();
  });
});

describe('adding and counting working days', () => {
  it('skips the Spring Festival week and counts the make-up Saturday', () => {
    // Fri 13 Feb -> Sat 14 (worked) -> [15..23 off] -> Tue 24
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(addWorkingDays('2026-02-24', -2)).toBe('2026-02-13');
    expect(addWorkingDays('2026-02-15', 0)).toBe('2026-02-15');
  });

  it('counts working days after from up to and including to, negative backwards', () => {
    expect(workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2);
    expect(workingDaysBetween('2026-02-24', '2026-02-13')).toBe(-2);
    expect(workingDaysBetween('2026-02-13', '2026-02-13')).toBe(0);
    expect(workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3); // 8, 9 and the make-up Saturday 10 October
  });

  it('is consistent: between(d, add(d, n)) = n for a working day d', () => {
    for (const start of ['2026-01-05', '2026-02-12', '2026-09-18', '2026-12-28']) {
      for (const n of [1, 5, 15, 30]) expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
    }
  });
});

describe('Beijing dates', () => {
  it('is UTC+8 without daylight saving', () => {
    expect(beijingDate('2026-02-13T15:59:59.999Z')).toBe('2026-02-13');
    expect(beijingDate('2026-02-13T16:00:00.000Z')).toBe('2026-02-14');
    expect(beijingDate('2026-07-01T16:30:00Z')).toBe('2026-07-02');
  });
});

describe('decision deadlines', () => {
  it('defaults to 15 working days after the Beijing date of submission', () => {
    expect(DEFAULT_DECISION_WORKING_DAYS).toBe(15);
    // Mon 2 March 2026 + 15 working days (no holidays) = Mon 23 March
    expect(dueDateOf('2026-03-02T02:00:00Z')).toBe('2026-03-23');
    // submitted late Sunday evening UTC = Monday in Beijing
    expect(dueDateOf('2026-03-01T17:00:00Z')).toBe('2026-03-23');
  });

  it('stretches over Spring Festival', () => {
    // Mon 2 Feb: 3..13 (9 working days), 14 Sat worked (10), 24..27 (14), 28 Sat worked (15)
    expect(dueDateOf('2026-02-02T01:00:00Z')).toBe('2026-02-28');
    expect(dueDateOf('2026-02-02T01:00:00Z', 5)).toBe('2026-02-09');
  });

  it('is due, due today or overdue by working days', () => {
    expect(deadlineOf('2026-02-24', '2026-02-13')).toEqual({ state: 'due', workingDays: 2 });
    expect(deadlineOf('2026-02-24', '2026-02-24')).toEqual({ state: 'due_today', workingDays: 0 });
    expect(deadlineOf('2026-02-24', '2026-02-27')).toEqual({ state: 'overdue', workingDays: 3 });
    expect(deadlineOf('2026-02-13', '2026-02-24')).toEqual({ state: 'overdue', workingDays: 2 });
    // Saturday after a Friday due date: overdue, counted as 1
    expect(deadlineOf('2026-03-06', '2026-03-07')).toEqual({ state: 'overdue', workingDays: 1 });
  });
});

describe('the override file (shared/catalog/working-calendar.json)', () => {
  it('names, for every year it adds, the gov.cn notice the dates come from, and lists only that year', async () => {
    const { default: file } = await import('../../shared/catalog/working-calendar.json');
    for (const [year, data] of Object.entries(
      file.years as Record<string, { source: string; holidays: string[]; workdays: string[] }>,
    )) {
      expect(data.source).toMatch(/^https:\/\/www\.gov\.cn\//);
      for (const day of [...data.holidays, ...data.workdays]) expect(day.startsWith(`${year}-`)).toBe(true);
      expect(calendarKnowsYear(Number(year))).toBe(true);
    }
  });
});
