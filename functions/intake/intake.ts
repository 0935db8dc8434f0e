/**
 * POST /api/applications (README, "The API, with curl"; docs/architecture.md §6–§8): validate, check the SMS code that proves the phone,
 * then either store a new application or — the same ID number with the same proven phone — answer with
 * the person's existing one. Whether the ID number is known never changes the answer's status, shape or
 * the work done for it: an ID number held by someone else gives a new application like any other,
 * which reviewers see as a conflict.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Accepted } from '../../shared/api/applications';
import {
  type ApplicationStatus,
  newApplicationId,
  newApplicationRecord,
} from '../../shared/domain/application';
import { type ApplicationInput, validateApplication } from '../../shared/domain/application-rules';
import { CONSENT_VERSION } from '../../shared/domain/consent';
import {
  IdempotencyKeyReused,
  InvalidIdempotencyKey,
  ServiceUnavailable,
  ValidationFailed,
} from '../../shared/domain/errors';
import { maskIdNumber } from '../../shared/domain/id-number';
import { ID_APPLICATION_LIMITS, type LimitRule } from '../../shared/domain/limits';
import { resolveLocale } from '../../shared/domain/messages';
import { matchPerson } from '../../shared/domain/person';
import { maskPhone } from '../../shared/domain/phone';
import { codeProblem } from '../../shared/domain/verification';
import { clientAddress } from '../../shared/http/client-address';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import {
  limitBodySize,
  parseJsonBody,
  resolveRequestLocale,
  validateBody,
} from '../../shared/http/middleware';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { type Hasher, hashStatusToken, lazyHasher } from '../../shared/privacy/hashing';
import type { NotificationQueue } from '../../shared/queue/notifications';
import type { ReviewQueue } from '../../shared/queue/review-queue';
import type { HashKeySource } from '../../shared/runtime/hash-key';
import { count, METRIC } from '../../shared/runtime/metrics';
import { observe } from '../../shared/runtime/observability';
import {
  ApplicationIdTaken,
  type ApplicationStore,
  CodeNotSpendable,
  type IdempotencyClaim,
  IdempotencyRace,
  type IdempotencyRecord,
  PersonChanged,
} from '../../shared/storage/applications';
import type { PersonStore } from '../../shared/storage/people';
import type { CodeSpend, VerificationStore } from '../../shared/storage/verifications';

export const MAX_BODY_BYTES = 8 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,64}$/;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** Retries after losing a race on the person or the generated id; beyond that the client retries (503). */
const MAX_ATTEMPTS = 10;
/** A short random pause before trying again, longer each time, so racing requests fall out of step. */
const backOff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));

export interface IntakeDeps {
  /** Counted per (ID number, client address) on each new application. @default ID_APPLICATION_LIMITS */
  idLimits?: readonly LimitRule[];
  store: ApplicationStore;
  people: PersonStore;
  verifications: VerificationStore;
  queue: ReviewQueue;
  notifications: NotificationQueue;
  hashKey: HashKeySource;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
}

interface Answer {
  applicationId: string;
  submittedAt: string;
  status: ApplicationStatus;
}

const accepted = (answer: Answer, hasher: Hasher): HttpResult =>
  json(
    202,
    {
      applicationId: answer.applicationId,
      status: answer.status,
      statusToken: hasher.statusToken(answer.applicationId),
      submittedAt: answer.submittedAt,
    } satisfies Accepted,
    { location: `/api/applications/${answer.applicationId}` },
  );

const idempotencyKeyOf = (event: HttpEvent): string | undefined => {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw new InvalidIdempotencyKey();
  return key;
};

