/**
 * The local IAM check (local/table-access.ts): requests authorised as IAM authorises them against the
 * statements shared/table-grants.ts derives from the functions' grants in shared/wiring.ts.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  allows,
  authorisationsOf,
  checkTableAccess,
  enforceTableGrants,
  stringLike,
  TableAccessDenied,
} from '../../local/table-access';
import {
  applicationKey,
  auditKey,
  COUNTER_SHARDS,
  cellCounterSk,
  counterKey,
  countyApplicationsPartition,
  countyMembersPartition,
  INDEX_PARTITIONS,
  idempotencyKey,
  limitKey,
  memberByPlatformKey,
  memberKey,
  migrationKey,
  NOTIFICATIONS_SENT_PARTITION,
  PARTITIONS,
  peopleCounterSk,
  personKey,
  reportIndexKeys,
  reportKey,
  statusPartition,
  verificationKey,
} from '../../shared/storage/keys';
import { tableStatements } from '../../shared/table-grants';
import type { FunctionName } from '../../shared/wiring';

const TABLE = 'applications';
const key = (k: Record<string, string>) => marshall(k);

/** Whether the function may make the request (operation and marshalled input, as sent). */
const may = (name: FunctionName, operation: string, input: Record<string, unknown>) => {
  try {
    checkTableAccess(name, TABLE, operation, input);
    return true;
  } catch (error) {
    if (error instanceof TableAccessDenied) return false;
    throw error;
  }
};

const get = (k: Record<string, string>) => ({ TableName: TABLE, Key: key(k) });
const put = (k: Record<string, string>) => ({ TableName: TABLE, Item: key({ ...k, entity: 'x' }) });
const query = (partition: string, index?: string, attribute = index ? 'gsi1pk' : 'pk') => ({
  TableName: TABLE,
  ...(index ? { IndexName: index } : {}),
  KeyConditionExpression: `#p = :p AND begins_with(sk, :s)`,
  ExpressionAttributeNames: { '#p': attribute },
  ExpressionAttributeValues: marshall({ ':p': partition, ':s': 'x' }),
});

describe('IAM StringLike', () => {
  it.each([
    ['APPLICATION#*', 'APPLICATION#A261101-X', true],
    ['APPLICATION#*', 'APPLICATION#', true],
    ['APPLICATION#*', 'APPLICATIONS#x', false],
    ['MEMBER#*', 'MEMBERS#driver#meituan', false],
    ['MEMBERS#*', 'MEMBER#M1', false],
    ['COUNTERS', 'COUNTERS', true],
    ['COUNTERS', 'COUNTERS#x', false],
    ['COUNTERS*', 'COUNTERS', true],
    ['COUNTERS*', 'COUNTERS#7', true],
    ['COUNTERS*', 'COUNTER#7', false],
    ['STATUS#?ubmitted', 'STATUS#submitted', true],
    ['A.B*', 'AxB1', false],
    ['A(B|C)*', 'A(B|C)!', true],
    ['application#*', 'APPLICATION#1', false],
  ])('%s against %s: %s', (pattern, value, expected) => {
    expect(stringLike(pattern, value)).toBe(expected);
  });
});

