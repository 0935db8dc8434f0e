/**
 * Grassroots unions (shared/domain/union.ts) in the table: the union records and each county's directory
 * under `UNIONS`, a union's members under `UNION#<unionId>`, its member count with the other counters.
 * Placement happens in the approval transaction (shared/storage/decisions.ts, with `placementItems`);
 * transfers and leaving are here, each one transaction.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { beijingDate } from '../domain/beijing-time';
import type { Caller } from '../domain/caller';
import {
  ChangedMeanwhile,
  MemberLeft,
  ServiceUnavailable,
  UnionSlotTaken,
  UnionUnavailable,
} from '../domain/errors';
import { listedMember, type MemberRecord } from '../domain/member';
import {
  FALLBACK_SLOT,
  fallbackUnionId,
  fallbackUnionName,
  LEFT_MEMBER_RETENTION_DAYS,
  type LeaveInput,
  type NewUnionInput,
  placeMember,
  slotOf,
  type Union,
  type UnionDirectory,
  type UnionStay,
} from '../domain/union';
import { type AuditEntry, auditPut } from './audit';
import { avoidCounterShard, counterMove, counterShard, readCounterTotals } from './counters';
import { cancellationReasons, mapStorageError } from './errors';
import {
  cellCounterSk,
  erasureIndexKeys,
  memberByPlatformKey,
  memberKey,
  PARTITIONS,
  peopleCounterSk,
  UNION_COUNTER_PREFIX,
  UNION_SK_PREFIX,
  unionCounterSk,
  unionDirectoryKey,
  unionKey,
  unionMemberKey,
  unionMembersPartition,
} from './keys';
import { queryPages } from './pagination';
import { personWriteItem, type StoredPerson } from './people';

/** A member as stored: the record, the union they are in, how they got there, and whether they left. */
export interface StoredMember extends MemberRecord {
  unionId?: string;
  unionSince?: string;
  unionHistory?: UnionStay[];
  leftAt?: string;
  leftReason?: string;
  eraseAfter?: string;
}

/** What `UNION#<unionId>` lists per member: the same masks the other listings show. */
export const unionEntry = (member: MemberRecord, unionId: string, since: string) => ({
  ...unionMemberKey(unionId, member.memberId),
  entity: 'union-member',
  unionId,
  ...listedMember(member),
  inUnionSince: since,
});

const MAX_ATTEMPTS = 6;
const RETRY = Symbol('retry');
const pause = (attempt: number) => new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));

const unionFromItem = (item: Record<string, unknown>): Union => {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as Union;
};

// biome-ignore lint/suspicious/noExplicitAny: wraps methods of any signature, keeping their types
const mappingStorageErrors = <F extends (...args: any[]) => Promise<unknown>>(method: F): F =>
  (async (...args: Parameters<F>) => {
    try {
      return await method(...args);
    } catch (error) {
      throw mapStorageError(error);
    }
  }) as F;

/**
 * A union change's transaction failed: the union itself changed (its condition, first) is 409; the
 * county's directory changed or a transaction was in the way, read again and retry.
 */
