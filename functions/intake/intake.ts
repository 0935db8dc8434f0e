/** POST /api/applications: validate, store durably, enqueue for screening (DESIGN §5, §6, §7). */
import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { newApplicationId, newApplicationRecord } from '../../shared/domain/application';
import { type ApplicationInput, validateApplication } from '../../shared/domain/application-rules';
import { CONSENT_VERSION } from '../../shared/domain/consent';
import { IdempotencyKeyReused, InvalidIdempotencyKey } from '../../shared/domain/errors';
import { maskIdNumber } from '../../shared/domain/id-number';
import { resolveLocale } from '../../shared/domain/messages';
import { maskPhone } from '../../shared/domain/phone';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import {
  limitBodySize,
  parseJsonBody,
  resolveRequestLocale,
  validateBody,
} from '../../shared/http/middleware';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { bodyFingerprint, createHasher, type Hasher, hashStatusToken } from '../../shared/privacy/hashing';
import type { ReviewQueue } from '../../shared/queue/review-queue';
import type { HashKeySource } from '../../shared/runtime/hash-key';
import {
  ApplicationIdTaken,
  type ApplicationStore,
  IdempotencyRace,
  type IdempotencyRecord,
} from '../../shared/storage/applications';

export const MAX_BODY_BYTES = 8 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,64}$/;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export interface IntakeDeps {
  store: ApplicationStore;
  queue: ReviewQueue;
  hashKey: HashKeySource;
  logger: Logger;
  now?: () => Date;
}

const accepted = (applicationId: string, submittedAt: string, hasher: Hasher): HttpResult =>
  json(
    202,
    { applicationId, status: 'submitted', statusToken: hasher.statusToken(applicationId), submittedAt },
    { location: `/api/applications/${applicationId}` },
  );

const replay = (existing: IdempotencyRecord, fingerprint: string, hasher: Hasher): HttpResult => {
  if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
  return accepted(existing.applicationId, existing.submittedAt, hasher);
};

const idempotencyKeyOf = (event: HttpEvent): string | undefined => {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw new InvalidIdempotencyKey();
  return key;
};

export const createIntakeHandler = (deps: IntakeDeps) => {
  const now = deps.now ?? (() => new Date());
  let hasher: Hasher | undefined;
  const getHasher = async () => {
    hasher ??= createHasher(await deps.hashKey());
    return hasher;
  };

  const submitApplication = async (event: HttpEvent): Promise<HttpResult> => {
    const idempotencyKey = idempotencyKeyOf(event);
    const fingerprint = bodyFingerprint(event.body ?? '');
    const hashes = await getHasher();
    if (idempotencyKey) {
      const existing = await deps.store.getIdempotency(idempotencyKey, now());
      if (existing) return replay(existing, fingerprint, hashes);
    }

    const input = event.input as ApplicationInput;
    const locale = input.locale ?? resolveLocale(event.headers?.['accept-language']);

    for (let attempt = 1; ; attempt++) {
      const at = now();
      const applicationId = newApplicationId(at, randomBytes(8));
      const record = newApplicationRecord(
        input,
        { applicationId, now: at, consentVersion: CONSENT_VERSION, locale },
        {
          idHash: hashes.idHash(input.idNumber),
          phoneHash: hashes.phoneHash(input.phone),
          statusTokenHash: hashStatusToken(hashes.statusToken(applicationId)),
        },
        { idNumberMasked: maskIdNumber(input.idNumber), phoneMasked: maskPhone(input.phone) },
      );
      try {
        await deps.store.create(
          record,
          idempotencyKey
            ? {
                key: idempotencyKey,
                fingerprint,
                expiresAtEpochSeconds: Math.floor(at.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
              }
            : undefined,
        );
      } catch (error) {
        if (error instanceof ApplicationIdTaken && attempt < 3) continue;
        if (error instanceof IdempotencyRace && idempotencyKey) {
          const winner = await deps.store.getIdempotency(idempotencyKey, now());
          if (winner) return replay(winner, fingerprint, hashes);
        }
        throw error;
      }
      await enqueue(applicationId, record.phoneMasked);
      deps.logger.info('application accepted', {
        applicationId,
        trade: record.trade,
        county: record.county,
        phoneMasked: record.phoneMasked,
      });
      return accepted(applicationId, record.submittedAt, hashes);
    }
  };

  /** The application is already durable; if the queue is down the sweeper enqueues it later. */
  const enqueue = async (applicationId: string, phoneMasked: string) => {
    try {
      await deps.queue.send({ applicationId });
    } catch (error) {
      deps.logger.warn('enqueue failed; the sweeper will re-enqueue', {
        applicationId,
        phoneMasked,
        errorName: error instanceof Error ? error.name : 'unknown',
      });
    }
  };

  return middy<HttpEvent, HttpResult>()
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(limitBodySize(MAX_BODY_BYTES))
    .use(parseJsonBody())
    .use(validateBody((body) => validateApplication(body, now)))
    .handler(submitApplication);
};
