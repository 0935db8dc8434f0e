import { describe, expect, it } from 'vitest';
import {
  ageOn,
  birthDateOf,
  chinaToday,
  idCheckCharacter,
  idNumberProblem,
  maskIdNumber,
  normaliseIdNumber,
  PROVINCE_CODES,
} from '../../shared/domain/id-number';
import {
  ADULT_ID_NUMBER,
  idNumber,
  idNumberEndingInX,
  withWrongCheckCharacter,
  ZHAOYANG_REGION,
} from '../support/id-numbers';

/** Noon on 15 June 2026 in China (04:00 UTC). */
const NOW = new Date('2026-06-15T04:00:00Z');
const born = (yyyymmdd: string, sequence = '123') => idNumber(ZHAOYANG_REGION, yyyymmdd, sequence);
const X_ID = idNumberEndingInX(ZHAOYANG_REGION, '19900307');

describe('idNumberProblem (GB 11643, on a normalised number)', () => {
  it.each([
    ['an adult born 1990-03-07', ADULT_ID_NUMBER],
    ['a check character X', X_ID],
    ['a leap day in a leap year (2004-02-29)', born('20040229')],
    ['a leap day in a year divisible by 400 (2000-02-29)', born('20000229')],
    ['the last day of a 31-day month (1985-12-31)', born('19851231')],
    ['exactly 16 today (born 2010-06-15)', born('20100615')],
    ['the GB 11643 standard example 11010519491231002X', '11010519491231002X'],
  ])('accepts %s', (_case, id) => {
    expect(idNumberProblem(id, NOW)).toBeNull();
  });

  it.each([
    ['17 characters', ADULT_ID_NUMBER.slice(0, 17), 'format'],
    ['19 characters', `${ADULT_ID_NUMBER}1`, 'format'],
    ['an empty string', '', 'format'],
    ['a letter among the digits', `${ADULT_ID_NUMBER.slice(0, 8)}A${ADULT_ID_NUMBER.slice(9)}`, 'format'],
    ['an X before the last place', `X${ADULT_ID_NUMBER.slice(1)}`, 'format'],
    ['a final letter other than X', `${ADULT_ID_NUMBER.slice(0, 17)}Y`, 'format'],
    ['full-width digits', '５３０６０２１９９００３０７１２３５', 'format'],
    ['spaces inside', `${ADULT_ID_NUMBER.slice(0, 6)} ${ADULT_ID_NUMBER.slice(6)}`.slice(0, 18), 'format'],
    ['a wrong check digit', withWrongCheckCharacter(ADULT_ID_NUMBER), 'checksum'],
    ['a digit where the check character is X', withWrongCheckCharacter(X_ID), 'checksum'],
    ['two swapped digits', `${ADULT_ID_NUMBER.slice(0, 6)}91${ADULT_ID_NUMBER.slice(8)}`, 'checksum'],
    ['30 February (2000-02-30)', born('20000230'), 'birthdate'],
    ['29 February in a common year (2001-02-29)', born('20010229'), 'birthdate'],
    ['31 April', born('19900431'), 'birthdate'],
    ['month 13', born('19901301'), 'birthdate'],
    ['month 00', born('19900001'), 'birthdate'],
    ['day 00', born('19900300'), 'birthdate'],
    ['born in 1899', born('18991231'), 'birthdate'],
    ['older than 120 (born 1900-01-01)', born('19000101'), 'birthdate'],
    ['born tomorrow (2026-06-16)', born('20260616'), 'birthdate'],
    ['born next year', born('20270101'), 'birthdate'],
    ['born today', born('20260615'), 'age'],
    ['15 years old, 16 tomorrow (born 2010-06-16)', born('20100616'), 'age'],
    ['10 years old', born('20160101'), 'age'],
  ])('refuses %s as %s', (_case, id, problem) => {
    expect(idNumberProblem(id, NOW)).toBe(problem);
  });

  it('refuses a birth year before 1900 even when the age would be plausible (born 1899, judged in 2005)', () => {
    expect(idNumberProblem(born('18991231'), new Date('2005-06-15T04:00:00Z'))).toBe('birthdate');
    expect(idNumberProblem(born('19000101'), new Date('2005-06-15T04:00:00Z'))).toBeNull();
  });

  describe('age is counted in China time (UTC+8), not UTC', () => {
    const sixteenOn20260615 = born('20100615');
    it.each([
      ['23:59:59 on 14 June in China (15:59:59Z)', '2026-06-14T15:59:59.999Z', 'age'],
      ['00:00 on 15 June in China, still 14 June in UTC (16:00Z)', '2026-06-14T16:00:00.000Z', null],
      ['noon on 15 June in China', '2026-06-15T04:00:00.000Z', null],
    ])('born 2010-06-15, at %s → %s', (_case, at, problem) => {
      expect(idNumberProblem(sixteenOn20260615, new Date(at))).toBe(problem);
    });
  });
});

