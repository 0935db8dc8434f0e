/**
 * Builds resident ID numbers (GB 11643-1999) for tests.
 *
 * The check character is computed here independently of `shared/domain/id-number.ts`, so a test that
 * feeds these numbers to the code under test really checks its checksum rule.
 */

/** Weights of the first 17 digits, left to right. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character by (weighted sum mod 11). */
const CHECK_BY_REMAINDER = '10X98765432';

/** A region (administrative division) code of Zhaoyang District, Zhaotong, Yunnan. */
export const ZHAOYANG_REGION = '530602';

/**
 * The GB 11643 check character ('0'–'9' or 'X') of the first 17 digits.
 * Throws unless `first17` is exactly 17 ASCII digits.
 */
export const gbCheckCharacter = (first17: string): string => {
  if (!/^\d{17}$/.test(first17)) throw new Error(`expected 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_BY_REMAINDER[sum % 11] as string;
};

/**
 * A VALID 18-character ID number: `region` (6 digits) + `birthDate` (YYYYMMDD, 8 digits, not checked for
 * being a real date, so tests can build e.g. a 30 February) + `sequence` (3 digits) + the correct check
 * character (uppercase 'X' when it is ten).
 *
 * @example idNumber('530602', '19900307', '123')
 */
export const idNumber = (region: string, birthDate: string, sequence: string): string => {
  if (!/^\d{6}$/.test(region)) throw new Error(`region must be 6 digits, got "${region}"`);
  if (!/^\d{8}$/.test(birthDate)) throw new Error(`birthDate must be YYYYMMDD, got "${birthDate}"`);
  if (!/^\d{3}$/.test(sequence)) throw new Error(`sequence must be 3 digits, got "${sequence}"`);
  const first17 = `${region}${birthDate}${sequence}`;
  return `${first17}${gbCheckCharacter(first17)}`;
};

/**
 * A valid ID number whose check character is 'X' (for the lowercase-x tests): the first sequence
 * number, from 000 up, that gives one.
 */
export const idNumberEndingInX = (region: string, birthDate: string): string => {
  for (let n = 0; n < 1000; n++) {
    const id = idNumber(region, birthDate, String(n).padStart(3, '0'));
    if (id.endsWith('X')) return id;
  }
  throw new Error(`no sequence gives an X check character for ${region}${birthDate}`);
};

/**
 * The same number with a wrong check character (the next one in the check alphabet), so that only the
 * checksum rule can refuse it.
 */
export const withWrongCheckCharacter = (id: string): string => {
  const right = id.slice(-1);
  const index = CHECK_BY_REMAINDER.indexOf(right);
  return `${id.slice(0, 17)}${CHECK_BY_REMAINDER[(index + 1) % CHECK_BY_REMAINDER.length]}`;
};

/** An adult's valid ID number (born 7 March 1990 in Zhaoyang): the default in `validApplicationBody`. */
export const ADULT_ID_NUMBER = idNumber(ZHAOYANG_REGION, '19900307', '123');
