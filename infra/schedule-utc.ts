/**
 * Moves a five-field cron expression from a fixed-offset time zone to UTC, for EventBridge rules, whose
 * cron expressions are always in UTC ("All scheduled events use UTC+0 time zone"). EventBridge Scheduler
 * takes a time zone itself; this is for where it is not used (infra/constructs/schedules.ts,
 * `kind: 'rules'`, the default of `-c target=china`: infra/china/availability.ts).
 *
 * Only zones without daylight saving can be moved once and for all: Asia/Shanghai has been UTC+8 all
 * year since 1991. Beijing 08:00 is 00:00 UTC the same day; Beijing 02:30 is 18:30 UTC the day before,
 * so the day fields move back a day with it: Monday becomes Sunday, the 2nd becomes the 1st and the 1st
 * the last day of the month before (`L`). What cron cannot say after the move is refused, never
 * approximated: hours that land on different UTC days while a day is restricted, a day of the month
 * moving across a month that is itself restricted, a moved 1st in a list or range, a moved 29th–31st
 * (the day before exists in months that do not have them), steps in the day fields. The message names the schedule's cron; declare it another way (e.g. another hour) or use
 * EventBridge Scheduler.
 *
 * Pure: no CDK imports. tests/unit/schedule-utc.test.ts checks the examples and, for generated
 * expressions, that both fire at the same instants for a year (croner, in each time zone).
 */

/** Hours ahead of UTC, all year round. Zones with daylight saving are not here on purpose. */
export const FIXED_UTC_OFFSET_HOURS: Readonly<Record<string, number>> = {
  'Asia/Shanghai': 8,
  UTC: 0,
  'Etc/UTC': 0,
};

const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

class CronRangeError extends Error {}

const fail = (cron: string, timeZone: string, why: string): never => {
  throw new CronRangeError(
    `cron "${cron}" in ${timeZone} cannot be moved to UTC for an EventBridge rule: ${why}. Declare it another way (another hour, or days that do not move across a month), or use EventBridge Scheduler (-c schedules=scheduler), which takes the time zone itself.`,
  );
};

/** `a`, `a-b`, `*`, with an optional `/step`, comma-separated, within [min, max]; undefined if not that form. */
const expandNumbers = (field: string, min: number, max: number): number[] | undefined => {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return undefined;
    const [, whole, from, to, step] = match;
    const start = whole === '*' ? min : Number(from);
    const end = whole === '*' ? max : to !== undefined ? Number(to) : step !== undefined ? max : start;
    const by = step === undefined ? 1 : Number(step);
    if (start < min || end > max || start > end || by < 1) return undefined;
    for (let value = start; value <= end; value += by) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
};

/** Sorted numbers as cron: runs of three or more as ranges (`0-3,8`). */
const listOf = (values: readonly number[]): string => {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && (values[j + 1] as number) === (values[j] as number) + 1) j += 1;
    parts.push(j - i >= 2 ? `${values[i]}-${values[j]}` : values.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
};

/** Day names (`MON`, `MON-FRI`, `SAT,SUN`) to 0 = SUN … 6 = SAT; undefined for numbers or steps. */
const expandWeekdays = (field: string): number[] | undefined => {
  const days = new Set<number>();
  const index = (name: string): number => WEEKDAYS.indexOf(name.toUpperCase() as (typeof WEEKDAYS)[number]);
  for (const part of field.split(',')) {
    const [from, to, ...rest] = part.split('-');
    if (from === undefined || rest.length > 0) return undefined;
    const start = index(from);
    const end = to === undefined ? start : index(to);
    if (start < 0 || end < 0 || start > end) return undefined;
    for (let day = start; day <= end; day += 1) days.add(day);
  }
  return [...days].sort((a, b) => a - b);
};

const shiftWeekdays = (field: string, by: number, fault: (why: string) => never): string => {
  const days =
    expandWeekdays(field) ?? fault(`the days of the week "${field}" are not names, ranges or lists of names`);
  const moved = days.map((day) => (((day + by) % 7) + 7) % 7).sort((a, b) => a - b);
  return moved.map((day) => WEEKDAYS[day]).join(',');
};

const shiftDaysOfMonth = (field: string, by: number, fault: (why: string) => never): string => {
  const days = expandNumbers(field, 1, 31);
  if (!days || field.includes('/') || field.includes('*')) {
    return fault(
      `the days of the month "${field}" would need to move a day, and only plain days, ranges and lists can`,
    );
  }
  if (by === -1) {
    if (days.some((day) => day >= 29)) {
      return fault(
        `the days of the month "${field}" would move to a day that months without the 29th, 30th or 31st have`,
      );
    }
    if (days.includes(1)) {
      if (days.length > 1)
        return fault(
          `the 1st moves to the last day of the month before, which cannot share a list with "${field}"`,
        );
      return 'L';
    }
    return listOf(days.map((day) => day - 1));
  }
  if (days.some((day) => day >= 28)) {
    return fault(`the days of the month "${field}" would move past the 28th, and months differ in length`);
  }
  return listOf(days.map((day) => day + 1));
};

/**
 * `cron` (minute hour day-of-month month day-of-week, as in wiring SCHEDULES) at the same instants in
 * UTC. Throws, naming the cron and the reason, when the zone has daylight saving or cron cannot say it.
 */
export const cronToUtc = (cron: string, timeZone: string): string => {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected a five-field cron expression, got "${cron}"`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const offset = FIXED_UTC_OFFSET_HOURS[timeZone];
  if (offset === undefined) {
    throw new Error(
      `time zone ${timeZone} is not one with a fixed offset from UTC (${Object.keys(FIXED_UTC_OFFSET_HOURS).join(', ')}): EventBridge rules run in UTC, and a zone with daylight saving cannot be moved once and for all`,
    );
  }
  const fault = (why: string): never => fail(cron, timeZone, why);
  if (dayOfMonth !== '*' && dayOfWeek !== '*') fault('both day fields are set');
  if (offset === 0) return fields.join(' ');

  const everyDay = dayOfMonth === '*' && dayOfWeek === '*' && month === '*';
  if (hour === '*') {
    if (everyDay) return fields.join(' ');
    return fault('every hour of a restricted day spans two UTC days');
  }
  const hours =
    expandNumbers(hour, 0, 23) ?? fault(`the hours "${hour}" are not numbers, ranges, steps or lists`);
  const moved = hours.map((value) => {
    const utc = value - offset;
    return { hour: ((utc % 24) + 24) % 24, day: Math.floor(utc / 24) };
  });
  const utcHours = listOf([...new Set(moved.map((entry) => entry.hour))].sort((a, b) => a - b));
  if (everyDay) return [minute, utcHours, dayOfMonth, month, dayOfWeek].join(' ');

  const shifts = [...new Set(moved.map((entry) => entry.day))];
  if (shifts.length > 1)
    fault(`the hours "${hour}" fall on different UTC days while the days are restricted`);
  const [by = 0] = shifts;
  if (by === 0) return [minute, utcHours, dayOfMonth, month, dayOfWeek].join(' ');
  if (month !== '*') fault(`the day moves, and with it possibly the month "${month}"`);
  if (dayOfWeek !== '*')
    return [minute, utcHours, dayOfMonth, month, shiftWeekdays(dayOfWeek, by, fault)].join(' ');
  return [minute, utcHours, shiftDaysOfMonth(dayOfMonth, by, fault), month, dayOfWeek].join(' ');
};
