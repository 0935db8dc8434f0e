/** The members listing: members in the caller's counties, filtered by trade and platform, paged. */
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { catalog } from '../catalog/index';
import { countyMembersPartition, tradePlatformPartition } from './keys';
import { queryPages } from './pagination';
import { type Condition, inList, withConditions, workConditions } from './query-filters';

export interface MemberFilters {
  counties: '*' | string[];
  trade?: string;
  platform?: string;
  limit: number;
  cursor?: string;
}

const ALL_COUNTIES = catalog.counties.map((c) => c.code);

export const memberListing = (db: DynamoDBDocumentClient, tableName: string) => ({
  /** Members in scope, by (trade, platform) partition when both are given, else by county partitions. */
  async listMembers(filters: MemberFilters) {
    const counties = filters.counties === '*' ? ALL_COUNTIES : filters.counties;
    if (counties.length === 0) return { items: [], nextCursor: null };
    if (filters.trade && filters.platform) {
      const conditions: Condition[] = [];
      const single = counties.length === 1 ? counties[0] : undefined;
      if (!single && filters.counties !== '*') conditions.push(inList('county', counties));
      const partition: QueryCommandInput = {
        TableName: tableName,
        KeyConditionExpression: single ? 'pk = :partition AND begins_with(sk, :county)' : 'pk = :partition',
        ExpressionAttributeValues: {
          ':partition': tradePlatformPartition(filters.trade, filters.platform),
          ...(single ? { ':county': `${single}#` } : {}),
        },
      };
      return queryPages<Record<string, unknown>>(
        db,
        [withConditions(partition, conditions)],
        filters.limit,
        filters.cursor,
      );
    }
    const conditions = workConditions(filters);
    const partitions = counties.map((county) =>
      withConditions(
        {
          TableName: tableName,
          IndexName: 'byCounty',
          KeyConditionExpression: 'gsi2pk = :partition',
          ExpressionAttributeValues: { ':partition': countyMembersPartition(county) },
        },
        conditions,
      ),
    );
    return queryPages<Record<string, unknown>>(db, partitions, filters.limit, filters.cursor);
  },
});
