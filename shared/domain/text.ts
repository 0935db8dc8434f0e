/** Length in user-perceived characters for CJK and Latin text (code points, not UTF-16 units). */
export const charLength = (text: string): number => Array.from(text).length;

/** Control and format characters, line/paragraph separators, lone surrogates, angle brackets: never acceptable in free text we store and show to reviewers. */
export const hasUnsafeCharacters = (text: string): boolean =>
  /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}<>]/u.test(text);

export type NameProblem = 'length' | 'characters';

export const nameProblem = (name: string): NameProblem | null => {
  const length = charLength(name);
  if (length < 2 || length > 40) return 'length';
  if (/\p{Nd}/u.test(name) || hasUnsafeCharacters(name)) return 'characters';
  return null;
};
