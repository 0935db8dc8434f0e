/**
 * What a coverage report reads and where it is kept. Reads are the counters, the period's decisions
 * (from the audit trail, by day) and the backlog: their number does not depend on how many members
 * there are. `itemsRead` is reported so the benchmark can show it.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  CellCount,
  CoverageReport,
  DecisionEvent,
  PendingApplication,
  PeopleCount,
} from '../domain/report';
import { utcDaysBetween } from '../domain/report-period';
import { mapStorageError } from './errors';
import {
  auditPartition,
  COUNTERS_PARTITION,
  INDEX_PARTITIONS,
  reportIndexKeys,
  reportKey,
  statusPartition,
} from './keys';

export interface ReportReads {
  cells: CellCount[];
  people: PeopleCount[];
  decisions: DecisionEvent[];
  laterApprovals: DecisionEvent[];
  pending: PendingApplication[];
  itemsRead: number;
}

export interface ReportSummary {
  reportId: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
  generatedAt: string;
}

export type ReportStore = ReturnType<typeof reportStore>;

export const reportStore = (db: DynamoDBDocumentClient, tableName: string) => {
  let itemsRead = 0;
  const queryAll = async (input: QueryCommandInput): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    try {
      for await (const page of paginateQuery({ client: db }, input)) {
        items.push(...((page.Items ?? []) as Record<string, unknown>[]));
        itemsRead += page.ScannedCount ?? page.Items?.length ?? 0;
      }
    } catch (error) {
      throw mapStorageError(error);
    }
    return items;
  };

  const decisionsBetween = async (start: string, end: string): Promise<DecisionEvent[]> => {
    const days = utcDaysBetween(start, end);
    const perDay = await Promise.all(
      days.map((day) =>
        queryAll({
          TableName: tableName,
          KeyConditionExpression: 'pk = :day AND sk BETWEEN :from AND :to',
          FilterExpression: '#action IN (:approve, :reject)',
          ExpressionAttributeNames: { '#action': 'action' },
          ExpressionAttributeValues: {
            ':day': auditPartition(day),
            ':from': start,
            ':to': `${end}`,
            ':approve': 'decision.approve',
            ':reject': 'decision.reject',
          },
        }),
      ),
    );
    return perDay
      .flat()
      .filter((entry) => String(entry.at) >= start && String(entry.at) < end)
      .map((entry) => {
        const details = (entry.details ?? {}) as Record<string, unknown>;
        return {
          action: entry.action === 'decision.approve' ? 'approve' : 'reject',
          at: String(entry.at),
          submittedAt: String(details.submittedAt ?? entry.at),
          trade: String(details.trade),
          platforms: (details.platforms as string[] | undefined) ?? [],
          county: String(details.county),
          ...(typeof details.dueDate === 'string' ? { dueDate: details.dueDate } : {}),
          ...(typeof details.contactedAt === 'string' ? { contactedAt: details.contactedAt } : {}),
        };
      });
  };

  return {
    /** Everything a report for [start, end) needs, read at `now`. */
    async readForPeriod(start: string, end: string, now: Date): Promise<ReportReads> {
      itemsRead = 0;
      const [counters, decisions, later, pending] = await Promise.all([
        queryAll({
          TableName: tableName,
          KeyConditionExpression: 'pk = :counters',
          ExpressionAttributeValues: { ':counters': COUNTERS_PARTITION },
        }),
        decisionsBetween(start, end),
        end < now.toISOString() ? decisionsBetween(end, now.toISOString()) : Promise.resolve([]),
        queryAll({
          TableName: tableName,
          IndexName: 'byStatus',
          KeyConditionExpression: 'gsi1pk = :pending',
          ExpressionAttributeValues: { ':pending': statusPartition('pending_review') },
          ProjectionExpression: 'trade, platforms, county',
        }),
      ]);
      const cells: CellCount[] = [];
      const people: PeopleCount[] = [];
      for (const item of counters) {
        const [kind, trade = '', second = '', third = ''] = String(item.sk).split('#');
        const members = Number(item.members ?? 0);
        if (kind === 'CELL') cells.push({ trade, platform: second, county: third, members });
        if (kind === 'PEOPLE') people.push({ trade, county: second, members });
      }
      return {
        cells,
        people,
        decisions,
        laterApprovals: later.filter((d) => d.action === 'approve'),
        pending: pending.map((p) => ({
          trade: String(p.trade),
          platforms: (p.platforms as string[]) ?? [],
          county: String(p.county),
        })),
        itemsRead,
      };
    },

    async save(report: CoverageReport): Promise<void> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...reportKey(report.reportId),
              entity: 'report',
              ...reportIndexKeys(report.periodEnd, report.reportId),
              reportId: report.reportId,
              kind: report.kind,
              periodStart: report.periodStart,
              periodEnd: report.periodEnd,
              generatedAt: report.generatedAt,
              report,
            },
          }),
        );
      } catch (error) {
        throw mapStorageError(error);
      }
    },

    async get(reportId: string): Promise<CoverageReport | undefined> {
      try {
        const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: reportKey(reportId) }));
        return Item?.report as CoverageReport | undefined;
      } catch (error) {
        throw mapStorageError(error);
      }
    },

    /** Newest period first. */
    async list(): Promise<ReportSummary[]> {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :reports',
        ExpressionAttributeValues: { ':reports': INDEX_PARTITIONS.byStatus.reports },
        ScanIndexForward: false,
        ProjectionExpression: 'reportId, kind, periodStart, periodEnd, generatedAt',
      });
      return items as unknown as ReportSummary[];
    },

    /** The latest report of this kind that ended at or before `periodStart` (for the change figures). */
    async previous(kind: string, periodStart: string): Promise<CoverageReport | undefined> {
      const earlier = (await this.list()).filter((r) => r.kind === kind && r.periodEnd <= periodStart);
      return earlier[0] ? this.get(earlier[0].reportId) : undefined;
    },
  };
};
