/** Mainland mobile numbers: 1[3-9] and 9 more digits; spaces, dashes and a +86 prefix are accepted. */
const MOBILE = /^1[3-9]\d{9}$/;

/** Returns the 11-digit number, or null when the input is not a mainland mobile number. */
export const normalisePhone = (raw: string): string | null => {
  let digits = raw.trim().replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return MOBILE.test(digits) ? digits : null;
};

export const maskPhone = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