describe('every key builder writes under the partition pattern its grants name', () => {
  it.each([
    [applicationKey('A1').pk, PARTITIONS.application],
    [personKey('h').pk, PARTITIONS.person],
    [idempotencyKey('k').pk, PARTITIONS.idempotency],
    [verificationKey('v').pk, PARTITIONS.verification],
    [limitKey('rule', 'h', 'w').pk, PARTITIONS.limit],
    [migrationKey('m').pk, PARTITIONS.migrations],
    [memberKey('M1').pk, PARTITIONS.member],
    [memberByPlatformKey('driver', 'meituan', 'c', 'j', 'M1').pk, PARTITIONS.membersByPlatform],
    ...Array.from({ length: COUNTER_SHARDS }, (_, shard) => [
      counterKey(cellCounterSk('t', 'p', 'c'), shard).pk,
      PARTITIONS.counters,
    ]),
    [counterKey(peopleCounterSk('t', 'c'), 7).pk, PARTITIONS.counters],
    [auditKey('2026-12-01T00:00:00.000Z', 'u').pk, PARTITIONS.audit],
    [reportKey('weekly-2026-11-30').pk, PARTITIONS.reports],
    [NOTIFICATIONS_SENT_PARTITION, PARTITIONS.notificationsSent],
    [statusPartition('pending_review'), INDEX_PARTITIONS.byStatus.status],
    [reportIndexKeys('2026-12-01', 'r').gsi1pk, INDEX_PARTITIONS.byStatus.reports],
    [countyApplicationsPartition('zhaoyang', 'submitted'), INDEX_PARTITIONS.byCounty.applications],
    [countyMembersPartition('zhaoyang'), INDEX_PARTITIONS.byCounty.members],
  ])('%s is under %s', (partition, pattern) => {
    expect(stringLike(pattern, partition)).toBe(true);
  });

  it('no pattern of one kind of item reaches another kind', () => {
    const patterns = Object.values(PARTITIONS);
    const samples = [
      applicationKey('A1').pk,
      personKey('h').pk,
      idempotencyKey('k').pk,
      verificationKey('v').pk,
      limitKey('rule', 'h', 'w').pk,
      migrationKey('m').pk,
      memberKey('M1').pk,
      memberByPlatformKey('driver', 'meituan', 'c', 'j', 'M1').pk,
      counterKey(cellCounterSk('t', 'p', 'c'), 0).pk,
      counterKey(cellCounterSk('t', 'p', 'c'), 5).pk,
      auditKey('2026-12-01T00:00:00.000Z', 'u').pk,
      reportKey('r').pk,
      NOTIFICATIONS_SENT_PARTITION,
    ];
    for (const sample of samples) {
      expect(
        patterns.filter((pattern) => stringLike(pattern, sample)),
        sample,
      ).toHaveLength(1);
    }
  });
});

describe('single-item requests', () => {
  it('lets status get an application and nothing else', () => {
    expect(may('status', 'GetItem', get(applicationKey('A1')))).toBe(true);
    expect(may('status', 'GetItem', get(personKey('h')))).toBe(false);
    expect(may('status', 'GetItem', get(idempotencyKey('k')))).toBe(false);
    expect(may('status', 'PutItem', put(applicationKey('A1')))).toBe(false);
    expect(may('status', 'Query', query(applicationKey('A1').pk))).toBe(false);
    expect(may('status', 'Scan', { TableName: TABLE })).toBe(false);
    expect(may('status', 'DescribeTable', { TableName: TABLE })).toBe(false);
  });

  it('refuses a granted action on another table', () => {
    expect(may('status', 'GetItem', { ...get(applicationKey('A1')), TableName: 'other' })).toBe(false);
  });

  it('lets only review and members put audit entries, and nobody update or delete one', () => {
    const entry = auditKey('2026-12-01T08:00:00.000Z', 'uuid');
    for (const name of ['review', 'members'] as const)
      expect(may(name, 'PutItem', put(entry)), name).toBe(true);
    for (const name of ['intake', 'status', 'audit', 'reports', 'migrate', 'notify'] as const) {
      expect(may(name, 'PutItem', put(entry)), name).toBe(false);
    }
    for (const name of ['review', 'members', 'audit', 'reports', 'migrate'] as const) {
      expect(may(name, 'UpdateItem', get(entry)), name).toBe(false);
      expect(may(name, 'DeleteItem', get(entry)), name).toBe(false);
    }
  });

  it('lets notify use its idempotency partition through the low-level client (Powertools)', () => {
    const record = { pk: NOTIFICATIONS_SENT_PARTITION, sk: 'hash' };
    for (const operation of ['GetItem', 'UpdateItem', 'DeleteItem']) {
      expect(may('notify', operation, get(record)), operation).toBe(true);
    }
    expect(may('notify', 'PutItem', put(record))).toBe(true);
    expect(may('notify', 'PutItem', put({ pk: 'NOTIFICATIONS#other', sk: 'hash' }))).toBe(false);
    expect(may('notify', 'GetItem', get(memberKey('M1')))).toBe(true);
    expect(may('notify', 'PutItem', put(memberKey('M1')))).toBe(false);
  });
});