const retryOnRace = (error: unknown): typeof RETRY => {
  const reasons = cancellationReasons(error);
  if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw new ChangedMeanwhile();
  if (reasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict'))
    return RETRY;
  throw mapStorageError(error);
};

export type UnionStore = ReturnType<typeof unionStore>;

export const unionStore = (db: DynamoDBDocumentClient, tableName: string) => {
  const audit = (entry: AuditEntry, at: string) => ({ Put: auditPut(tableName, entry, at) });

  const transact = async (items: unknown[]) => {
    await db.send(new TransactWriteCommand({ TransactItems: items as never }));
  };

  /** A union's record, written once: a second union can never take an existing id. */
  const newUnionPut = (union: Union) => ({
    Put: {
      TableName: tableName,
      Item: { ...unionKey(union.unionId), entity: 'union', ...union },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });

  const getDirectory = async (county: string): Promise<UnionDirectory | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: unionDirectoryKey(county), ConsistentRead: true }),
    );
    return Item ? { county, slots: Item.slots ?? {}, version: Number(Item.version) } : undefined;
  };

  /** The county's fallback union and directory, made once (both conditional on not existing yet). */
  const ensureCounty = async (county: string, at: Date, by = 'system'): Promise<UnionDirectory> => {
    const existing = await getDirectory(county);
    if (existing) return existing;
    const when = at.toISOString();
    const unionId = fallbackUnionId(county);
    const fallback: Union = {
      unionId,
      name: fallbackUnionName(county),
      kind: 'fallback',
      county,
      setUpOn: beijingDate(when),
      status: 'active',
      createdAt: when,
      createdBy: by,
      updatedAt: when,
      updatedBy: by,
      version: 1,
    };
    try {
      await transact([
        newUnionPut(fallback),
        {
          Put: {
            TableName: tableName,
            Item: {
              ...unionDirectoryKey(county),
              entity: 'union-directory',
              county,
              slots: { [FALLBACK_SLOT]: unionId },
              version: 1,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
    } catch (error) {
      // Someone else made it first: theirs is the one. Anything else (a conflict, throttling): 503.
      if (!cancellationReasons(error)?.some((r) => r.Code === 'ConditionalCheckFailed'))
        throw mapStorageError(error);
    }
    const made = await getDirectory(county);
    if (!made) throw new ServiceUnavailable(1);
    return made;
  };

  const getUnion = async (unionId: string): Promise<Union | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: unionKey(unionId), ConsistentRead: true }),
    );
    return Item ? unionFromItem(Item) : undefined;
  };

  const getMember = async (memberId: string): Promise<StoredMember | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: memberKey(memberId), ConsistentRead: true }),
    );
    return Item ? (Item as unknown as StoredMember) : undefined;
  };

  /** A change to the directory, conditional on the version read (approvals check the same version). */
  const directoryUpdate = (
    directory: UnionDirectory,
    change: { set?: [string, string]; remove?: [string, string] },
  ) => {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':version': directory.version, ':next': directory.version + 1 };
    let expression = 'SET version = :next';
    if (change.set) {
      names['#set'] = change.set[0];
      values[':setUnion'] = change.set[1];
      expression += ', slots.#set = :setUnion';
    }
    if (change.remove) {
      names['#remove'] = change.remove[0];
      expression += ' REMOVE slots.#remove';
    }
    return {
      Update: {
        TableName: tableName,
        Key: unionDirectoryKey(directory.county),
        ConditionExpression: 'version = :version',
        UpdateExpression: expression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  };

  const withRetries = async <T>(attemptOnce: () => Promise<T | typeof RETRY>): Promise<T> => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await attemptOnce();
      if (result !== RETRY) return result as T;
      await pause(attempt);
    }
    // Lost the race every time: busy, not wrong; the caller may simply try again.
    throw new ServiceUnavailable(1);
  };

  const methods = {
    getDirectory,
    ensureCounty,
    getUnion,
    getMember,

    /** Every union, oldest id first (a city has dozens, a province a few thousand: one partition). */
    async listUnions(): Promise<Union[]> {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      try {
        do {
          const page = await db.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :union)',
              ExpressionAttributeValues: { ':pk': PARTITIONS.unions, ':union': UNION_SK_PREFIX },
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          items.push(...(page.Items ?? []));
          start = page.LastEvaluatedKey;
        } while (start);
      } catch (error) {
        throw mapStorageError(error);
      }
      return items.map(unionFromItem);
    },

    /** Members per union, from the counters (never from the members). */
    async memberCounts(): Promise<Map<string, number>> {
      const { totals } = await readCounterTotals(db, tableName, UNION_COUNTER_PREFIX);
      return new Map([...totals].map(([sk, members]) => [sk.slice(UNION_COUNTER_PREFIX.length), members]));
    },

    /** Sets up a union: its record, its slot in the county's directory (free, or 409), and the audit entry. */
    async createUnion(input: NewUnionInput, unionId: string, caller: Caller, at: Date): Promise<Union> {
      const when = at.toISOString();
      const union: Union = {
        unionId,
        ...input,
        status: 'active',
        createdAt: when,
        createdBy: caller.name,
        updatedAt: when,
        updatedBy: caller.name,
        version: 1,
      };
      const slot = slotOf(union);
      return withRetries(async () => {
        const directory = await ensureCounty(input.county, at);
        const holder = directory.slots[slot];
        if (holder) throw new UnionSlotTaken(holder);
        try {
          await transact([
            newUnionPut(union),
            directoryUpdate(directory, { set: [slot, unionId] }),
            audit(
              {
                actor: caller.name,
                actorRole: caller.role,
                action: 'union.create',
                target: unionId,
                details: {
                  county: union.county,
                  kind: union.kind,
                  ...(union.platform ? { platform: union.platform } : {}),
                  ...(union.trade ? { trade: union.trade } : {}),
                },
              },
              when,
            ),
          ]);
          return union;
        } catch (error) {
          return retryOnRace(error);
        }
      });
    },

    async renameUnion(union: Union, name: string, caller: Caller, at: Date): Promise<Union> {
      const when = at.toISOString();
      try {
        await transact([
          {
            Update: {
              TableName: tableName,
              Key: unionKey(union.unionId),
              ConditionExpression: 'version = :version',
              UpdateExpression: 'SET #name = :name, updatedAt = :at, updatedBy = :by, version = :next',
              ExpressionAttributeNames: { '#name': 'name' },
              ExpressionAttributeValues: {
                ':version': union.version,
                ':next': union.version + 1,
                ':name': name,
                ':at': when,
                ':by': caller.name,
              },
            },
          },
          audit(
            {
              actor: caller.name,
              actorRole: caller.role,
              action: 'union.change',
              target: union.unionId,
              details: { county: union.county, renamed: true },
            },
            when,
          ),
        ]);
      } catch (error) {
        if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') throw new ChangedMeanwhile();
        throw mapStorageError(error);
      }
      return { ...union, name, updatedAt: when, updatedBy: caller.name, version: union.version + 1 };
    },

    /**
     * Dissolves a union: it leaves the county's directory (so no approval places anyone in it from now
     * on) in the same transaction that marks it dissolved. Its members are then moved to the fallback
     * union by `moveMembers` (the caller's job: it may take several calls).
     */
    async dissolveUnion(union: Union, on: string, reason: string | undefined, caller: Caller, at: Date) {
      if (union.kind === 'fallback') throw new UnionUnavailable();
      if (union.status === 'dissolved') return union;
      const when = at.toISOString();
      return withRetries(async () => {
        const directory = await ensureCounty(union.county, at);
        const slot = slotOf(union);
        const holdsSlot = directory.slots[slot] === union.unionId;
        try {
          await transact([
            {
              Update: {
                TableName: tableName,
                Key: unionKey(union.unionId),
                ConditionExpression: 'version = :version AND #status = :active',
                UpdateExpression:
                  'SET #status = :dissolved, dissolvedOn = :on, updatedAt = :at, updatedBy = :by, version = :next',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':version': union.version,
                  ':next': union.version + 1,
                  ':active': 'active',
                  ':dissolved': 'dissolved',
                  ':on': on,
                  ':at': when,
                  ':by': caller.name,
                },
              },
            },
            ...(holdsSlot ? [directoryUpdate(directory, { remove: [slot, union.unionId] })] : []),
            audit(
              {
                actor: caller.name,
                actorRole: caller.role,
                action: 'union.dissolve',
                target: union.unionId,
                details: { county: union.county, dissolvedOn: on, ...(reason ? { reason } : {}) },
              },
              when,
            ),
          ]);
          return {
            ...union,
            status: 'dissolved' as const,
            dissolvedOn: on,
            updatedAt: when,
            updatedBy: caller.name,
            version: union.version + 1,
          };
        } catch (error) {
          return retryOnRace(error);
        }
      });
    },

    /** A page of a union's members (newest member id last). */
    listMembers(unionId: string, limit: number, cursor?: string) {
      return queryPages<Record<string, unknown>>(
        db,
        [
          {
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': unionMembersPartition(unionId) },
            ConsistentRead: true,
          },
        ],
        limit,
        cursor,
      );
    },

    /**
     * Moves one member from the union they are in to `to`, in one transaction conditional on them still
     * being in `from` and not having left, and on `to` being active in their county. Returns false when
     * they were not in `from` any more (moved already: a retried bulk transfer skips them).
     */
    async transferMember(
      member: StoredMember,
      to: Union,
      stay: Omit<UnionStay, 'unionId' | 'since'>,
      caller: Caller,
      at: Date,
      withAudit: boolean,
    ): Promise<boolean> {
      if (member.leftAt) throw new MemberLeft();
      const from = member.unionId;
      if (!from) throw new ChangedMeanwhile();
      if (from === to.unionId) return false;
      const when = at.toISOString();
      const next: UnionStay = { unionId: to.unionId, since: when, ...stay };
      const shard = counterShard();
      const items = [
        {
          Update: {
            TableName: tableName,
            Key: memberKey(member.memberId),
            ConditionExpression: 'unionId = :from AND attribute_not_exists(leftAt)',
            UpdateExpression:
              'SET unionId = :to, unionSince = :at, unionHistory = list_append(if_not_exists(unionHistory, :none), :stay)',
            ExpressionAttributeValues: {
              ':from': from,
              ':to': to.unionId,
              ':at': when,
              ':none': [],
              ':stay': [next],
            },
          },
        },
        {
          ConditionCheck: {
            TableName: tableName,
            Key: unionKey(to.unionId),
            ConditionExpression: '#status = :active AND county = :county',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active', ':county': member.county },
          },
        },
        { Delete: { TableName: tableName, Key: unionMemberKey(from, member.memberId) } },
        { Put: { TableName: tableName, Item: unionEntry(member, to.unionId, when) } },
        counterMove(tableName, unionCounterSk(from), shard, -1, when),
        counterMove(tableName, unionCounterSk(to.unionId), shard, 1, when),
        ...(withAudit
          ? [
              audit(
                {
                  actor: caller.name,
                  actorRole: caller.role,
                  action: 'member.transfer',
                  target: member.memberId,
                  details: { county: member.county, from, to: to.unionId, how: stay.how },
                },
                when,
              ),
            ]
          : []),
      ];
      try {
        await transact(items);
        return true;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons?.some((r) => r.Code === 'TransactionConflict')) avoidCounterShard(shard);
        if (reasons?.[1]?.Code === 'ConditionalCheckFailed') throw new UnionUnavailable();
        if (reasons?.[0]?.Code === 'ConditionalCheckFailed') {
          const now = await getMember(member.memberId);
          if (now?.leftAt) throw new MemberLeft();
          return false;
        }
        throw mapStorageError(error);
      }
    },

    /**
     * After an approval's commit: when a union was set up or dissolved in the county between the
     * approval's read of the directory and now, the member moves to the union that covers them by the
     * directory as it is now. Members approved after a union is set up land in it; members approved
     * while a union is dissolved leave it, whichever of the two commits first. Returns the member's union.
     */
    async settlePlacement(member: StoredMember, caller: Caller, at: Date): Promise<string | undefined> {
      let current: StoredMember | undefined = member;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS && current?.unionId && !current.leftAt; attempt++) {
        const directory = await getDirectory(current.county);
        const target = (directory && placeMember(directory, current)) ?? fallbackUnionId(current.county);
        if (target === current.unionId) return target;
        const to = await getUnion(target);
        try {
          if (
            to &&
            (await methods.transferMember(
              current,
              to,
              { how: 'placement', by: caller.name },
              caller,
              at,
              false,
            ))
          )
            return target;
        } catch (error) {
          // The union was dissolved after the directory was read: read the directory again.
          if (!(error instanceof UnionUnavailable)) throw error;
        }
        current = await getMember(current.memberId);
        await pause(attempt);
      }
      return current?.unionId;
    },

    /**
     * 退会: one transaction marks the member as left (listed for erasure after the retention period, off
     * the county listing and the phone index), frees their ID number (the person item), removes their
     * listings and union entry, moves every counter back, and writes the audit entry.
     */
    async leave(
      member: StoredMember,
      person: StoredPerson,
      input: LeaveInput,
      caller: Caller,
      at: Date,
    ): Promise<{ leftAt: string; eraseAfter: string }> {
      if (member.leftAt) throw new MemberLeft();
      const when = at.toISOString();
      const eraseAfter = new Date(at.getTime() + LEFT_MEMBER_RETENTION_DAYS * 86_400_000).toISOString();
      const { memberId, trade, county, platforms, unionId } = member;
      const ownsPerson = person.stored && person.memberId === memberId;
      const shard = counterShard();
      const items = [
        {
          Update: {
            TableName: tableName,
            Key: memberKey(memberId),
            ConditionExpression: `attribute_not_exists(leftAt) AND ${unionId ? 'unionId = :union' : 'attribute_not_exists(unionId)'}`,
            UpdateExpression: `SET leftAt = :at, leftReason = :reason, leftBy = :by, eraseAfter = :erase, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk${input.note ? ', leftNote = :note' : ''} REMOVE gsi2pk, gsi2sk, phoneHash`,
            ExpressionAttributeValues: {
              ':at': when,
              ':reason': input.reason,
              ':by': caller.name,
              ':erase': eraseAfter,
              ...(unionId ? { ':union': unionId } : {}),
              ...(input.note ? { ':note': input.note } : {}),
              ...Object.fromEntries(
                Object.entries(erasureIndexKeys(eraseAfter, memberId)).map(([k, v]) => [`:${k}`, v]),
              ),
            },
          },
        },
        ...(ownsPerson
          ? [
              personWriteItem(
                tableName,
                person,
                { idHash: person.idHash, version: person.version, open: person.open },
                when,
              ),
            ]
          : []),
        ...platforms.map((platform) => ({
          Delete: {
            TableName: tableName,
            Key: memberByPlatformKey(trade, platform, county, member.joinedAt, memberId),
          },
        })),
        ...platforms.map((platform) =>
          counterMove(tableName, cellCounterSk(trade, platform, county), shard, -1, when),
        ),
        counterMove(tableName, peopleCounterSk(trade, county), shard, -1, when),
        ...(unionId
          ? [
              { Delete: { TableName: tableName, Key: unionMemberKey(unionId, memberId) } },
              counterMove(tableName, unionCounterSk(unionId), shard, -1, when),
            ]
          : []),
        audit(
          {
            actor: caller.name,
            actorRole: caller.role,
            action: 'member.leave',
            target: memberId,
            details: {
              county,
              trade,
              platforms,
              reason: input.reason,
              joinedAt: member.joinedAt,
              ...(unionId ? { unionId } : {}),
            },
          },
          when,
        ),
      ];
      try {
        await transact(items);
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons?.some((r) => r.Code === 'TransactionConflict')) avoidCounterShard(shard);
        if (reasons?.[0]?.Code === 'ConditionalCheckFailed') {
          const now = await getMember(memberId);
          if (now?.leftAt) throw new MemberLeft();
          throw new ChangedMeanwhile();
        }
        // The person changed meanwhile (an application of theirs, a decision): read again and redo it.
        if (reasons?.some((r) => r.Code === 'ConditionalCheckFailed')) throw new ChangedMeanwhile();
        throw mapStorageError(error);
      }
      return { leftAt: when, eraseAfter };
    },
  };
  // Throttling and conflicts the SDK could not retry away become 503s, wherever they happen.
  return Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [name, mappingStorageErrors(method)]),
  ) as typeof methods;
};

/**
 * The approval's part in placement: the member's union by the county's directory as read, the union's
 * listing entry and its counter (in `shard`). The directory is not checked at commit: every approval in a
 * county would name that one item, and concurrent transactions naming the same item refuse each other.
 * The approval reads the directory again after its commit instead (shared/storage/decisions.ts).
 */
export const placementItems = (
  tableName: string,
  directory: UnionDirectory,
  member: MemberRecord,
  at: string,
  shard: number,
): { unionId: string; items: unknown[] } => {
  const unionId = placeMember(directory, member) ?? fallbackUnionId(member.county);
  return {
    unionId,
    items: [
      { Put: { TableName: tableName, Item: unionEntry(member, unionId, at) } },
      counterMove(tableName, unionCounterSk(unionId), shard, 1, at),
    ],
  };
};
