/**
 * GET /api/challenge (docs/architecture.md §8): a self-hosted ALTCHA v1 challenge, signed with a key derived from
 * the hashing key, expiring after five minutes, never cached — and the difficulty the deployed
 * function hands out, which is the tuned constant unless the local stack lowered it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { verifySolution } from 'altcha-lib/v1';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChallengeHandler } from '../../functions/challenge/challenge';
import { lambdaContext } from '../../local/lambda-context';
import { ALTCHA_MAX_NUMBER, ALTCHA_VALID_SECONDS, asAltchaChallenge } from '../../shared/domain/altcha';
import { createHasher } from '../../shared/privacy/hashing';
import { ENV } from '../../shared/wiring';
import { solveAltcha, solveAltchaNumber } from '../support/altcha';
import { httpEvent } from '../support/events';
import { createHarness, HARNESS_ALTCHA_MAX_NUMBER, type Harness } from './support/harness';
import { newPerson } from './support/people';

const NOW = Date.parse('2026-11-30T06:00:00Z');

const getChallenge = async (handler: (event: never, context: never) => Promise<unknown>) => {
  const event = httpEvent({ method: 'GET', path: '/api/challenge', routeKey: 'GET /api/challenge' });
  const result = (await handler(event as never, lambdaContext('challenge', 5) as never)) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
  };
  return { ...result, json: JSON.parse(result.body) as unknown };
};

describe('GET /api/challenge', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ now: () => new Date(NOW) });
  });
  afterAll(() => harness.close());

  it('answers a new ALTCHA v1 challenge each time, never to be cached, expiring in five minutes', async () => {
    const [first, second] = [await harness.getChallenge(), await harness.getChallenge()];
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(Object.keys(first.body).sort()).toEqual([
      'algorithm',
      'challenge',
      'maxnumber',
      'salt',
      'signature',
    ]);
    expect(first.body).toMatchObject({
      algorithm: 'SHA-256',
      challenge: expect.stringMatching(/^[0-9a-f]{64}$/),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
      maxnumber: HARNESS_ALTCHA_MAX_NUMBER,
    });
    expect(first.body.salt).toMatch(/^[0-9a-f]{24}\?expires=\d+&$/);
    const expires = Number(/expires=(\d+)/.exec(String(first.body.salt))?.[1]);
    expect(expires).toBe(NOW / 1000 + ALTCHA_VALID_SECONDS);
    expect(second.body.salt).not.toBe(first.body.salt);
    expect(second.body.challenge).not.toBe(first.body.challenge);
  });

  it('signs with the HMAC key derived from the hashing key (no secret of its own), not the hashing key itself', async () => {
    const challenge = await harness.newChallenge();
    const solved = { ...challenge, algorithm: 'SHA-256' as const, number: solveAltchaNumber(challenge) };
    const derived = createHasher(harness.key).altchaKey();
    expect(await verifySolution(solved, derived, false)).toBe(true);
    expect(await verifySolution(solved, harness.key.toString('hex'), false)).toBe(false);
    expect(await verifySolution(solved, harness.key.toString('utf8'), false)).toBe(false);
  });

  it('hands out the tuned difficulty unless one is injected', async () => {
    const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
    const handler = createChallengeHandler({ hashKey: async () => harness.key, logger });
    const { json } = await getChallenge(handler as never);
    expect(asAltchaChallenge(json)?.maxnumber).toBe(ALTCHA_MAX_NUMBER);
  });

  it('is solved at the production difficulty and accepted by POST /api/phone-verifications', async () => {
    const production = await createHarness({ altchaMaxNumber: ALTCHA_MAX_NUMBER });
    try {
      const timings: number[] = [];
      for (let i = 0; i < 5; i++) {
        const challenge = await production.newChallenge();
        expect(challenge.maxnumber).toBe(ALTCHA_MAX_NUMBER);
        const started = performance.now();
        const altcha = solveAltcha(challenge);
        timings.push(performance.now() - started);
        const { phone } = newPerson();
        expect((await production.requestCode({ phone, altcha })).statusCode).toBe(202);
      }
      timings.sort((a, b) => a - b);
      console.log(
        `Node solve (node:crypto) at maxnumber ${ALTCHA_MAX_NUMBER}: ` +
          `${timings.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${timings[2]?.toFixed(0)} ms)`,
      );
    } finally {
      await production.close();
    }
  });
});

describe('the challenge function as deployed (functions/challenge/handler.ts)', () => {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'challenge-key-')), 'hash.key');
  writeFileSync(keyFile, 'k'.repeat(64));
  const load = async (maxNumber?: string) => {
    vi.resetModules();
    vi.stubEnv(ENV.hashKeyFile, keyFile);
    vi.stubEnv(ENV.hashKeySecretArn, '');
    vi.stubEnv(ENV.altchaMaxNumber, maxNumber);
    try {
      const { handler } = await import('../../functions/challenge/handler');
      return asAltchaChallenge((await getChallenge(handler as never)).json);
    } finally {
      vi.unstubAllEnvs();
    }
  };

  it('hands out ALTCHA_MAX_NUMBER when its environment sets no difficulty (the CDK stack sets none)', async () => {
    expect((await load())?.maxnumber).toBe(ALTCHA_MAX_NUMBER);
  });

  it('hands out the lower difficulty the local stack passes for load tests', async () => {
    expect((await load('500'))?.maxnumber).toBe(500);
  });
});
