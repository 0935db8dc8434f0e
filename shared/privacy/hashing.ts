/** Keyed hashes for duplicate detection, and status tokens. Node only (node:crypto). */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface Hasher {
  /** HMAC-SHA-256 of a normalised ID number: the only form of it that is ever stored. */
  idHash(idNumber: string): string;
  phoneHash(phone: string): string;
  /** The applicant's status token: derived from the id, so a replayed request gets the same one. */
  statusToken(applicationId: string): string;
}

export const createHasher = (key: Uint8Array): Hasher => {
  if (key.length < 32) throw new Error('the hashing key must be at least 32 bytes');
  const hmac = (purpose: string, value: string) =>
    createHmac('sha256', key).update(`${purpose}:${value}`).digest('base64url');
  return {
    idHash: (idNumber) => hmac('id', idNumber),
    phoneHash: (phone) => hmac('phone', phone),
    statusToken: (applicationId) => hmac('status-token', applicationId),
  };
};

export const hashStatusToken = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');

export const statusTokenMatches = (token: string, storedHash: string): boolean => {
  const given = Buffer.from(hashStatusToken(token));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
};

/** Hash of a request body, to tell a retried request from a different one under the same Idempotency-Key. */
export const bodyFingerprint = (body: string): string =>
  createHash('sha256').update(body).digest('base64url');
