import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Events are never logged whole (they carry personal data); handlers log
 * only ids, codes and masked values.
 */
export const createLogger = (serviceName: string): Logger => new Logger({ serviceName });
