/**
 * Every value derived from personal data is a keyed hash (HMAC-SHA-256 with the hashing key), each with
 * its own purpose label so one can never stand in for another. An unkeyed hash of anything holding an
 * ID number would let anyone with the table rebuild it: the masked form hides only the birth date, a
 * few thousand guesses (docs/architecture.md §7). Node only (node:crypto).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ApplicationInput } from '../domain/application-rules';
import { memoiseAsync } from '../runtime/memoise';

export interface Hasher {
  /** The only form of an ID number that is ever stored, for telling the same person again. */
  idHash(idNumber: string): string;
  phoneHash(phone: string): string;
  /** A client address (or /64 network), counted by the per-address limits without keeping it. */
  addressHash(address: string): string;
  /** The applicant's status token: derived from the id, so a replayed request gets the same one. */
  statusToken(applicationId: string): string;
  /** An SMS code, bound to its verification. */
  verificationCodeHash(verificationId: string, code: string): string;
  /**
   * Tells a retried request from another one under the same Idempotency-Key: the validated input with
   * the ID number replaced by its keyed hash, in a canonical form, under the key.
   */
  inputFingerprint(input: ApplicationInput): string;
  /** Seals a listing cursor to its listing (shared/http/cursors.ts). */
  cursorMac(context: string, payload: string): string;
  cursorMacMatches(context: string, payload: string, mac: string): boolean;
  /**
   * The HMAC key that signs the proof-of-work challenges (shared/altcha/): derived from the hashing key
   * under its own label, so there is no second secret to keep, and it signs nothing else.
   */
  altchaKey(): string;
  /** An invitation code: only this is kept, so the table cannot be used to redeem one. */
  invitationHash(code: string): string;
}

/** JSON with object keys sorted at every level, so equal values always give the same text. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

export const createHasher = (key: Uint8Array): Hasher => {
  if (key.length < 32) throw new Error('the hashing key must be at least 32 bytes');
  const hmac = (purpose: string, value: string) =>
    createHmac('sha256', key).update(`${purpose}:${value}`).digest('base64url');
  const idHash = (idNumber: string) => hmac('id', idNumber);
  return {
    idHash,
    phoneHash: (phone) => hmac('phone', phone),
    addressHash: (address) => hmac('address', address),
    statusToken: (applicationId) => hmac('status-token', applicationId),
    verificationCodeHash: (verificationId, code) => hmac('sms-code', `${verificationId}:${code}`),
    inputFingerprint: ({ idNumber, ...rest }) =>
      hmac('idempotency', canonicalJson({ ...rest, idHash: idHash(idNumber) })),
    cursorMac: (context, payload) => hmac('cursor', `${context}\n${payload}`),
    cursorMacMatches: (context, payload, mac) => {
      const expected = Buffer.from(hmac('cursor', `${context}\n${payload}`));
      const given = Buffer.from(mac);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
    altchaKey: () => hmac('altcha-key', 'v1'),
    invitationHash: (code) => hmac('invitation', code),
  };
};

/** A hasher made on first use from a key loaded on first use (Secrets Manager on AWS): once per container. */
export const lazyHasher = (key: () => Promise<Uint8Array>): (() => Promise<Hasher>) =>
  memoiseAsync(async () => createHasher(await key()));

/**
 * The status token is 256 bits of HMAC output: an unkeyed hash of it cannot be reversed by guessing, so
 * the table keeps only this and a stolen table cannot be used to read anyone's status.
 */
export const hashStatusToken = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');

export const statusTokenMatches = (token: string, storedHash: string): boolean => {
  const given = Buffer.from(hashStatusToken(token));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
};
