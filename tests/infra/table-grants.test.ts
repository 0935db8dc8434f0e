/**
 * Least privilege by key (issue 10): every function's role says, on the table, exactly what its
 * `access.table` in shared/wiring.ts declares — the actions, the partition key patterns of
 * `dynamodb:LeadingKeys`, the indexes by name — and nothing else. Read back from the template.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { stringLike } from '../../local/table-access';
import { auditKey, PARTITIONS } from '../../shared/storage/keys';
import {
  ANY_PARTITION,
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  TABLE,
} from '../../shared/wiring';
import {
  functionStatements,
  type Json,
  outputRef,
  resourcesOfType,
  roleStatements,
  synthesize,
} from './helpers';

let json: Json;
beforeAll(() => {
  json = synthesize({ bundle: false, failOnFindings: false }).json;
});

const tableId = () => outputRef(json, 'TableName');
const isTableArn = (value: Json) =>
  Array.isArray(value?.['Fn::GetAtt']) &&
  value['Fn::GetAtt'][0] === tableId() &&
  value['Fn::GetAtt'][1] === 'Arn';

/** A DynamoDB statement as IAM reads it: actions, the table or one index, the LeadingKeys patterns. */
interface TableStatementRead {
  actions: string[];
  on: { table: true } | { index: string };
  leadingKeys?: string[];
  conditionKeys: string[];
}

const resourceOf = (resource: Json): TableStatementRead['on'] => {
  if (isTableArn(resource)) return { table: true };
  const parts = resource?.['Fn::Join']?.[1];
  if (Array.isArray(parts) && parts.length === 2 && isTableArn(parts[0])) {
    const index = /^\/index\/([\w.-]+)$/.exec(String(parts[1]))?.[1];
    if (index) return { index };
  }
  throw new Error(
    `a DynamoDB statement on something other than the table or a named index: ${JSON.stringify(resource)}`,
  );
};

const dynamoStatements = (statements: ReturnType<typeof roleStatements>): TableStatementRead[] =>
  statements
    .filter((statement) => statement.actions.some((action) => action.startsWith('dynamodb:')))
    .map((statement) => {
      expect(statement.effect).toBe('Allow');
      expect(Array.isArray(statement.resource), 'one resource per statement').toBe(false);
      const leadingKeys = statement.condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      return {
        actions: statement.actions.map((action) => action.replace(/^dynamodb:/, '')),
        on: resourceOf(statement.resource),
        ...(leadingKeys ? { leadingKeys: [leadingKeys].flat() as string[] } : {}),
        conditionKeys: Object.entries<Json>(statement.condition ?? {}).flatMap(([operator, keys]) =>
          Object.keys(keys).map((key) => `${operator}:${key}`),
        ),
      };
    });

const tableStatementsOf = (name: FunctionName) => dynamoStatements(functionStatements(json, name));
const grantsOf = (name: FunctionName) => (FUNCTIONS[name].access as FunctionAccess).table;

const sorted = <T>(values: Iterable<T>) => [...values].sort();

/** Per partition pattern, the actions the role's table statements allow on it. */
const itemsAllowed = (statements: TableStatementRead[]) => {
  const items: Record<string, string[]> = {};
  for (const statement of statements) {
    if (!('table' in statement.on) || !statement.leadingKeys) continue;
    for (const pattern of statement.leadingKeys)
      items[pattern] = sorted([...(items[pattern] ?? []), ...statement.actions]);
  }
  return items;
};

/** Per index, the partition patterns the role may query (ANY_PARTITION: no condition). */
const queriesAllowed = (statements: TableStatementRead[]) => {
  const queries: Record<string, string[] | typeof ANY_PARTITION> = {};
  for (const statement of statements) {
    if (!('index' in statement.on)) continue;
    expect(statement.actions).toEqual(['Query']);
    queries[statement.on.index] = statement.leadingKeys ? sorted(statement.leadingKeys) : ANY_PARTITION;
  }
  return queries;
};

/** Whether a statement reaches an item in this partition: unconditioned, or a pattern matches. */
const reaches = (statement: TableStatementRead, partition: string) =>
  'table' in statement.on &&
  (statement.leadingKeys === undefined ||
    statement.leadingKeys.some((pattern) => stringLike(pattern, partition)));

const AN_AUDIT_PARTITION = auditKey('2026-12-01T08:00:00.000Z', 'uuid').pk;

describe('each function’s table statements equal its declaration', () => {
  it.each(FUNCTION_NAMES)('%s: the same actions on the same partition patterns', (name) => {
    const declared = grantsOf(name)?.items ?? {};
    expect(itemsAllowed(tableStatementsOf(name))).toEqual(
      Object.fromEntries(Object.entries(declared).map(([pattern, actions]) => [pattern, sorted(actions)])),
    );
  });

  it.each(FUNCTION_NAMES)(
    '%s: queries exactly the declared indexes, by name, on the declared partitions',
    (name) => {
      const declared = grantsOf(name)?.queries ?? {};
      expect(queriesAllowed(tableStatementsOf(name))).toEqual(
        Object.fromEntries(
          Object.entries(declared).map(([index, patterns]) => [
            index,
            patterns === ANY_PARTITION ? ANY_PARTITION : sorted(patterns ?? []),
          ]),
        ),
      );
    },
  );

  it.each(FUNCTION_NAMES)('%s: scans the table only if it declares a scan', (name) => {
    const scans = tableStatementsOf(name).filter((statement) => statement.actions.includes('Scan'));
    expect(scans.length).toBe(grantsOf(name)?.scan ? 1 : 0);
  });
});

