import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone } from '../../shared/domain/phone';

describe('normalisePhone (mainland mobile: 1[3-9] + 9 digits)', () => {
  it.each([
    ['plain 11 digits', '13812345678', '13812345678'],
    ['spaces 3-4-4', '138 1234 5678', '13812345678'],
    ['dashes 3-4-4', '138-1234-5678', '13812345678'],
    ['+86 prefix, spaces and dashes', '+86 138-1234-5678', '13812345678'],
    ['+86 prefix without a space', '+8613812345678', '13812345678'],
    ['0086 prefix', '0086 138 1234 5678', '13812345678'],
    ['86 prefix without a plus', '8613812345678', '13812345678'],
    ['surrounding whitespace', '  13812345678\n', '13812345678'],
    ['a 19x number', '19912345678', '19912345678'],
    ['a 13x number', '13000000000', '13000000000'],
  ])('accepts %s', (_case, raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it.each([
    ['12 digits', '138123456789'],
    ['10 digits', '1381234567'],
    ['starting 12', '12812345678'],
    ['starting 11', '11812345678'],
    ['starting 10', '10812345678'],
    ['a Beijing landline with area code', '010-12345678'],
    ['a Kunming landline with area code', '0871-65123456'],
    ['a Hong Kong number (+852)', '+852 9123 4567'],
    ['another country code', '+85 13812345678'],
    ['a letter inside', '1381234567x'],
    ['full-width digits', '１３８１２３４５６７８'],
    ['+86 twice', '+86+8613812345678'],
    ['an empty string', ''],
    ['only a prefix', '+86'],
  ])('refuses %s', (_case, raw) => {
    expect(normalisePhone(raw)).toBeNull();
  });
});

describe('maskPhone (DESIGN §6: 138****5678)', () => {
  it('shows the first 3 and last 4 digits only', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('hides the middle four digits', () => {
    expect(maskPhone('13912349876')).not.toContain('1234');
  });
});
