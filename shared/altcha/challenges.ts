/**
 * Making and checking ALTCHA v1 challenges (shared/domain/altcha.ts says why v1) with altcha-lib. The
 * HMAC key is derived from the hashing key (`Hasher.altchaKey`): no secret of its own. Node only.
 */
import { createHash } from 'node:crypto';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import { ALTCHA_ALGORITHM, ALTCHA_VALID_SECONDS, type AltchaChallenge } from '../domain/altcha';

export const newAltchaChallenge = async (options: {
  hmacKey: string;
  maxNumber: number;
  now: Date;
}): Promise<AltchaChallenge> => {
  const made = await createChallenge({
    algorithm: ALTCHA_ALGORITHM,
    hmacKey: options.hmacKey,
    maxNumber: options.maxNumber,
    expires: new Date(options.now.getTime() + ALTCHA_VALID_SECONDS * 1000),
  });
  return {
    algorithm: made.algorithm,
    challenge: made.challenge,
    maxnumber: made.maxnumber ?? options.maxNumber,
    salt: made.salt,
    signature: made.signature,
  };
};

/** A checked payload: what marks its challenge spent (shared/storage/challenges.ts). */
export interface SolvedChallenge {
  /** SHA-256 of the challenge's signature (base64url): its one-use key. */
  signatureHash: string;
  /** When the challenge expires (epoch seconds): the spent mark is kept until then. */
  expiresAt: number;
}

export type AltchaCheck =
  | { ok: true; solved: SolvedChallenge }
  | { ok: false; problem: 'altcha.invalid' | 'altcha.expired' };

const HEX_64 = /^[0-9a-f]{64}$/;

/** The payload as the widget sends it (base64 JSON), parsed and shaped, or undefined. */
const parsePayload = (payload: string) => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const p = value as Record<string, unknown>;
  if (
    p.algorithm !== ALTCHA_ALGORITHM ||
    typeof p.challenge !== 'string' ||
    !HEX_64.test(p.challenge) ||
    typeof p.signature !== 'string' ||
    !HEX_64.test(p.signature) ||
    typeof p.salt !== 'string' ||
    p.salt.length > 256 ||
    typeof p.number !== 'number' ||
    !Number.isSafeInteger(p.number) ||
    p.number < 0
  )
    return undefined;
  return {
    algorithm: ALTCHA_ALGORITHM,
    challenge: p.challenge,
    number: p.number,
    salt: p.salt,
    signature: p.signature,
  } as const;
};

/**
 * Checks a solved payload: one of ours (signature), solved (the number hashes to the challenge) and
 * not expired at `now` (the expiry is in the salt, which the challenge hash covers). Whether it was
 * used before is for the store to say, in the transaction that spends it.
 */
export const checkAltcha = async (payload: string, hmacKey: string, now: Date): Promise<AltchaCheck> => {
  const parsed = parsePayload(payload);
  if (!parsed) return { ok: false, problem: 'altcha.invalid' };
  // altcha-lib checks the expiry against the machine's clock; ours is checked below against `now`.
  if (!(await verifySolution(parsed, hmacKey, false))) return { ok: false, problem: 'altcha.invalid' };
  const expiresAt = Number(extractParams(parsed).expires);
  // Every challenge we make expires: one without an expiry is not ours.
  if (!Number.isSafeInteger(expiresAt)) return { ok: false, problem: 'altcha.invalid' };
  if (expiresAt * 1000 <= now.getTime()) return { ok: false, problem: 'altcha.expired' };
  return {
    ok: true,
    solved: {
      signatureHash: createHash('sha256').update(parsed.signature).digest('base64url'),
      expiresAt,
    },
  };
};
