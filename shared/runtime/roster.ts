/** The staff roster for a function's requireCaller: read from the table, cached briefly per container. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cachedRoster, ROSTER_CACHE_SECONDS, type RosterReader } from '../http/auth';
import { ENV } from '../runtime-wiring';
import { rosterStore } from '../storage/staff';
import { optionalNumberEnv } from './env';

export const rosterFromEnv = (db: DynamoDBDocumentClient, tableName: string): RosterReader =>
  cachedRoster(rosterStore(db, tableName), optionalNumberEnv(ENV.rosterCacheSeconds, ROSTER_CACHE_SECONDS));
