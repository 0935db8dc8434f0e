import { addressCodeLimits, phoneCodeLimits } from '../../shared/domain/limits';
import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { hashKeyFromEnv } from '../../shared/runtime/hash-key';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { ENV } from '../../shared/runtime-wiring';
import { smsSenderFromEnv } from '../../shared/sms/config';
import { challengeStore } from '../../shared/storage/challenges';
import { limitStore } from '../../shared/storage/limits';
import { verificationStore } from '../../shared/storage/verifications';
import { createVerificationHandler } from './verification';

const env = requireEnv(ENV.tableName);
const db = documentClient();

const logger = createLogger('verification');

export const handler = createVerificationHandler({
  verifications: verificationStore(db, env[ENV.tableName]),
  limits: limitStore(db, env[ENV.tableName]),
  phoneLimits: phoneCodeLimits(process.env),
  addressLimits: addressCodeLimits(process.env),
  sms: smsSenderFromEnv(),
  hashKey: hashKeyFromEnv(),
  challenges: challengeStore(env[ENV.tableName]),
  logger,
  metrics: createMetrics('verification', logger),
});