describe('no statement reaches further than a declared key', () => {
  const all = () =>
    FUNCTION_NAMES.flatMap((name) => tableStatementsOf(name).map((statement) => ({ name, statement })));

  it('grants no wildcard action, no action the code does not call, and nothing on another resource', () => {
    const used = new Set([
      'GetItem',
      'BatchGetItem',
      'Query',
      'PutItem',
      'UpdateItem',
      'DeleteItem',
      // A transaction's ConditionCheck (placement checks the county's union directory).
      'ConditionCheckItem',
      'Scan',
    ]);
    for (const { name, statement } of all()) {
      for (const action of statement.actions)
        expect(used.has(action), `${name}: dynamodb:${action}`).toBe(true);
    }
    // Nor dynamodb:* or a wildcard index anywhere in the stack, on any role.
    for (const [roleId] of resourcesOfType(json, 'AWS::IAM::Role')) {
      for (const statement of roleStatements(json, roleId)) {
        expect(statement.actions).not.toContain('dynamodb:*');
        expect(JSON.stringify(statement.resource)).not.toContain('/index/*');
      }
    }
  });

  it('conditions every statement on LeadingKeys, but the byPhone query (a raw hash) and migrate’s scan', () => {
    const unconditioned = all().filter(({ statement }) => statement.leadingKeys === undefined);
    for (const { name, statement } of unconditioned) {
      const byPhoneQuery =
        'index' in statement.on && statement.on.index === 'byPhone' && statement.actions.join() === 'Query';
      const migrateScan =
        name === 'migrate' && 'table' in statement.on && statement.actions.join() === 'Scan';
      expect(byPhoneQuery || migrateScan, `${name}: ${JSON.stringify(statement)}`).toBe(true);
    }
    // And a condition, where there is one, is ForAllValues:StringLike on LeadingKeys alone: ForAnyValue
    // or StringEquals would mean something else.
    for (const { statement } of all()) {
      if (statement.leadingKeys)
        expect(statement.conditionKeys).toEqual(['ForAllValues:StringLike:dynamodb:LeadingKeys']);
    }
  });

  it('never lists Scan in a LeadingKeys statement (ForAllValues over no keys is true: it would allow any scan)', () => {
    for (const { name, statement } of all()) {
      if (statement.leadingKeys) expect(statement.actions, name).not.toContain('Scan');
    }
  });

  it('names only indexes the table has, and LeadingKeys only on an index whose partition key has a prefix', () => {
    const indexes = new Set<string>(TABLE.indexes.map((index) => index.name));
    for (const { name, statement } of all()) {
      if ('index' in statement.on) expect(indexes.has(statement.on.index), name).toBe(true);
    }
  });

  it('lets migrate scan read-only, and write only what its migrations rewrite', () => {
    const statements = tableStatementsOf('migrate');
    const [scan] = statements.filter((statement) => statement.actions.includes('Scan'));
    expect(scan).toEqual({ actions: ['Scan'], on: { table: true }, conditionKeys: [] });
    expect(itemsAllowed(statements)).toEqual({
      [PARTITIONS.migrations]: ['GetItem', 'PutItem'],
      [PARTITIONS.idempotency]: ['DeleteItem'],
      [PARTITIONS.person]: ['DeleteItem', 'PutItem'],
      [PARTITIONS.application]: ['GetItem', 'UpdateItem'],
      [PARTITIONS.member]: ['UpdateItem'],
      // Fallback unions, and members approved before unions placed in theirs.
      [PARTITIONS.unions]: ['ConditionCheckItem', 'GetItem', 'PutItem'],
      [PARTITIONS.unionMembers]: ['PutItem'],
      [PARTITIONS.counters]: ['UpdateItem'],
    });
  });
});

describe('the public status function', () => {
  it('may GetItem on APPLICATION#* and nothing else: no Query, no Scan, no index', () => {
    expect(tableStatementsOf('status')).toEqual([
      {
        actions: ['GetItem'],
        on: { table: true },
        leadingKeys: [PARTITIONS.application],
        conditionKeys: ['ForAllValues:StringLike:dynamodb:LeadingKeys'],
      },
    ]);
  });
});

describe('the audit trail', () => {
  // IAM cannot tell a PutItem that creates an item from one that overwrites it; audit keys carry a random
  // UUID (shared/storage/review.ts), so a writer cannot aim a Put at an existing entry.
  it('may be written (PutItem) only by review (decisions, views), members (exports), staff (roster changes) and unions (union changes, transfers, leaving)', () => {
    const writers = FUNCTION_NAMES.filter((name) =>
      tableStatementsOf(name).some(
        (statement) => statement.actions.includes('PutItem') && reaches(statement, AN_AUDIT_PARTITION),
      ),
    );
    expect(writers.sort()).toEqual(['members', 'review', 'staff', 'unions']);
  });

  it('may be updated or deleted by no function at all', () => {
    for (const name of FUNCTION_NAMES) {
      for (const statement of tableStatementsOf(name)) {
        if (!reaches(statement, AN_AUDIT_PARTITION)) continue;
        expect(statement.actions, name).not.toContain('UpdateItem');
        expect(statement.actions, name).not.toContain('DeleteItem');
      }
    }
  });
});
