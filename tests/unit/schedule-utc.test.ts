/**
 * Beijing-time cron → UTC cron for EventBridge rules (infra/schedule-utc.ts): the worked examples, the
 * refusals, and for generated expressions the same firing instants over a year in both time zones
 * (croner, which the local scheduler runs on too).
 */
import { Cron } from 'croner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronToUtc, FIXED_UTC_OFFSET_HOURS } from '../../infra/schedule-utc';
import { SCHEDULES, toAwsCron } from '../../shared/wiring';

const BEIJING = 'Asia/Shanghai';

/** The instants a cron fires at in a time zone, from the start of 2026 (spans a leap year's February). */
const runs = (cron: string, timezone: string, count = 60): string[] =>
  new Cron(cron, { timezone, legacyMode: true })
    .nextRuns(count, new Date('2026-01-01T00:00:00Z'))
    .map((date) => date.toISOString());

describe('cronToUtc: Beijing time → UTC', () => {
  it.each([
    ['Mondays 08:00 → Mondays 00:00', '0 8 * * MON', '0 0 * * MON'],
    ['the 1st 08:00 → the 1st 00:00', '0 8 1 * *', '0 0 1 * *'],
    ['every 2 minutes stays as it is', '*/2 * * * *', '*/2 * * * *'],
    ['the 1st 02:30 → the last day of the month before, 18:30', '30 2 1 * *', '30 18 L * *'],
    ['the 15th 02:30 → the 14th 18:30', '30 2 15 * *', '30 18 14 * *'],
    ['Mondays 07:00 → Sundays 23:00', '0 7 * * MON', '0 23 * * SUN'],
    ['Sundays 06:00 → Saturdays 22:00', '0 6 * * SUN', '0 22 * * SAT'],
    ['weekdays 03:00 → Sunday to Thursday 19:00', '0 3 * * MON-FRI', '0 19 * * SUN,MON,TUE,WED,THU'],
    ['days 2-5 at 01:00 → days 1-4 at 17:00', '0 1 2-5 * *', '0 17 1-4 * *'],
    ['every day at 06:00 and 10:00 (two UTC days, every day)', '0 6,10 * * *', '0 2,22 * * *'],
    ['every 2 hours, every day', '15 */2 * * *', '15 0,2,4,6,8,10,12,14,16,18,20,22 * * *'],
    ['office hours on weekdays (same UTC day)', '0 9-17 * * MON-FRI', '0 1-9 * * MON-FRI'],
    ['a month by name, no day moved', '0 9 1 JAN *', '0 1 1 JAN *'],
  ])('%s: %s → %s', (_case, beijing, utc) => {
    expect(cronToUtc(beijing, BEIJING)).toBe(utc);
    expect(runs(utc, 'UTC')).toEqual(runs(beijing, BEIJING));
  });

  it('moves every declared schedule, and each becomes an EventBridge cron()', () => {
    for (const schedule of SCHEDULES) {
      const utc = cronToUtc(schedule.cron, schedule.timeZone);
      expect(runs(utc, 'UTC'), schedule.name).toEqual(runs(schedule.cron, schedule.timeZone));
      expect(toAwsCron(utc)).toMatch(/^cron\(.+\)$/);
    }
    expect(toAwsCron(cronToUtc('30 2 1 * *', BEIJING))).toBe('cron(30 18 L * ? *)');
  });

  it('leaves UTC as it is', () => {
    expect(cronToUtc('30 2 1 * *', 'UTC')).toBe('30 2 1 * *');
    expect(FIXED_UTC_OFFSET_HOURS[BEIJING]).toBe(8);
  });

  it.each([
    [
      'a zone with daylight saving',
      '0 8 * * MON',
      'Europe/Berlin',
      /Europe\/Berlin is not one with a fixed offset/,
    ],
    ['an unknown zone', '0 8 * * MON', 'Asia/Beijing', /not one with a fixed offset/],
    ['four fields', '0 8 * *', BEIJING, /five-field/],
    ['hours on two UTC days of a restricted day', '0 6,10 * * MON', BEIJING, /fall on different UTC days/],
    ['every hour of a restricted day', '0 * * * MON', BEIJING, /every hour of a restricted day/],
    ['every hour in one month', '0 * * JAN *', BEIJING, /every hour of a restricted day/],
    ['the 1st of one month, moved', '30 2 1 JAN *', BEIJING, /possibly the month "JAN"/],
    ['a weekday in one month, moved', '30 2 * 3 MON', BEIJING, /possibly the month "3"/],
    ['the 1st in a list, moved', '30 2 1,15 * *', BEIJING, /cannot share a list/],
    ['a range from the 1st, moved', '30 2 1-5 * *', BEIJING, /cannot share a list/],
    [
      'the 31st, moved (the 30th exists in months without a 31st)',
      '0 0 31 * *',
      BEIJING,
      /months without the 29th/,
    ],
    ['the 29th in a range, moved', '0 3 25-29 * *', BEIJING, /months without the 29th/],
    ['a step in the days, moved', '30 2 */2 * *', BEIJING, /only plain days, ranges and lists/],
    ['numbered weekdays, moved', '30 2 * * 1', BEIJING, /are not names/],
    ['both day fields', '0 8 1 * MON', BEIJING, /both day fields/],
    ['an hour out of range', '0 24 * * *', BEIJING, /are not numbers/],
  ])('refuses %s (%s in %s), naming the cron', (_case, cron, zone, message) => {
    expect(() => cronToUtc(cron, zone)).toThrow(message);
    if (zone === BEIJING && !/five-field/.test(String(message))) {
      expect(() => cronToUtc(cron, zone)).toThrow(`cron "${cron}" in ${zone}`);
    }
  });

  it('fires at the same instants as the Beijing expression, for whatever it does not refuse', () => {
    const minute = fc.constantFrom('0', '30', '*/20', '5,35');
    const hour = fc.oneof(
      fc.integer({ min: 0, max: 23 }).map(String),
      fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 23 }))
        .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
      fc
        .uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 2, maxLength: 4 })
        .map((list) => list.join(',')),
      fc.constantFrom('*/3', '*/6', '1/4', '*'),
    );
    const dayOfMonth = fc.constantFrom('*', '1', '2', '15', '28', '31', '2-6', '10,20', '1,15', '*/10');
    const month = fc.constantFrom('*', '*', '*', '2', 'JAN', '3-5');
    const dayOfWeek = fc.constantFrom('*', 'MON', 'SUN', 'MON-FRI', 'SAT,SUN', 'TUE,THU');
    const cron = fc
      .tuple(minute, hour, dayOfMonth, month, dayOfWeek)
      .filter(([, , dom, , dow]) => dom === '*' || dow === '*')
      .map((fields) => fields.join(' '));
    let moved = 0;
    fc.assert(
      fc.property(cron, (beijing) => {
        let utc: string;
        try {
          utc = cronToUtc(beijing, BEIJING);
        } catch (error) {
          expect(String(error)).toContain(`cron "${beijing}" in ${BEIJING}`);
          return;
        }
        moved += 1;
        expect(runs(utc, 'UTC', 40), `${beijing} → ${utc}`).toEqual(runs(beijing, BEIJING, 40));
      }),
      { numRuns: 240, seed: 20261130 },
    );
    // A third or more are moved, not refused: the property is about something.
    expect(moved).toBeGreaterThan(70);
  }, 60_000);
});
