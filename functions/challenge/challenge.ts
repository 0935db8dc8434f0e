/**
 * GET /api/challenge (docs/architecture.md §8): a proof-of-work challenge (ALTCHA v1, shared/domain/altcha.ts) that
 * `POST /api/phone-verifications` requires solved, once, within a few minutes. Signed with a key
 * derived from the hashing key; nothing is stored until a solution is used.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { newAltchaChallenge } from '../../shared/altcha/challenges';
import { ALTCHA_MAX_NUMBER } from '../../shared/domain/altcha';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import { resolveRequestLocale } from '../../shared/http/middleware';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { createHasher } from '../../shared/privacy/hashing';
import type { HashKeySource } from '../../shared/runtime/hash-key';
import { observe } from '../../shared/runtime/observability';

export interface ChallengeDeps {
  hashKey: HashKeySource;
  logger: Logger;
  metrics?: Metrics;
  /** The difficulty (the largest secret number). @default ALTCHA_MAX_NUMBER */
  maxNumber?: number;
  now?: () => Date;
}

export const createChallengeHandler = (deps: ChallengeDeps) => {
  const now = deps.now ?? (() => new Date());
  const maxNumber = deps.maxNumber ?? ALTCHA_MAX_NUMBER;
  let hmacKey: string | undefined;

  const serveChallenge = async (): Promise<HttpResult> => {
    hmacKey ??= createHasher(await deps.hashKey()).altchaKey();
    const challenge = await newAltchaChallenge({ hmacKey, maxNumber, now: now() });
    // Each one is good once: never from a cache.
    return json(200, challenge, { 'cache-control': 'no-store' });
  };

  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .handler(serveChallenge);
};