describe('transactions: each item authorised as the action it is', () => {
  const approval = {
    TransactItems: [
      { Update: { ...get(applicationKey('A1')), UpdateExpression: 'SET a = :a' } },
      { Put: put(memberKey('M1')) },
      { Put: put(personKey('h')) },
      { Put: put(memberByPlatformKey('driver', 'meituan', 'c', 'j', 'M1')) },
      {
        Update: {
          ...get(counterKey(cellCounterSk('driver', 'meituan', 'c'), 3)),
          UpdateExpression: 'ADD m :one',
        },
      },
      { Put: put(auditKey('2026-12-01T08:00:00.000Z', 'u')) },
    ],
  };

  it('lets review approve, and no other function', () => {
    expect(may('review', 'TransactWriteItems', approval)).toBe(true);
    expect(may('intake', 'TransactWriteItems', approval)).toBe(false);
  });

  it('refuses the whole transaction for one item the function may not write', () => {
    const withDelete = {
      TransactItems: [...approval.TransactItems, { Delete: get(auditKey('2026-12-01T00:00:00.000Z', 'x')) }],
    };
    expect(may('review', 'TransactWriteItems', withDelete)).toBe(false);
    const request = authorisationsOf('TransactWriteItems', withDelete).at(-1);
    expect(request).toEqual({
      action: 'DeleteItem',
      table: TABLE,
      leadingKeys: ['AUDIT#2026-12-01'],
    });
  });

  it('needs dynamodb:ConditionCheckItem for a ConditionCheck item, which no function is granted', () => {
    const check = {
      TransactItems: [
        { ConditionCheck: { ...get(applicationKey('A1')), ConditionExpression: 'attribute_exists(pk)' } },
      ],
    };
    expect(authorisationsOf('TransactWriteItems', check)[0]?.action).toBe('ConditionCheckItem');
    expect(may('review', 'TransactWriteItems', check)).toBe(false);
  });

  it('lets verification count its limits and store the code together', () => {
    const items = {
      TransactItems: [
        { Update: { ...get(limitKey('phone-daily', 'h', '1')), UpdateExpression: 'ADD c :one' } },
        { Put: put(verificationKey('v')) },
      ],
    };
    expect(may('verification', 'TransactWriteItems', items)).toBe(true);
    expect(may('intake', 'TransactWriteItems', items)).toBe(false);
  });
});

describe('BatchGetItem: one authorisation with every key of the table', () => {
  const batch = (...keys: Record<string, string>[]) => ({
    RequestItems: { [TABLE]: { Keys: keys.map(key), ConsistentRead: true } },
  });

  it('lets review read a page of people at once, but not people and applications together', () => {
    expect(may('review', 'BatchGetItem', batch(personKey('a'), personKey('b')))).toBe(true);
    expect(may('review', 'BatchGetItem', batch(personKey('a'), applicationKey('A1')))).toBe(false);
    expect(may('screening', 'BatchGetItem', batch(personKey('a')))).toBe(false);
  });

  it('needs one statement whose patterns cover every key (IAM evaluates the keys as one set)', () => {
    const keys = authorisationsOf('BatchGetItem', batch(personKey('a'), applicationKey('A1')));
    const [request] = keys;
    if (!request) throw new Error('no authorisation');
    expect(request.leadingKeys).toEqual(['PERSON#a', 'APPLICATION#A1']);
    // Both patterns in one statement (the same actions on both): allowed.
    const together = tableStatements({
      items: { [PARTITIONS.person]: ['BatchGetItem'], [PARTITIONS.application]: ['BatchGetItem'] },
    });
    expect(together).toHaveLength(1);
    expect(allows(together, TABLE, request)).toBe(true);
    // The same patterns in two statements (different action sets): no single statement covers both keys.
    const apart = tableStatements({
      items: { [PARTITIONS.person]: ['BatchGetItem'], [PARTITIONS.application]: ['BatchGetItem', 'GetItem'] },
    });
    expect(apart).toHaveLength(2);
    expect(allows(apart, TABLE, request)).toBe(false);
  });
});

