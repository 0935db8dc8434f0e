/**
 * The proof of work asked before an SMS code is sent (docs/architecture.md §8): an ALTCHA challenge, protocol v1,
 * self-hosted (`GET /api/challenge`; no third-party service, so it works in mainland China).
 *
 * Why v1 and not v2: v1 is "find n ≤ maxnumber with SHA-256(salt + n) = challenge" — the solver is a
 * loop over WebCrypto SHA-256 that every browser we support has (Chrome 80 WebViews included), a few
 * hundred bytes of script, and its work is linear in `maxnumber`, so the difficulty is one number that
 * is easy to tune. v2 derives keys (PBKDF2, scrypt, Argon2id) with a cost: memory-hard variants need
 * WebAssembly and memory a cheap phone may not have, PBKDF2 at a useful cost took over a second on this
 * machine before any throttling, and the form ships no widget that would need v2.
 * Checking a v1 solution costs the server one SHA-256 and one HMAC.
 *
 * Browser-safe: the form builds its payload with this module; the server side is shared/altcha/.
 */

/** The hash the challenges use. */
export const ALTCHA_ALGORITHM = 'SHA-256';

/**
 * The difficulty: the secret number is drawn from 1…ALTCHA_MAX_NUMBER, so a solver tries half of it
 * on average and nine tenths of it at the 90th percentile. Measured by tests/e2e/apply.test.ts (it
 * prints its figures on every run): headless Chromium 147 with CPU throttling ×4 (DevTools' "mid-tier
 * mobile"), the form's worker running altcha-lib's solver, on this shared 2-core machine under a load
 * average of 7–9: 29,000–36,000 hashes/s (three runs), so a solve takes 0.70–0.86 s at the median and
 * 1.26–1.54 s at p90; the 8 solves of each of four runs had medians of 0.43–0.70 s and p90s of
 * 1.2–2.5 s; from the press to the code request 0.6–0.9 s at the median. Each hash is an awaited WebCrypto digest whose work runs on a thread
 * the throttling does not slow, so ×4 is a mild proxy: check on a real cheap phone before raising
 * this. In Node (test helpers, node:crypto) a solve takes 30–130 ms.
 */
export const ALTCHA_MAX_NUMBER = 50_000;

/** A challenge is good for this long after it is made (and for one code request). */
export const ALTCHA_VALID_SECONDS = 300;

/** `GET /api/challenge`: an ALTCHA v1 challenge, as altcha-lib makes it and the ALTCHA widget reads it. */
export interface AltchaChallenge {
  algorithm: string;
  /** Hex SHA-256 of salt + the secret number. */
  challenge: string;
  maxnumber: number;
  /** Random hex, then `?expires=<epoch seconds>&`: the expiry is inside what the signature covers. */
  salt: string;
  /** Hex HMAC-SHA-256 of `challenge` under the server's key. */
  signature: string;
}

/** The solution a solver found (altcha-lib's `Solution`). */
export interface AltchaSolution {
  number: number;
  /** Milliseconds it took; informational. */
  took: number;
}

const isChallenge = (value: unknown): value is AltchaChallenge => {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.algorithm === 'string' &&
    typeof c.challenge === 'string' &&
    typeof c.salt === 'string' &&
    typeof c.signature === 'string' &&
    typeof c.maxnumber === 'number' &&
    Number.isSafeInteger(c.maxnumber) &&
    c.maxnumber > 0
  );
};

/** The challenge in an answer of `GET /api/challenge`, or undefined when it is not one. */
export const asAltchaChallenge = (value: unknown): AltchaChallenge | undefined =>
  isChallenge(value) ? value : undefined;

/**
 * The `altcha` field of `POST /api/phone-verifications`: base64 of the JSON the ALTCHA widget (v1
 * protocol) sends, `{algorithm, challenge, number, salt, signature, took}`.
 */
export const altchaPayload = (challenge: AltchaChallenge, solution: AltchaSolution): string =>
  btoa(
    JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: solution.number,
      salt: challenge.salt,
      signature: challenge.signature,
      took: solution.took,
    }),
  );

/**
 * The difficulty a deployment runs with: ALTCHA_MAX_NUMBER, unless the local stack lowered it for load
 * tests (`LOCAL_ALTCHA_MAX_NUMBER` → `npm start` → this function's environment; the CDK stack never
 * sets it).
 */
export const altchaMaxNumber = (raw: string | undefined): number => {
  if (raw === undefined || raw === '') return ALTCHA_MAX_NUMBER;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`the ALTCHA difficulty must be a whole number ≥ 1, got "${raw}"`);
  return value;
};
