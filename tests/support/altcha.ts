/**
 * Solving the proof-of-work challenge (ALTCHA v1, shared/domain/altcha.ts) in Node, as a client that
 * asks for SMS codes must: the test helpers, the fault suite and the bench use this. A synchronous
 * loop over node:crypto's SHA-256 — altcha-lib's own solver awaits WebCrypto for every number and is
 * 30–50 times slower in Node — checked against altcha-lib's `verifySolution` (tests/unit/altcha.test.ts).
 */
import { createHash } from 'node:crypto';
import { type AltchaChallenge, altchaPayload, asAltchaChallenge } from '../../shared/domain/altcha';

/** The number the challenge hides (1…maxnumber), or throws when there is none. */
export const solveAltchaNumber = (challenge: AltchaChallenge): number => {
  if (challenge.algorithm !== 'SHA-256') throw new Error(`unexpected algorithm ${challenge.algorithm}`);
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (createHash('sha256').update(`${challenge.salt}${n}`).digest('hex') === challenge.challenge) return n;
  }
  throw new Error('the challenge has no solution up to its maxnumber');
};

/** The `altcha` field that proves the work for `challenge` (base64 JSON, as the ALTCHA widget sends it). */
export const solveAltcha = (challenge: AltchaChallenge): string => {
  const started = performance.now();
  const number = solveAltchaNumber(challenge);
  return altchaPayload(challenge, { number, took: Math.round(performance.now() - started) });
};

/** `GET /api/challenge` from the stack at `baseUrl`, solved. */
export const fetchSolvedAltcha = async (baseUrl: string): Promise<string> => {
  const response = await fetch(`${baseUrl}/api/challenge`, { signal: AbortSignal.timeout(30_000) });
  const body: unknown = await response.json().catch(() => undefined);
  const challenge = response.status === 200 ? asAltchaChallenge(body) : undefined;
  if (!challenge) throw new Error(`GET /api/challenge answered ${response.status}: ${JSON.stringify(body)}`);
  return solveAltcha(challenge);
};
