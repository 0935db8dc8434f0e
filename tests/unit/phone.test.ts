// libphonenumber-js is a devDependency, the reference for these tests only: shared/ and web/ never import it.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import libphonenumberPackage from 'libphonenumber-js/package.json';
import { describe, expect, it } from 'vitest';
import { hasMobilePrefix, MOBILE_PREFIXES } from '../../shared/domain/mobile-prefixes';
import { maskPhone, normalisePhone } from '../../shared/domain/phone';

describe('normalisePhone (mainland mobile: 11 digits with an assigned mobile prefix)', () => {
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
    ['a 1349 number (China Telecom satellite, counted as mobile)', '13491234567', '13491234567'],
    ['a 145 data-card number (takes SMS)', '14512345678', '14512345678'],
    ['a 147 data-card number', '147 1234 5678', '14712345678'],
    ['a 149 data-card number (MIIT-assigned; not in libphonenumber)', '14912345678', '14912345678'],
    ['a 1610 China Broadnet number', '16101234567', '16101234567'],
    ['a 162 MVNO number', '16212345678', '16212345678'],
    ['a 170 MVNO number', '17051234567', '17051234567'],
    ['a 172 number', '17212345678', '17212345678'],
    ['a 17400 Tiantong satellite number', '17400123456', '17400123456'],
    ['a 17405 Tiantong satellite number', '17405123456', '17405123456'],
    ['a 192 China Broadnet number', '+86 192 1234 5678', '19212345678'],
    ['a 195 number', '19512345678', '19512345678'],
  ])('accepts %s', (_case, raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it.each([
    ['12 digits', '138123456789'],
    ['10 digits', '1381234567'],
    ['starting 12', '12812345678'],
    ['starting 11', '11812345678'],
    ['starting 10', '10812345678'],
    ['a 140 prefix (IoT, 13-digit numbers)', '14012345678'],
    ['a 1410 prefix (China Telecom IoT)', '14101234567'],
    ['a 1440 prefix (China Mobile IoT)', '14401234567'],
    ['a 146 prefix (China Unicom IoT)', '14612345678'],
    ['a 148 prefix (China Mobile IoT)', '14812345678'],
    ['a 154 prefix (never assigned)', '15412345678'],
    ['a 160 prefix (kept for other services)', '16012345678'],
    ['a 1611 prefix (only 1610 is assigned)', '16111234567'],
    ['a 164 prefix (not assigned)', '16412345678'],
    ['a 168 prefix (kept for other services)', '16812345678'],
    ['a 17406 prefix (MIIT emergency communications)', '17406123456'],
    ['a 1749 prefix (maritime satellite)', '17491234567'],
    ['a 179 prefix (kept for other services)', '17912345678'],
    ['a 194 prefix (not assigned)', '19412345678'],
    ['a 154 prefix after +86', '+86 154 1234 5678'],
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

describe('the mobile prefix table', () => {
  it('holds only digit strings starting 13–19, 2 to 5 long, none inside another', () => {
    for (const prefix of MOBILE_PREFIXES) expect(prefix).toMatch(/^1[3-9]\d{0,3}$/);
    for (const a of MOBILE_PREFIXES)
      for (const b of MOBILE_PREFIXES) if (a !== b) expect(b.startsWith(a), `${b} inside ${a}`).toBe(false);
  });

  it('is small enough for the applicant page (well under 1 KB as text)', () => {
    expect(MOBILE_PREFIXES.join(',').length).toBeLessThan(400);
  });
});

/**
 * Every prefix where the table and libphonenumber's CN metadata (libphonenumber-js 1.13.16 ships
 * Google's metadata 9.0.43) disagree, with the verdict we want and why. A prefix listed here that no longer disagrees
 * fails the test, so the list shrinks when libphonenumber catches up.
 */
const DISAGREEMENTS: Record<string, { accept: boolean; reason: string }> = {
  '149': {
    accept: true,
    reason:
      'China Telecom data-card range (上网卡) assigned by MIIT, sold with SMS and voice; not in ' +
      "libphonenumber's CN mobile pattern (though its carrier data maps 86149 to China Telecom). " +
      'Never refuse a real number.',
  },
};

/** libphonenumber's verdict: a valid CN number, of a type a person's phone has. */
const libphonenumberAccepts = (number: string): boolean => {
  const parsed = parsePhoneNumberFromString(number, 'CN');
  const type = parsed?.getType();
  return parsed?.isValid() === true && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE');
};

/** The prefixes to compare within a 3-digit block: each 4-digit one, or its ten 5-digit ones where the table splits there. */
const prefixesIn = (block: string): string[] =>
  Array.from({ length: 10 }, (_, d) => `${block}${d}`).flatMap((four) =>
    MOBILE_PREFIXES.some((p) => p.length === 5 && p.startsWith(four))
      ? Array.from({ length: 10 }, (_, d) => `${four}${d}`)
      : [four],
  );

/** A few 11-digit numbers in a prefix, so one odd subscriber number cannot hide a difference. */
const samplesOf = (prefix: string): string[] =>
  ['0000000000', '1234567890', '5555555555', '9999999999'].map((tail) => `${prefix}${tail}`.slice(0, 11));

describe(`every prefix 1000–1999 against libphonenumber-js ${libphonenumberPackage.version} (max metadata)`, () => {
  const blocks = Array.from({ length: 100 }, (_, i) => String(100 + i));

  it.each(blocks)('%sx: the same verdict, or a listed disagreement', (block) => {
    const differences: string[] = [];
    for (const prefix of prefixesIn(block)) {
      const listed = Object.entries(DISAGREEMENTS).find(([p]) => prefix.startsWith(p))?.[1];
      for (const number of samplesOf(prefix)) {
        const ours = normalisePhone(number) !== null;
        const theirs = libphonenumberAccepts(number);
        if (listed === undefined ? ours !== theirs : ours === theirs || ours !== listed.accept)
          differences.push(
            `${number}: ours ${ours}, libphonenumber ${theirs}, listed ${listed?.accept ?? '-'}`,
          );
      }
    }
    expect(differences).toEqual([]);
  });

  it('lists each disagreement with a reason, and only prefixes of the table or outside it', () => {
    for (const [prefix, { accept, reason }] of Object.entries(DISAGREEMENTS)) {
      expect(reason.length, prefix).toBeGreaterThan(20);
      expect(hasMobilePrefix(`${prefix}00000000`.slice(0, 11)), prefix).toBe(accept);
    }
  });

  it('agrees that the example number libphonenumber gives for CN is mobile', () => {
    expect(normalisePhone('13123456789')).toBe('13123456789');
    expect(libphonenumberAccepts('13123456789')).toBe(true);
  });
});

describe('maskPhone (docs/architecture.md §7: 138****5678)', () => {
  it('shows the first 3 and last 4 digits only', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('hides the middle four digits', () => {
    expect(maskPhone('13912349876')).not.toContain('1234');
  });
});
