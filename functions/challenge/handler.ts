import { altchaMaxNumber } from '../../shared/domain/altcha';
import { hashKeyFromEnv } from '../../shared/runtime/hash-key';
import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { ENV } from '../../shared/runtime-wiring';
import { createChallengeHandler } from './challenge';

const logger = createLogger('challenge');

export const handler = createChallengeHandler({
  hashKey: hashKeyFromEnv(),
  maxNumber: altchaMaxNumber(process.env[ENV.altchaMaxNumber]),
  logger,
  metrics: createMetrics('challenge', logger),
});
