/** Runs the data migrations (shared/storage/migrations.ts): invoked by a CDK trigger on each deployment. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import { catalog } from '../../shared/catalog/index';
import { count, METRIC } from '../../shared/runtime/metrics';
import { observe } from '../../shared/runtime/observability';
import { type MigrationReport, runMigrations } from '../../shared/storage/migrations';
import { unionStore } from '../../shared/storage/unions';

export interface MigrateDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  logger: Logger;
  metrics?: Metrics;
}

export const createMigrateHandler = (deps: MigrateDeps) => {
  const migrate = async (): Promise<{ migrations: MigrationReport[] }> => {
    const migrations = await runMigrations(deps.db, deps.tableName);
    for (const report of migrations) deps.logger.info('migration', { ...report });
    count(deps.metrics, METRIC.migrationsApplied, migrations.filter((m) => m.status === 'done').length);
    // Every county has its fallback union from the start, counties added to the catalogue included.
    const unions = unionStore(deps.db, deps.tableName);
    for (const county of catalog.counties) await unions.ensureCounty(county.code, new Date());
    return { migrations };
  };
  return middy<unknown, { migrations: MigrationReport[] }>()
    .use(observe(deps))
    .handler(() => migrate());
};
