/** The test helpers must be right on their own, or every test that uses them proves nothing. */
import { describe, expect, it } from 'vitest';
import { validateApplication } from '../../shared/domain/application-rules';
import { validApplicationBody } from '../support/applications';
import {
  ADULT_ID_NUMBER,
  gbCheckCharacter,
  idNumber,
  idNumberEndingInX,
  withWrongCheckCharacter,
  ZHAOYANG_REGION,
} from '../support/id-numbers';

describe('tests/support/id-numbers', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
  ])('computes the check character of the GB 11643 examples (%s → %s)', (first17, check) => {
    expect(gbCheckCharacter(first17)).toBe(check);
  });

  it('builds region + birth date + sequence + check character', () => {
    expect(idNumber('110105', '19491231', '002')).toBe('11010519491231002X');
    expect(idNumber(ZHAOYANG_REGION, '19900307', '123')).toMatch(/^53060219900307123[\dX]$/);
  });

  it.each([
    ['a 5-digit region', () => idNumber('11010', '19491231', '002')],
    ['a 7-digit birth date', () => idNumber('110105', '1949123', '002')],
    ['a 2-digit sequence', () => idNumber('110105', '19491231', '02')],
  ])('refuses %s', (_case, build) => {
    expect(build).toThrow();
  });

  it('finds a number ending in X and can spoil a check character', () => {
    const x = idNumberEndingInX(ZHAOYANG_REGION, '19900307');
    expect(x).toMatch(/^5306021990030\d{4}X$/);
    expect(withWrongCheckCharacter(x)).not.toBe(x);
    expect(withWrongCheckCharacter(x).slice(0, 17)).toBe(x.slice(0, 17));
  });
});

describe('tests/support/applications', () => {
  it('gives a valid body, afresh each time', () => {
    const body = validApplicationBody();
    expect(validateApplication(body, () => new Date('2026-06-15T04:00:00Z')).ok).toBe(true);
    expect(body.idNumber).toBe(ADULT_ID_NUMBER);
    body.platforms.push('eleme');
    expect(validApplicationBody().platforms).toEqual(['meituan']);
  });

  it('applies overrides', () => {
    expect(validApplicationBody({ trade: 'courier', platforms: ['dada'] })).toMatchObject({
      trade: 'courier',
      platforms: ['dada'],
      fullName: '王小明',
    });
  });
});
