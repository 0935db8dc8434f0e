/**
 * POST /api/phone-verifications (docs/architecture.md §7): with a solved proof-of-work challenge (`altcha`, from
 * GET /api/challenge, good once) and within the per-phone limits, store a new code (only its keyed
 * hash, bound to the phone's keyed hash) and send it by SMS. The answer is the same whatever the
 * phone's history: nothing here looks at applications or members.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { checkAltcha } from '../../shared/altcha/challenges';
import type { CodeSent } from '../../shared/api/verification';
import { SmsUnavailable, ValidationFailed } from '../../shared/domain/errors';
import {
  ADDRESS_CODE_LIMITS,
  countedFor,
  type LimitRule,
  PHONE_CODE_LIMITS,
} from '../../shared/domain/limits';
import { maskPhone } from '../../shared/domain/phone';
import { CODE_VALID_SECONDS, codeFromRandom, newVerificationId } from '../../shared/domain/verification';
import {
  type VerificationRequestInput,
  validateVerificationRequest,
} from '../../shared/domain/verification-rules';
import { clientAddress } from '../../shared/http/client-address';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import {
  limitBodySize,
  parseJsonBody,
  resolveRequestLocale,
  validateBody,
} from '../../shared/http/middleware';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { lazyHasher } from '../../shared/privacy/hashing';
import type { HashKeySource } from '../../shared/runtime/hash-key';
import { count, METRIC } from '../../shared/runtime/metrics';
import { observe } from '../../shared/runtime/observability';
import { SmsFailed, type SmsSender } from '../../shared/sms/sender';
import type { ChallengeStore } from '../../shared/storage/challenges';
import type { LimitStore } from '../../shared/storage/limits';
import type { VerificationStore } from '../../shared/storage/verifications';

const MAX_BODY_BYTES = 8 * 1024;

export interface VerificationDeps {
  verifications: VerificationStore;
  limits: LimitStore;
  /** @default PHONE_CODE_LIMITS */
  phoneLimits?: readonly LimitRule[];
  /** Counted per client address (shared/http/client-address.ts). @default ADDRESS_CODE_LIMITS */
  addressLimits?: readonly LimitRule[];
  sms: SmsSender;
  hashKey: HashKeySource;
  /** Marks each solved challenge used, in the same transaction as the limits and the code. */
  challenges: ChallengeStore;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
  random?: (size: number) => Uint8Array;
}

export const createVerificationHandler = (deps: VerificationDeps) => {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? ((size: number) => randomBytes(size));
  const getHasher = lazyHasher(deps.hashKey);

  const sendCode = async (event: HttpEvent): Promise<HttpResult> => {
    const input = event.input as VerificationRequestInput;
    const hashes = await getHasher();
    const at = now();
    const altcha = await checkAltcha(input.altcha, hashes.altchaKey(), at);
    if (!altcha.ok) throw new ValidationFailed({ altcha: altcha.problem });
    const phoneHash = hashes.phoneHash(input.phone);
    const phoneRules = deps.phoneLimits ?? PHONE_CODE_LIMITS;
    const addressHash = hashes.addressHash(clientAddress(event));
    const rules = [...phoneRules, ...countedFor(deps.addressLimits ?? ADDRESS_CODE_LIMITS, addressHash)];
    // The worker may ask again once the phone's interval is over (the countdown on the form).
    const resendAfterSeconds = phoneRules.find((rule) => rule.kind === 'cooldown')?.seconds ?? 0;
    const verificationId = newVerificationId(random(17));
    const code = codeFromRandom(() => Buffer.from(random(4)).readUInt32BE(0));
    const validUntil = new Date(at.getTime() + CODE_VALID_SECONDS * 1000).toISOString();
    // Counted and stored in one transaction, with the challenge marked used: a request that fails
    // (throttled, conflicting, a challenge used before) counts against no limit, so the worker told to
    // retry is not then told to wait a minute, and a replayed challenge moves nothing.
    await deps.limits.consume(rules, phoneHash, at, [
      deps.challenges.spendItem(altcha.solved, at),
      deps.verifications.createItem({
        verificationId,
        phoneHash,
        codeHash: hashes.verificationCodeHash(verificationId, code),
        createdAt: at.toISOString(),
        validUntil,
        attempts: 0,
      }),
    ]);
    try {
      await deps.sms.send({
        to: input.phone,
        template: 'verification',
        params: { code },
        locale: input.locale ?? event.locale,
      });
    } catch (error) {
      if (!(error instanceof SmsFailed)) throw error;
      deps.logger.warn('verification SMS not sent', {
        phoneMasked: maskPhone(input.phone),
        provider: deps.sms.provider,
        providerCode: error.providerCode,
        retryable: error.retryable,
      });
      // The phone's interval is counted already (the provider may yet deliver): say when a new code may
      // be asked for, so this answer and the next one agree.
      if (error.retryable) throw new SmsUnavailable(Math.max(resendAfterSeconds, 1));
      throw new ValidationFailed({ phone: 'phone.undeliverable' });
    }
    count(deps.metrics, METRIC.verificationCodeSent);
    deps.logger.info('verification code sent', { phoneMasked: maskPhone(input.phone) });
    return json(202, { verificationId, expiresAt: validUntil, resendAfterSeconds } satisfies CodeSent);
  };

  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(limitBodySize(MAX_BODY_BYTES))
    .use(parseJsonBody())
    .use(validateBody(validateVerificationRequest))
    .handler(sendCode);
};
