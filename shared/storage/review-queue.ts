/** The review queue: applications of one status in the caller's counties, filtered by trade and platform, paged. */
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ApplicationRecord, ApplicationStatus } from '../domain/application';
import { countyApplicationsPartition, statusPartition } from './keys';
import { queryPages } from './pagination';
import { inList, withConditions, workConditions } from './query-filters';

export interface ApplicationFilters {
  status: ApplicationStatus;
  counties: '*' | string[];
  trade?: string;
  platform?: string;
  limit: number;
  cursor?: string;
}

export const reviewQueue = (db: DynamoDBDocumentClient, tableName: string) => ({
  /** Oldest first. One county: its own partition; several or all: the status partition, filtered. */
  async listApplications(filters: ApplicationFilters) {
    const conditions = workConditions(filters);
    let partition: QueryCommandInput;
    if (filters.counties !== '*' && filters.counties.length === 1) {
      partition = {
        TableName: tableName,
        IndexName: 'byCounty',
        KeyConditionExpression: 'gsi2pk = :partition',
        ExpressionAttributeValues: {
          ':partition': countyApplicationsPartition(filters.counties[0] as string, filters.status),
        },
      };
    } else {
      if (filters.counties !== '*') conditions.push(inList('county', filters.counties));
      partition = {
        TableName: tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :partition',
        ExpressionAttributeValues: { ':partition': statusPartition(filters.status) },
      };
    }
    if (filters.counties !== '*' && filters.counties.length === 0) return { items: [], nextCursor: null };
    return queryPages<ApplicationRecord>(
      db,
      [withConditions(partition, conditions)],
      filters.limit,
      filters.cursor,
    );
  },
});