/**
 * The first two digits are a province-level code of GB/T 2260 (中华人民共和国行政区划代码): 11–15 North,
 * 21–23 North-east, 31–37 East, 41–46 Centre-South, 50–54 South-west, 61–65 North-west, 71 Taiwan,
 * 81 Hong Kong, 82 Macao; plus 83, the code (830000) on Taiwan residents' residence permits
 * (《港澳台居民居住证申领发放办法》, 2018). Nothing else exists, so nothing else is a real number.
 */
describe('idNumberProblem: the province code (GB/T 2260, plus 83)', () => {
  const GB_T_2260_PROVINCES = [
    ...['11', '12', '13', '14', '15'],
    ...['21', '22', '23'],
    ...['31', '32', '33', '34', '35', '36', '37'],
    ...['41', '42', '43', '44', '45', '46'],
    ...['50', '51', '52', '53', '54'],
    ...['61', '62', '63', '64', '65'],
    '71',
    ...['81', '82'],
  ];
  const withProvince = (code: string) => idNumber(`${code}0101`, '19900307', '123');

  it('knows exactly the GB/T 2260 provinces and 83', () => {
    expect([...PROVINCE_CODES].sort()).toEqual([...GB_T_2260_PROVINCES, '83'].sort());
  });

  it.each([...GB_T_2260_PROVINCES, '83'])('accepts province %s', (code) => {
    expect(idNumberProblem(withProvince(code), NOW)).toBeNull();
  });

  it.each([
    ['Hong Kong residents’ residence permit (810000)', idNumber('810000', '19900307', '123')],
    ['Macao residents’ residence permit (820000)', idNumber('820000', '19900307', '123')],
    ['Taiwan residents’ residence permit (830000)', idNumber('830000', '19900307', '123')],
    [
      'an abolished county code: Chongwen District, Beijing (110103, merged in 2010)',
      idNumber('110103', '19800101', '001'),
    ],
    [
      'an abolished county code: Xuanwu District, Beijing (110104, merged in 2010)',
      idNumber('110104', '19800101', '001'),
    ],
    ['a county code that never existed, in a real province (539999)', idNumber('539999', '19900307', '123')],
  ])('accepts %s: only the first two digits are checked', (_case, id) => {
    expect(idNumberProblem(id, NOW)).toBeNull();
  });

  it.each([
    ['00', 'no region'],
    ['99', 'no region'],
    ['72', 'after Taiwan (71)'],
    ['10', 'before Beijing (11)'],
    ['20', 'before Liaoning (21)'],
    ['16', 'after Inner Mongolia (15)'],
    ['24', 'after Heilongjiang (23)'],
    ['30', 'before Shanghai (31)'],
    ['38', 'after Shandong (37)'],
    ['47', 'after Hainan (46)'],
    ['55', 'after Tibet (54)'],
    ['66', 'after Xinjiang (65)'],
    ['80', 'before Hong Kong (81)'],
    ['84', 'after the Taiwan residence permit code (83)'],
    ['91', 'no region'],
  ])('refuses %s (%s) as region', (code) => {
    expect(idNumberProblem(withProvince(code), NOW)).toBe('region');
  });

  it('refuses every two-digit start outside the list', () => {
    const refused = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).filter(
      (code) => idNumberProblem(withProvince(code), NOW) === 'region',
    );
    expect(refused).toHaveLength(100 - GB_T_2260_PROVINCES.length - 1);
    for (const code of refused) expect([...GB_T_2260_PROVINCES, '83']).not.toContain(code);
  });

  it('reports the region before the checksum, and the format before the region', () => {
    expect(idNumberProblem(withWrongCheckCharacter(withProvince('99')), NOW)).toBe('region');
    expect(idNumberProblem(`${withProvince('99').slice(0, 17)}Y`, NOW)).toBe('format');
  });
});