describe('queries: the key condition’s partition, on the table or on the index queried', () => {
  it('lets the sweeper read the submitted partition of byStatus only', () => {
    expect(may('sweeper', 'Query', query(statusPartition('submitted'), 'byStatus'))).toBe(true);
    expect(may('sweeper', 'Query', query(statusPartition('approved'), 'byStatus'))).toBe(false);
    expect(may('sweeper', 'Query', query(statusPartition('submitted')))).toBe(false);
    expect(
      may('sweeper', 'Query', query(countyApplicationsPartition('c', 'submitted'), 'byCounty', 'gsi2pk')),
    ).toBe(false);
  });

  it('reads the partition from the key condition, with or without attribute name placeholders', () => {
    const plain = {
      TableName: TABLE,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :status AND gsi1sk < :cutoff',
      ExpressionAttributeValues: marshall({ ':status': 'STATUS#submitted', ':cutoff': '2026' }),
    };
    expect(authorisationsOf('Query', plain)).toEqual([
      { action: 'Query', table: TABLE, index: 'byStatus', leadingKeys: ['STATUS#submitted'] },
    ]);
    const between = {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :day AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: marshall({ ':day': 'AUDIT#2026-12-01', ':from': 'a', ':to': 'b' }),
    };
    expect(authorisationsOf('Query', between)[0]?.leadingKeys).toEqual(['AUDIT#2026-12-01']);
    expect(() =>
      authorisationsOf('Query', {
        TableName: TABLE,
        KeyConditionExpression: 'sk = :x',
        ExpressionAttributeValues: {},
      }),
    ).toThrow(/partition/);
  });

  it('lets screening query byPhone by any hash (no prefix to narrow it to), and nothing else by index', () => {
    const byPhone = {
      TableName: TABLE,
      IndexName: 'byPhone',
      KeyConditionExpression: 'phoneHash = :phoneHash',
      ExpressionAttributeValues: marshall({ ':phoneHash': 'k3yedHash' }),
    };
    expect(may('screening', 'Query', byPhone)).toBe(true);
    expect(may('intake', 'Query', byPhone)).toBe(false);
    expect(may('screening', 'Query', query(statusPartition('submitted'), 'byStatus'))).toBe(false);
  });

  it('lets members list by platform on the table and by county on byCounty, not applications', () => {
    expect(may('members', 'Query', query(memberByPlatformKey('d', 'm', 'c', 'j', 'M').pk))).toBe(true);
    expect(may('members', 'Query', query(countyMembersPartition('zhaoyang'), 'byCounty', 'gsi2pk'))).toBe(
      true,
    );
    expect(
      may(
        'members',
        'Query',
        query(countyApplicationsPartition('zhaoyang', 'pending_review'), 'byCounty', 'gsi2pk'),
      ),
    ).toBe(false);
    expect(may('members', 'Query', query(auditKey('2026-12-01T00:00:00Z', 'u').pk))).toBe(false);
  });

  it('lets reports read the pending backlog and the report list on byStatus, but no other status', () => {
    expect(may('reports', 'Query', query(statusPartition('pending_review'), 'byStatus'))).toBe(true);
    expect(may('reports', 'Query', query(INDEX_PARTITIONS.byStatus.reports, 'byStatus'))).toBe(true);
    expect(may('reports', 'Query', query(statusPartition('approved'), 'byStatus'))).toBe(false);
  });
});

