/**
 * What a coverage report reads and where it is kept. Reads are the counters (summed over their shards), the period's decisions
 * (from the audit trail, by day) and the backlog: their number does not depend on how many members
 * there are. `itemsRead` is reported so the benchmark can show it.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
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
  LeaveEvent,
  PendingApplication,
  PeopleCount,
} from '../domain/report';
import { type ReportKind, utcDaysBetween } from '../domain/report-period';
import type { UnionCount } from '../domain/union-report';
import { readCounterTotals } from './counters';
import { mapStorageError } from './errors';
import {
  auditPartition,
  INDEX_PARTITIONS,
  PARTITIONS,
  reportIndexKeys,
  reportKey,
  statusPartition,
  UNION_COUNTER_PREFIX,
  UNION_SK_PREFIX,
} from './keys';

export interface ReportReads {
  cells: CellCount[];
  people: PeopleCount[];
  decisions: DecisionEvent[];
  laterApprovals: DecisionEvent[];
  leaves: LeaveEvent[];
  laterLeaves: LeaveEvent[];
  pending: PendingApplication[];
  /** Every union with its member counter. */
  unions: UnionCount[];
  itemsRead: number;
}

export interface ReportSummary {
  reportId: string;
  kind: ReportKind;
  periodStart: string;
  periodEnd: string;
  generatedAt: string;
}

export type ReportStore = ReturnType<typeof reportStore>;

/**
 * A report is stored gzipped in its item: DynamoDB caps an item at 400 KB, and a province's report (100
 * counties, thousands of cells) is about half that as JSON, but compresses about tenfold, its cells being
 * the same few keys over and over. (DynamoDB's guide suggests it for large attributes.)
 */
const packReport = (report: CoverageReport): Uint8Array => gzipSync(JSON.stringify(report));

/** A stored report: gzipped (`reportGzip`), or as a map (`report`, as reports were stored before). */
const unpackReport = (item: Record<string, unknown>): CoverageReport | undefined => {
  if (item.reportGzip instanceof Uint8Array)
    return JSON.parse(gunzipSync(item.reportGzip).toString('utf8')) as CoverageReport;
  return item.report as CoverageReport | undefined;
};

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

  /** The period's decisions and leaves, from the audit trail (one partition per day). */
  const eventsBetween = async (
    start: string,
    end: string,
  ): Promise<{ decisions: DecisionEvent[]; leaves: LeaveEvent[] }> => {
    const days = utcDaysBetween(start, end);
    const perDay = await Promise.all(
      days.map((day) =>
        queryAll({
          TableName: tableName,
          KeyConditionExpression: 'pk = :day AND sk BETWEEN :from AND :to',
          FilterExpression: '#action IN (:approve, :reject, :leave)',
          ExpressionAttributeNames: { '#action': 'action' },
          ExpressionAttributeValues: {
            ':day': auditPartition(day),
            ':from': start,
            ':to': `${end}`,
            ':approve': 'decision.approve',
            ':reject': 'decision.reject',
            ':leave': 'member.leave',
          },
        }),
      ),
    );
    const entries = perDay.flat().filter((entry) => String(entry.at) >= start && String(entry.at) < end);
    const leaves = entries
      .filter((entry) => entry.action === 'member.leave')
      .map((entry) => {
        const details = (entry.details ?? {}) as Record<string, unknown>;
        return {
          at: String(entry.at),
          trade: String(details.trade),
          platforms: (details.platforms as string[] | undefined) ?? [],
          county: String(details.county),
        };
      });
    const decisions = entries
      .filter((entry) => entry.action !== 'member.leave')
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
        } satisfies DecisionEvent;
      });
    return { decisions, leaves };
  };

  return {
    /** Everything a report for [start, end) needs, read at `now`. */
    async readForPeriod(start: string, end: string, now: Date): Promise<ReportReads> {
      itemsRead = 0;
      const [counters, inPeriod, later, pending, unionItems] = await Promise.all([
        readCounterTotals(db, tableName),
        eventsBetween(start, end),
        end < now.toISOString()
          ? eventsBetween(end, now.toISOString())
          : Promise.resolve({ decisions: [], leaves: [] }),
        queryAll({
          TableName: tableName,
          IndexName: 'byStatus',
          KeyConditionExpression: 'gsi1pk = :pending',
          ExpressionAttributeValues: { ':pending': statusPartition('pending_review') },
          ProjectionExpression: 'trade, platforms, county',
        }),
        queryAll({
          TableName: tableName,
          KeyConditionExpression: 'pk = :unions AND begins_with(sk, :union)',
          ExpressionAttributeValues: { ':unions': PARTITIONS.unions, ':union': UNION_SK_PREFIX },
        }),
      ]);
      const cells: CellCount[] = [];
      const people: PeopleCount[] = [];
      const unionMembers = new Map<string, number>();
      itemsRead += counters.itemsRead;
      for (const [sk, members] of counters.totals) {
        const [kind, trade = '', second = '', third = ''] = sk.split('#');
        if (kind === 'CELL') cells.push({ trade, platform: second, county: third, members });
        if (kind === 'PEOPLE') people.push({ trade, county: second, members });
        if (sk.startsWith(UNION_COUNTER_PREFIX))
          unionMembers.set(sk.slice(UNION_COUNTER_PREFIX.length), members);
      }
      const unions: UnionCount[] = unionItems.map((u) => ({
        unionId: String(u.unionId),
        name: String(u.name),
        kind: u.kind as UnionCount['kind'],
        county: String(u.county),
        ...(u.platform ? { platform: String(u.platform) } : {}),
        ...(u.trade ? { trade: String(u.trade) } : {}),
        status: u.status as UnionCount['status'],
        setUpOn: String(u.setUpOn),
        ...(u.dissolvedOn ? { dissolvedOn: String(u.dissolvedOn) } : {}),
        members: unionMembers.get(String(u.unionId)) ?? 0,
      }));
      return {
        cells,
        people,
        decisions: inPeriod.decisions,
        laterApprovals: later.decisions.filter((d) => d.action === 'approve'),
        leaves: inPeriod.leaves,
        laterLeaves: later.leaves,
        unions,
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
              reportGzip: packReport(report),
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
        return Item ? unpackReport(Item) : undefined;
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
