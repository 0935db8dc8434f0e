/**
 * The staff roster on the single table (shared/domain/staff.ts): one small `STAFF` partition of entries
 * and open invitations. Every change is one transaction with its audit entry, conditional on the
 * version read. Receives its DocumentClient.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { beijingDayStart } from '../domain/beijing-time';
import type { StaffDigest } from '../domain/digest';
import { ChangedMeanwhile, ValidationFailed } from '../domain/errors';
import {
  type Invitation,
  newStaffEntry,
  type StaffChange,
  type StaffEntry,
  type StaffIdentity,
  staffIdOf,
} from '../domain/staff';
import { TABLE } from '../runtime-wiring';
import { type AuditEntry, auditPut } from './audit';
import { cancellationReasons, mapStorageError } from './errors';
import { invitationKey, PARTITIONS, STAFF_ENTRY_PREFIX, staffDigestKey, staffKey } from './keys';

type Item = Record<string, unknown>;

const entryFrom = (item: Item): StaffEntry => ({
  staffId: String(item.staffId),
  issuer: String(item.issuer),
  subject: String(item.subject),
  displayName: String(item.displayName),
  role: item.role === 'admin' ? 'admin' : 'reviewer',
  counties: item.counties === '*' ? '*' : ((item.counties as string[] | undefined) ?? []),
  active: item.active === true,
  createdAt: String(item.createdAt),
  updatedAt: String(item.updatedAt),
  updatedBy: String(item.updatedBy),
  version: Number(item.version ?? 1),
  ...(typeof item.contact === 'string' ? { contact: item.contact } : {}),
});

const entryItem = (tableName: string, entry: StaffEntry) => ({
  TableName: tableName,
  Item: { ...staffKey(entry.staffId), entity: 'staff', ...entry },
});

export type RosterStore = ReturnType<typeof rosterStore>;

export const rosterStore = (db: DynamoDBDocumentClient, tableName: string) => {
  /** The transaction's failure, or undefined when it was written. */
  const write = async (items: unknown[]): Promise<unknown> => {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items as never }));
      return undefined;
    } catch (error) {
      return error;
    }
  };

  return {
    async get(identity: StaffIdentity): Promise<StaffEntry | undefined> {
      try {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: staffKey(staffIdOf(identity)), ConsistentRead: true }),
        );
        return Item?.entity === 'staff' ? entryFrom(Item) : undefined;
      } catch (error) {
        throw mapStorageError(error);
      }
    },

    /** Every entry (a city's staff is dozens; every page is followed all the same). */
    async list(): Promise<StaffEntry[]> {
      const entries: StaffEntry[] = [];
      try {
        for await (const page of paginateQuery(
          { client: db },
          {
            TableName: tableName,
            KeyConditionExpression: 'pk = :staff AND begins_with(sk, :entry)',
            ExpressionAttributeValues: { ':staff': PARTITIONS.staff, ':entry': STAFF_ENTRY_PREFIX },
            ConsistentRead: true,
          },
        )) {
          for (const item of page.Items ?? []) entries.push(entryFrom(item));
        }
      } catch (error) {
        throw mapStorageError(error);
      }
      return entries;
    },

    /** The working-day digest of one member of staff; each replaces the one before (kept 7 days). */
    async saveDigest(staffId: string, digest: StaffDigest): Promise<void> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...staffDigestKey(staffId),
              entity: 'staff-digest',
              digest,
              [TABLE.ttlAttribute]: Math.floor(beijingDayStart(digest.date).getTime() / 1000) + 7 * 86400,
            },
          }),
        );
      } catch (error) {
        throw mapStorageError(error);
      }
    },

    async digestOf(staffId: string): Promise<StaffDigest | undefined> {
      try {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: staffDigestKey(staffId), ConsistentRead: true }),
        );
        return Item?.entity === 'staff-digest' ? (Item.digest as StaffDigest) : undefined;
      } catch (error) {
        throw mapStorageError(error);
      }
    },

    /** A new entry; `undefined` when the identity is already on the roster. */
    async add(entry: StaffEntry, audit: AuditEntry): Promise<StaffEntry | undefined> {
      const error = await write([
        { Put: { ...entryItem(tableName, entry), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: auditPut(tableName, audit, entry.createdAt) },
      ]);
      if (!error) return entry;
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') return undefined;
      throw mapStorageError(error);
    },

    /** Changes an entry read at `read.version`; StaffChanged when someone changed it meanwhile. */
    async change(read: StaffEntry, change: StaffChange, by: string, at: string, audit: AuditEntry) {
      const role = change.role ?? read.role;
      const { contact, ...rest } = change;
      const { contact: _previous, ...kept } = read;
      const nextContact = contact === undefined ? read.contact : (contact ?? undefined);
      const next: StaffEntry = {
        ...kept,
        ...rest,
        ...(nextContact ? { contact: nextContact } : {}),
        role,
        counties: role === 'admin' ? '*' : (change.counties ?? read.counties),
        updatedAt: at,
        updatedBy: by,
        version: read.version + 1,
      };
      const error = await write([
        {
          Put: {
            ...entryItem(tableName, next),
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': read.version },
          },
        },
        { Put: auditPut(tableName, audit, at) },
      ]);
      if (!error) return next;
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') throw new ChangedMeanwhile();
      throw mapStorageError(error);
    },

    async invite(codeHash: string, invitation: Invitation, at: Date, expiresAt: Date, audit: AuditEntry) {
      const error = await write([
        {
          Put: {
            TableName: tableName,
            Item: {
              ...invitationKey(codeHash),
              entity: 'invitation',
              ...invitation,
              expiresAtIso: expiresAt.toISOString(),
              [TABLE.ttlAttribute]: Math.floor(expiresAt.getTime() / 1000),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: auditPut(tableName, audit, at.toISOString()) },
      ]);
      if (error) throw mapStorageError(error);
    },

    /**
     * The invitation's entry for `identity`, once: the invitation is deleted in the transaction that
     * adds the entry. ValidationFailed when it is unknown, used or expired, or the identity is on the roster.
     */
    async redeem(
      codeHash: string,
      identity: StaffIdentity,
      displayName: string | undefined,
      at: Date,
      auditFor: (entry: StaffEntry) => AuditEntry,
    ): Promise<StaffEntry> {
      let invitation: Item | undefined;
      try {
        ({ Item: invitation } = await db.send(
          new GetCommand({ TableName: tableName, Key: invitationKey(codeHash), ConsistentRead: true }),
        ));
      } catch (error) {
        throw mapStorageError(error);
      }
      if (
        invitation?.entity !== 'invitation' ||
        Date.parse(String(invitation.expiresAtIso)) <= at.getTime()
      ) {
        throw new ValidationFailed({ code: 'invitation.code' });
      }
      const entry = newStaffEntry(
        identity,
        {
          displayName: displayName ?? String(invitation.displayName),
          role: invitation.role === 'admin' ? 'admin' : 'reviewer',
          counties: (invitation.counties as '*' | string[]) ?? [],
        },
        'invitation',
        at.toISOString(),
      );
      const error = await write([
        {
          Delete: {
            TableName: tableName,
            Key: invitationKey(codeHash),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        { Put: { ...entryItem(tableName, entry), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: auditPut(tableName, auditFor(entry), entry.createdAt) },
      ]);
      if (!error) return entry;
      const reasons = cancellationReasons(error);
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed')
        throw new ValidationFailed({ code: 'invitation.code' });
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed')
        throw new ValidationFailed({ code: 'staff.already' });
      throw mapStorageError(error);
    },
  };
};
