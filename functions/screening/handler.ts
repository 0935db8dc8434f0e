import { documentClient } from '../../shared/runtime/clients';
import { requireEnv } from '../../shared/runtime/env';
import { createLogger } from '../../shared/runtime/logger';
import { applicationStore } from '../../shared/storage/applications';
import { ENV } from '../../shared/wiring';
import { createScreeningHandler } from './screening';

const env = requireEnv(ENV.tableName);
const db = documentClient();

export const handler = createScreeningHandler({
  store: applicationStore(db, env[ENV.tableName]),
  logger: createLogger('screening'),
});
