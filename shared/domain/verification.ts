/**
 * Proving a phone (docs/architecture.md §7): a 6-digit code by SMS, valid for 10 minutes and 5 tries, bound to the
 * phone it was sent to, spent by one application. Pure: the keyed hashing happens in shared/privacy.
 */
export const CODE_DIGITS = 6;
export const CODE_VALID_SECONDS = 10 * 60;
export const MAX_CODE_ATTEMPTS = 5;
/** The form's countdown; the per-phone cooldown (shared/domain/limits.ts) enforces it. */
export const RESEND_AFTER_SECONDS = 60;
/**
 * A verification item outlives its code by a day, so a late try hears "expired" rather than "wrong";
 * DynamoDB's TTL removes it after that.
 */
export const VERIFICATION_RETENTION_SECONDS = CODE_VALID_SECONDS + 24 * 3600;

export const VERIFICATION_ID_PATTERN = /^V[A-Za-z0-9_-]{22}$/;
export const VERIFICATION_CODE_PATTERN = /^\d{6}$/;

/** What is stored: never the code, only its keyed hash; never the phone, only its keyed hash. */
export interface VerificationRecord {
  verificationId: string;
  phoneHash: string;
  codeHash: string;
  createdAt: string;
  validUntil: string;
  attempts: number;
  spentBy?: string;
}

export type CodeProblem =
  | 'verificationCode.wrong'
  | 'verificationCode.expired'
  | 'verificationCode.spent'
  | 'verificationCode.exhausted'
  | 'verificationCode.phone';

/**
 * Why a code cannot be used, or null when it can. An unknown id reads as expired: DynamoDB's TTL may
 * have removed it, and either way the worker's next step is the same (ask for a new code).
 */
export const codeProblem = (
  record: VerificationRecord | undefined,
  given: { phoneHash: string; codeHash: string },
  now: Date,
): CodeProblem | null => {
  if (!record) return 'verificationCode.expired';
  if (record.spentBy) return 'verificationCode.spent';
  if (Date.parse(record.validUntil) <= now.getTime()) return 'verificationCode.expired';
  if (record.attempts >= MAX_CODE_ATTEMPTS) return 'verificationCode.exhausted';
  if (record.phoneHash !== given.phoneHash) return 'verificationCode.phone';
  if (!constantTimeEqual(record.codeHash, given.codeHash)) return 'verificationCode.wrong';
  return null;
};

/** Compares two strings in time that depends only on their length. Browser-safe (no node:crypto). */
export const constantTimeEqual = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
};

/** A new code from 4 random bytes, uniform over 000000–999999 (rejection sampling, no modulo bias). */
export const codeFromRandom = (nextUint32: () => number): string => {
  const limit = 4_294_967_296 - (4_294_967_296 % 1_000_000);
  for (;;) {
    const value = nextUint32();
    if (value < limit) return String(value % 1_000_000).padStart(CODE_DIGITS, '0');
  }
};

/** Verification ids carry 132 random bits: 22 base64url characters after a `V`. */
export const newVerificationId = (random: Uint8Array): string => {
  if (random.length < 17) throw new Error('a verification id needs 17 random bytes');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 'V';
  let bits = 0;
  let buffer = 0;
  for (const byte of random) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6 && id.length < 23) {
      bits -= 6;
      id += alphabet[(buffer >> bits) & 63];
    }
  }
  return id;
};
