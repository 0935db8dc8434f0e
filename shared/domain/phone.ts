import { hasMobilePrefix } from './mobile-prefixes';

/**
 * Mainland mobile numbers: 11 digits starting with a prefix MIIT has assigned to public mobile service
 * (the table in mobile-prefixes.ts); spaces, dashes, brackets and a +86 / 0086 / 86 prefix are accepted.
 */
const ELEVEN_DIGITS = /^1\d{10}$/;

/** Returns the 11-digit number, or null when the input is not a mainland mobile number. */
export const normalisePhone = (raw: string): string | null => {
  let digits = raw.trim().replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return ELEVEN_DIGITS.test(digits) && hasMobilePrefix(digits) ? digits : null;
};

export const maskPhone = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
