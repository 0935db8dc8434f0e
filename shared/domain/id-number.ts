/**
 * Mainland resident identity number rules (GB 11643-1999): 17 digits and a check character.
 * Browser-safe: no Node or AWS imports.
 */
import { beijingCalendarDate } from './beijing-time';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
export const MINIMUM_AGE = 16;

export type IdNumberProblem = 'format' | 'region' | 'checksum' | 'birthdate' | 'age';

/**
 * The first two digits: a province-level code of GB/T 2260 (行政区划代码) — 11–15, 21–23, 31–37, 41–46,
 * 50–54, 61–65, 71 Taiwan, 81 Hong Kong, 82 Macao — or 83, used (830000) in the numbers on residence
 * permits for Taiwan residents, issued since 1 September 2018 under 《港澳台居民居住证申领发放办法》
 * (Hong Kong and Macao residents' permits use 810000 and 820000). Only these two digits are checked,
 * never the full 6-digit county code: a number keeps the code it was issued under for life, even
 * after that county is merged or renamed and its code abolished.
 */
export const PROVINCE_CODES: readonly string[] = (
  '11 12 13 14 15  21 22 23  31 32 33 34 35 36 37  41 42 43 44 45 46  50 51 52 53 54  61 62 63 64 65  ' +
  '71  81 82 83'
).split(/\s+/);

export const normaliseIdNumber = (raw: string): string => raw.trim().toUpperCase();

export const idCheckCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
};

export interface BirthDate {
  year: number;
  month: number;
  day: number;
}

export const birthDateOf = (id: string): BirthDate => ({
  year: Number(id.slice(6, 10)),
  month: Number(id.slice(10, 12)),
  day: Number(id.slice(12, 14)),
});

const isRealDate = ({ year, month, day }: BirthDate): boolean => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** Today's calendar date in China (UTC+8, no daylight saving), which is what "age" means to the applicant. */
export const chinaToday = (now: Date): BirthDate => {
  const { year, month, day } = beijingCalendarDate(now);
  return { year, month, day };
};

export const ageOn = (birth: BirthDate, today: BirthDate): number => {
  const hadBirthday = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (hadBirthday ? 0 : 1);
};

/**
 * Returns the first problem with an (already normalised) ID number, or null when it is acceptable.
 * The region comes before the checksum: a number whose first two digits are no province is wrong
 * there (a typo, or a made-up number), and saying where helps more than "check each digit".
 */
export const idNumberProblem = (id: string, now: Date): IdNumberProblem | null => {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (!PROVINCE_CODES.includes(id.slice(0, 2))) return 'region';
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return 'checksum';
  const birth = birthDateOf(id);
  if (birth.year < 1900 || !isRealDate(birth)) return 'birthdate';
  const age = ageOn(birth, chinaToday(now));
  if (age < 0) return 'birthdate';
  if (age < MINIMUM_AGE) return 'age';
  if (age > 120) return 'birthdate';
  return null;
};

/** At most the first 6 and last 4 characters are ever shown (docs/architecture.md §7). */
export const maskIdNumber = (id: string): string => `${id.slice(0, 6)}${'*'.repeat(8)}${id.slice(-4)}`;
