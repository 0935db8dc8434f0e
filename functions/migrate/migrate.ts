/** Runs the data migrations (shared/storage/migrations.ts): invoked by a CDK trigger on each deployment. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type MigrationReport, runMigrations } from '../../shared/storage/migrations';

export interface MigrateDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  logger: Logger;
}

export const createMigrateHandler =
  (deps: MigrateDeps) => async (): Promise<{ migrations: MigrationReport[] }> => {
    const migrations = await runMigrations(deps.db, deps.tableName);
    for (const report of migrations) deps.logger.info('migration', { ...report });
    return { migrations };
  };
