/** Audit entries (docs/architecture.md §7): who did what, when. Written only by Put, each under a new random id. */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mapStorageError } from './errors';
import { auditKey, auditPartition } from './keys';
import { queryPages } from './pagination';

export const AUDIT_ACTIONS = [
  'decision.approve',
  'decision.reject',
  'application.view',
  'application.contact',
  'members.list',
  'members.export',
  'staff.add',
  'staff.change',
  'staff.invite',
  'staff.redeem',
  'union.create',
  'union.change',
  'union.dissolve',
  'union.bulk_transfer',
  'member.view',
  'member.transfer',
  'member.leave',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  actor: string;
  actorRole: string;
  action: AuditAction;
  target?: string;
  details?: Record<string, string | number | boolean | string[]>;
}

/** The Put of one audit entry (alone, or as one item of a transaction). */
export const auditPut = (tableName: string, entry: AuditEntry, at: string) => ({
  TableName: tableName,
  Item: { ...auditKey(at, randomUUID()), entity: 'audit', at, ...entry },
});

/** The audit trail read and written on its own: an entry alone (a view), and the entries of some days, newest first. */
/** All the audit function is given of the table: it needs nothing else of the review store. */
export type AuditLog = ReturnType<typeof auditLog>;

export const auditLog = (db: DynamoDBDocumentClient, tableName: string) => ({
  async recordView(entry: AuditEntry, at: Date): Promise<void> {
    try {
      await db.send(new PutCommand(auditPut(tableName, entry, at.toISOString())));
    } catch (error) {
      throw mapStorageError(error);
    }
  },

  async listAudit(days: string[], limit: number, cursor?: string) {
    const partitions = days.map((day) => ({
      TableName: tableName,
      KeyConditionExpression: 'pk = :partition',
      ExpressionAttributeValues: { ':partition': auditPartition(day) },
      ScanIndexForward: false,
    }));
    return queryPages<Record<string, unknown>>(db, partitions, limit, cursor);
  },
});