export const createIntakeHandler = (deps: IntakeDeps) => {
  const now = deps.now ?? (() => new Date());
  const getHasher = lazyHasher(deps.hashKey);

  /** 400 at the code field when it cannot be used; a wrong code counts as one of its tries. */
  const checkCode = async (code: Omit<CodeSpend, 'applicationId'>) => {
    const record = await deps.verifications.get(code.verificationId);
    const problem = codeProblem(record, code, code.at);
    if (problem === 'verificationCode.wrong')
      await deps.verifications.recordWrongAttempt(code.verificationId);
    if (problem) throw new ValidationFailed({ verificationCode: problem });
  };

  const submitApplication = async (event: HttpEvent): Promise<HttpResult> => {
    const input = event.input as ApplicationInput;
    const hashes = await getHasher();
    const idempotencyKey = idempotencyKeyOf(event);
    const inputMac = hashes.inputFingerprint(input);
    const replay = (existing: IdempotencyRecord): HttpResult => {
      if (existing.inputMac !== inputMac) throw new IdempotencyKeyReused();
      return accepted(existing, hashes);
    };
    if (idempotencyKey) {
      const existing = await deps.store.getIdempotency(idempotencyKey, now());
      if (existing) return replay(existing);
    }

    const idHash = hashes.idHash(input.idNumber);
    const phoneHash = hashes.phoneHash(input.phone);
    const code = {
      verificationId: input.verificationId,
      phoneHash,
      codeHash: hashes.verificationCodeHash(input.verificationId, input.verificationCode),
      at: now(),
    };
    try {
      await checkCode(code);
    } catch (error) {
      // A concurrent retry of this very request may have spent the code since the claim was read: its
      // answer is this one's too.
      const winner = idempotencyKey && (await deps.store.getIdempotency(idempotencyKey, now()));
      if (winner) return replay(winner);
      throw error;
    }
    const claim = (answer: Answer): IdempotencyClaim | undefined =>
      idempotencyKey
        ? {
            key: idempotencyKey,
            inputMac,
            ...answer,
            expiresAtEpochSeconds: Math.floor(code.at.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
          }
        : undefined;

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const person = await deps.people.get(idHash);
      const match = matchPerson(person, phoneHash);
      try {
        if (match.kind === 'same') {
          const existing = await deps.store.get(match.applicationId);
          if (existing) {
            const answer = {
              applicationId: existing.applicationId,
              submittedAt: existing.submittedAt,
              status: existing.status,
            };
            await deps.store.recordRepeat({ ...code, applicationId: existing.applicationId }, claim(answer));
            if (match.memberId) await tellAlreadyMember(match.memberId, input.verificationId);
            count(deps.metrics, METRIC.applicationRepeated);
            deps.logger.info('same person applied again', { applicationId: existing.applicationId });
            return accepted(answer, hashes);
          }
        }

        const at = now();
        const applicationId = newApplicationId(at, randomBytes(8));
        const locale = input.locale ?? resolveLocale(event.headers?.['accept-language']);
        const record = newApplicationRecord(
          input,
          { applicationId, now: at, consentVersion: CONSENT_VERSION, locale },
          { idHash, phoneHash, statusTokenHash: hashStatusToken(hashes.statusToken(applicationId)) },
          { idNumberMasked: maskIdNumber(input.idNumber), phoneMasked: maskPhone(input.phone) },
        );
        const answer = { applicationId, submittedAt: record.submittedAt, status: record.status };
        await deps.store.create(
          record,
          { read: person, next: { ...person, open: { ...person.open, [applicationId]: phoneHash } } },
          { ...code, applicationId },
          claim(answer),
          {
            rules: deps.idLimits ?? ID_APPLICATION_LIMITS,
            subject: `${idHash}.${hashes.addressHash(clientAddress(event))}`,
          },
        );
        await enqueue(applicationId, record.phoneMasked);
        count(deps.metrics, METRIC.applicationAccepted);
        deps.logger.info('application accepted', {
          applicationId,
          trade: record.trade,
          county: record.county,
          phoneMasked: record.phoneMasked,
        });
        return accepted(answer, hashes);
      } catch (error) {
        // A concurrent retry of this very request (same Idempotency-Key) may be what got in first, in
        // which case its answer is this one's too, whichever item the race was lost on.
        const racing =
          error instanceof PersonChanged ||
          error instanceof IdempotencyRace ||
          error instanceof CodeNotSpendable;
        if (racing && idempotencyKey) {
          const winner = await deps.store.getIdempotency(idempotencyKey, now());
          if (winner) return replay(winner);
        }
        if (error instanceof PersonChanged || error instanceof ApplicationIdTaken) {
          await backOff(attempt);
          continue;
        }
        if (error instanceof CodeNotSpendable) {
          await checkCode({ ...code, at: now() });
          throw new ValidationFailed({ verificationCode: 'verificationCode.spent' });
        }
        throw error;
      }
    }
    throw new ServiceUnavailable(1, { cause: new PersonChanged('the person kept changing') });
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

  /** A member applying again hears their member number by SMS; the answer does not wait for it. */
  const tellAlreadyMember = async (memberId: string, verificationId: string) => {
    try {
      await deps.notifications.send({
        template: 'alreadyMember',
        recipient: { memberId },
        params: { memberId },
        dedupeKey: `alreadyMember:${verificationId}`,
      });
    } catch (error) {
      deps.logger.warn('could not queue the already-a-member SMS', {
        memberId,
        errorName: error instanceof Error ? error.name : 'unknown',
      });
    }
  };

  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(limitBodySize(MAX_BODY_BYTES))
    .use(parseJsonBody())
    .use(validateBody((body) => validateApplication(body, now)))
    .handler(submitApplication);
};
