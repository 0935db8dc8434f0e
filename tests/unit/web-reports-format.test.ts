import { describe, expect, it } from 'vitest';
import {
  addDays,
  customPeriodProblems,
  dayRangeText,
  daysInclusive,
  describeChange,
  formatHours,
  formatNumber,
  formatPercent,
  headPlatformsText,
  kindText,
  periodAxisLabel,
  periodDays,
  periodText,
  reportLabel,
  withNote,
} from '../../web/src/staff/reports/format';

/** A week in Beijing: Monday 2 November 2026 00:00 to Monday 9 November 00:00 (+08:00). */
const WEEK = {
  kind: 'weekly',
  periodStart: '2026-11-01T16:00:00.000Z',
  periodEnd: '2026-11-08T16:00:00.000Z',
};
const MONTH = {
  kind: 'monthly',
  periodStart: '2026-09-30T16:00:00.000Z',
  periodEnd: '2026-10-31T16:00:00.000Z',
};

describe('numbers on the coverage dashboard', () => {
  it('groups thousands in both languages', () => {
    expect(formatNumber(6059, 'zh-CN')).toBe('6,059');
    expect(formatNumber(6059, 'en')).toBe('6,059');
    expect(formatNumber(0, 'en')).toBe('0');
  });

  it('writes rates as percentages, keeping small ones from reading as 0%', () => {
    expect(formatPercent(0.8, 'zh-CN')).toBe('80%');
    expect(formatPercent(0.8123, 'en')).toBe('81.2%');
    expect(formatPercent(0.0042, 'en')).toBe('0.42%');
    expect(formatPercent(0, 'en')).toBe('0%');
    expect(formatPercent(1, 'zh-CN')).toBe('100%');
  });

  it('writes review hours with at most one decimal', () => {
    expect(formatHours(12.25, 'zh-CN')).toBe('12.3 小时');
    expect(formatHours(3, 'en')).toBe('3 h');
  });

  it('says how many of the leading platforms have members: "x of y (rate)"', () => {
    expect(headPlatformsText({ total: 10, withMembers: 7, rate: 0.7 }, 'en')).toBe('7 of 10 (70%)');
    expect(headPlatformsText({ total: 10, withMembers: 7, rate: 0.7 }, 'zh-CN')).toBe(
      '10 家中有 7 家（70%）',
    );
  });
});

describe('changes against the previous report', () => {
  it('gives an up arrow and the amount for a rise', () => {
    expect(describeChange(12, 'zh-CN')).toEqual({ direction: 'up', arrow: '▲', text: '比上期多 12' });
    expect(describeChange(1200, 'en')).toEqual({
      direction: 'up',
      arrow: '▲',
      text: '1,200 more than last time',
    });
  });

  it('gives a down arrow and the size (not a minus sign) for a fall', () => {
    expect(describeChange(-3, 'zh-CN')).toEqual({ direction: 'down', arrow: '▼', text: '比上期少 3' });
    expect(describeChange(-3, 'en').text).toBe('3 fewer than last time');
  });

  it('gives no arrow when nothing changed', () => {
    expect(describeChange(0, 'zh-CN')).toEqual({ direction: 'same', arrow: '', text: '与上期持平' });
    expect(describeChange(0, 'en').arrow).toBe('');
  });
});

describe('report periods', () => {
  it('finds the Beijing days a period covers (its end is exclusive)', () => {
    expect(periodDays(WEEK)).toEqual({ first: '2026-11-02', last: '2026-11-08' });
    expect(periodDays(MONTH)).toEqual({ first: '2026-10-01', last: '2026-10-31' });
  });

  it('names a week as a span of days and a month by name', () => {
    expect(periodText(WEEK, 'zh-CN')).toBe('2026年11月2日至8日');
    expect(periodText(WEEK, 'en')).toBe('Nov 2–8, 2026');
    expect(periodText(MONTH, 'zh-CN')).toBe('2026年10月');
    expect(periodText(MONTH, 'en')).toBe('October 2026');
  });

  it('writes spans across months and years in full as needed', () => {
    expect(dayRangeText('2026-10-27', '2026-11-02', 'zh-CN')).toBe('2026年10月27日至11月2日');
    expect(dayRangeText('2026-10-27', '2026-11-02', 'en')).toBe('Oct 27 – Nov 2, 2026');
    expect(dayRangeText('2026-12-28', '2027-01-03', 'zh-CN')).toBe('2026年12月28日至2027年1月3日');
    expect(dayRangeText('2026-12-28', '2027-01-03', 'en')).toBe('Dec 28, 2026 – Jan 3, 2027');
    expect(dayRangeText('2026-11-05', '2026-11-05', 'zh-CN')).toBe('2026年11月5日');
  });

  it('labels reports for the picker and for a chart axis', () => {
    expect(reportLabel(WEEK, 'zh-CN')).toBe('周报：2026年11月2日至8日');
    expect(reportLabel(MONTH, 'en')).toBe('Monthly: October 2026');
    expect(reportLabel({ ...WEEK, kind: 'custom' }, 'en')).toBe('Chosen dates: Nov 2–8, 2026');
    expect(periodAxisLabel(WEEK, 'zh-CN')).toBe('11月2日');
    expect(periodAxisLabel(WEEK, 'en')).toBe('Nov 2');
    expect(periodAxisLabel(MONTH, 'zh-CN')).toBe('2026年10月');
    expect(kindText('something-new', 'en')).toBe('something-new');
  });

  it('brackets a note as each language does', () => {
    expect(withNote('各县区覆盖率', '条形满格 = 5%', 'zh-CN')).toBe('各县区覆盖率（条形满格 = 5%）');
    expect(withNote('Coverage by county', 'A full bar = 5%', 'en')).toBe(
      'Coverage by county (A full bar = 5%)',
    );
  });
});

describe('a period chosen by an administrator', () => {
  it('counts days both ends included and moves across month ends', () => {
    expect(daysInclusive('2026-11-01', '2026-11-07')).toBe(7);
    expect(daysInclusive('2026-11-01', '2026-11-01')).toBe(1);
    expect(addDays('2026-11-03', -7)).toBe('2026-10-27');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('needs both dates, in order, at most 366 days apart (as the API does)', () => {
    expect(customPeriodProblems('2026-11-01', '2026-11-07')).toEqual({});
    expect(customPeriodProblems('', '2026-11-07')).toEqual({ from: 'reports.generate.dateRequired' });
    expect(customPeriodProblems('2026-11-08', '2026-11-07')).toEqual({ to: 'reports.generate.order' });
    expect(customPeriodProblems('2025-11-01', '2026-11-01')).toEqual({});
    expect(customPeriodProblems('2025-11-01', '2026-11-02')).toEqual({ to: 'reports.generate.tooLong' });
  });
});