describe('normaliseIdNumber', () => {
  it.each([
    ['lowercase x → X', X_ID.toLowerCase(), X_ID],
    ['surrounding spaces trimmed', `  ${ADULT_ID_NUMBER}\t`, ADULT_ID_NUMBER],
    ['an already normal number unchanged', ADULT_ID_NUMBER, ADULT_ID_NUMBER],
  ])('%s', (_case, raw, expected) => {
    expect(normaliseIdNumber(raw)).toBe(expected);
  });

  it('turns a lowercase-x number that would be refused into one that is accepted', () => {
    const raw = X_ID.toLowerCase();
    expect(idNumberProblem(raw, NOW)).toBe('format');
    expect(idNumberProblem(normaliseIdNumber(raw), NOW)).toBeNull();
  });
});

describe('idCheckCharacter', () => {
  it.each([
    ['the standard example 11010519491231002X', '11010519491231002', 'X'],
    ['the standard example 440524188001010014', '44052418800101001', '4'],
    ['the test helper’s adult number', ADULT_ID_NUMBER.slice(0, 17), ADULT_ID_NUMBER.slice(17)],
  ])('%s', (_case, first17, check) => {
    expect(idCheckCharacter(first17)).toBe(check);
  });
});

describe('birth date and age helpers', () => {
  it('reads the birth date from places 7–14', () => {
    expect(birthDateOf(born('19851231'))).toEqual({ year: 1985, month: 12, day: 31 });
  });

  it.each([
    ['16:00Z is already the next day in China', '2026-06-14T16:00:00Z', { year: 2026, month: 6, day: 15 }],
    ['15:59Z is still the same day in China', '2026-06-14T15:59:00Z', { year: 2026, month: 6, day: 14 }],
    ['New Year arrives 8 hours early', '2025-12-31T16:00:00Z', { year: 2026, month: 1, day: 1 }],
  ])('chinaToday: %s', (_case, at, expected) => {
    expect(chinaToday(new Date(at))).toEqual(expected);
  });

  it.each([
    ['the day before the birthday', { year: 2026, month: 6, day: 14 }, 15],
    ['on the birthday', { year: 2026, month: 6, day: 15 }, 16],
    ['a month before the birthday', { year: 2026, month: 5, day: 20 }, 15],
    ['a month after the birthday', { year: 2026, month: 7, day: 1 }, 16],
  ])('ageOn, born 2010-06-15: %s → %i', (_case, today, age) => {
    expect(ageOn({ year: 2010, month: 6, day: 15 }, today)).toBe(age);
  });
});

describe('maskIdNumber (docs/architecture.md §7: at most the first 6 and last 4 shown)', () => {
  it('keeps the first 6 and last 4 characters and hides the rest', () => {
    expect(maskIdNumber(ADULT_ID_NUMBER)).toBe(
      `${ADULT_ID_NUMBER.slice(0, 6)}********${ADULT_ID_NUMBER.slice(-4)}`,
    );
  });

  it.each([
    ['an adult', ADULT_ID_NUMBER],
    ['an X number', X_ID],
  ])('never shows the birth date or more than 10 characters (%s)', (_case, id) => {
    const masked = maskIdNumber(id);
    expect(masked).toHaveLength(18);
    expect(masked).not.toContain(id.slice(6, 14));
    expect(masked.replaceAll('*', '').length).toBeLessThanOrEqual(10);
    expect(masked.slice(6, 14)).toBe('********');
  });
});