describe('scans', () => {
  it('lets migrate alone scan, and only the table', () => {
    expect(may('migrate', 'Scan', { TableName: TABLE })).toBe(true);
    expect(may('migrate', 'Scan', { TableName: TABLE, IndexName: 'byStatus' })).toBe(false);
    for (const name of ['review', 'members', 'audit', 'reports', 'sweeper', 'screening'] as const) {
      expect(may(name, 'Scan', { TableName: TABLE }), name).toBe(false);
    }
  });

  it('would be let through by any LeadingKeys-conditioned statement that listed Scan (ForAllValues of nothing is true)', () => {
    const careless = [{ sid: 'Careless', actions: ['Scan'] as const, leadingKeys: ['APPLICATION#*'] }];
    expect(allows(careless, TABLE, { action: 'Scan', table: TABLE, leadingKeys: [] })).toBe(true);
  });
});

describe('as a client middleware', () => {
  /** A client that never reaches the network: past the check, every call answers an empty output. */
  const offline = (name: FunctionName, denials: TableAccessDenied[] = []) => {
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    enforceTableGrants(client, {
      tableName: TABLE,
      functionName: () => name,
      onDenied: (d) => denials.push(d),
    });
    client.middlewareStack.add(() => async () => ({ output: { $metadata: {} }, response: {} }), {
      step: 'build',
      name: 'answerOffline',
      priority: 'low',
    });
    return client;
  };

  it('checks DocumentClient commands as marshalled, and refuses with AccessDeniedException', async () => {
    const denials: TableAccessDenied[] = [];
    const db = DynamoDBDocumentClient.from(offline('status', denials));
    await expect(
      db.send(new GetCommand({ TableName: TABLE, Key: applicationKey('A1') })),
    ).resolves.toBeDefined();
    const refused = db.send(
      new PutCommand({ TableName: TABLE, Item: { ...auditKey('2026-12-01T00:00:00Z', 'u') } }),
    );
    await expect(refused).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('dynamodb:PutItem'),
    });
    expect(denials.map((d) => d.request.leadingKeys)).toEqual([['AUDIT#2026-12-01']]);
  });

  it('checks transactions and index queries sent through it', async () => {
    const db = DynamoDBDocumentClient.from(offline('sweeper'));
    await expect(
      db.send(
        new QueryCommand({
          TableName: TABLE,
          IndexName: 'byStatus',
          KeyConditionExpression: 'gsi1pk = :s',
          ExpressionAttributeValues: { ':s': statusPartition('submitted') },
        }),
      ),
    ).resolves.toBeDefined();
    await expect(
      db.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: TABLE, Item: applicationKey('A') } }],
        }),
      ),
    ).rejects.toBeInstanceOf(TableAccessDenied);
  });

  it('checks low-level commands too (Powertools idempotency sends them)', async () => {
    const client = offline('notify');
    const item = marshall({ pk: NOTIFICATIONS_SENT_PARTITION, sk: 'hash', status: 'INPROGRESS' });
    await expect(client.send(new PutItemCommand({ TableName: TABLE, Item: item }))).resolves.toBeDefined();
    await expect(
      client.send(new PutItemCommand({ TableName: TABLE, Item: marshall(applicationKey('A')) })),
    ).rejects.toBeInstanceOf(TableAccessDenied);
  });

  it('refuses every call when no function is named (a call outside any invocation)', async () => {
    const client = new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    enforceTableGrants(client, { tableName: TABLE, functionName: () => undefined });
    await expect(
      DynamoDBDocumentClient.from(client).send(
        new GetCommand({ TableName: TABLE, Key: applicationKey('A1') }),
      ),
    ).rejects.toBeInstanceOf(TableAccessDenied);
  });
});
