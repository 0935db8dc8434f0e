/**
 * The functions' table grants (shared/wiring.ts), enforced off AWS as IAM enforces them on AWS: every
 * call a function's DynamoDB client makes is checked, before it is sent, against the statements the
 * CDK stack writes for that function (shared/table-grants.ts), and refused with an AccessDenied error
 * otherwise. The integration harness gives each function a client of its own with this check; the local
 * stack adds it to every client the functions make and tells them apart by the invocation in progress.
 * A grant that is too narrow therefore fails the tests that run the code, not a deployment.
 *
 * How IAM evaluates, and so how this does:
 * - each request is one or more authorisations: an action (`dynamodb:<Operation>`) on a resource (the
 *   table, or `<table>/index/<name>` for a Query or Scan with IndexName), with `dynamodb:LeadingKeys`,
 *   the partition key values the request touches: the Key's or Item's for single-item actions, every
 *   key of the table for BatchGetItem and BatchWriteItem (one multi-valued authorisation per table), the
 *   key condition's partition value for a Query (the index's partition key on an index), none for Scan;
 * - TransactWriteItems is authorised item by item as the PutItem, UpdateItem, DeleteItem or
 *   ConditionCheckItem each item is (TransactGetItems as GetItem); it has no action of its own;
 * - one statement must allow the whole authorisation: its action, its resource, and with
 *   `ForAllValues:StringLike`, every leading key matching one of its patterns (`*` any run of
 *   characters, `?` one character). ForAllValues over no values is true, which is why a Scan must never
 *   be listed in a statement that relies on LeadingKeys.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type TableStatement, tableStatements } from '../shared/table-grants';
import { FUNCTIONS, type FunctionAccess, type FunctionName, TABLE } from '../shared/wiring';

interface AttributeValue {
  S?: string;
  N?: string;
}
type Key = Record<string, AttributeValue | undefined>;
// biome-ignore lint/suspicious/noExplicitAny: DynamoDB requests as they go on the wire (marshalled)
type Input = Record<string, any>;

/** One decision IAM makes for a request. */
export interface Authorisation {
  action: string;
  table: string;
  index?: string;
  leadingKeys: string[];
}

/** IAM's StringLike: `*` is any run of characters (none included), `?` exactly one; case-sensitive. */
export const stringLike = (pattern: string, value: string): boolean => {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(value);
};

const scalarOf = (attribute: AttributeValue | undefined): string => attribute?.S ?? attribute?.N ?? '';
const partitionOf = (key: Key | undefined): string => scalarOf(key?.[TABLE.partitionKey]);

/** The partition key value a Query reads: `<partition key> = :value` in its key condition. */
const queriedPartition = (input: Input): string[] => {
  const index = input.IndexName as string | undefined;
  const attribute = index
    ? TABLE.indexes.find((candidate) => candidate.name === index)?.partitionKey
    : TABLE.partitionKey;
  if (!attribute) return [];
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>;
  if (typeof input.KeyConditionExpression === 'string') {
    for (const term of input.KeyConditionExpression.split(/\s+AND\s+/i)) {
      const equality = /^\s*\(?\s*(#?[\w.-]+)\s*=\s*(:[\w.-]+)\s*\)?\s*$/.exec(term);
      if (!equality) continue;
      const [, name = '', placeholder = ''] = equality;
      if ((names[name] ?? name) === attribute) return [scalarOf(values[placeholder])];
    }
  }
  const legacy = input.KeyConditions?.[attribute]?.AttributeValueList?.[0] as AttributeValue | undefined;
  if (legacy) return [scalarOf(legacy)];
  throw new Error(
    `cannot tell which ${attribute} partition this Query reads: ${input.KeyConditionExpression}`,
  );
};

const TRANSACT_WRITE_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

/** The authorisations IAM makes for one request (operation as the SDK names it, e.g. `GetItem`). */
export const authorisationsOf = (operation: string, input: Input): Authorisation[] => {
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ action: operation, table: input.TableName, leadingKeys: [partitionOf(input.Key)] }];
    case 'PutItem':
      return [{ action: operation, table: input.TableName, leadingKeys: [partitionOf(input.Item)] }];
    case 'Query':
      return [
        {
          action: operation,
          table: input.TableName,
          ...(input.IndexName ? { index: input.IndexName } : {}),
          leadingKeys: queriedPartition(input),
        },
      ];
    case 'Scan':
      return [
        {
          action: operation,
          table: input.TableName,
          ...(input.IndexName ? { index: input.IndexName } : {}),
          leadingKeys: [],
        },
      ];
    case 'BatchGetItem':
      return Object.entries<{ Keys?: Key[] }>(input.RequestItems ?? {}).map(([table, request]) => ({
        action: operation,
        table,
        leadingKeys: (request.Keys ?? []).map(partitionOf),
      }));
    case 'BatchWriteItem':
      return Object.entries<Array<{ PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }>>(
        input.RequestItems ?? {},
      ).map(([table, requests]) => ({
        action: operation,
        table,
        leadingKeys: requests.map((request) =>
          partitionOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key),
        ),
      }));
    case 'TransactWriteItems':
      return (input.TransactItems as Input[]).map((item) => {
        const [kind, request] = Object.entries(item).find(([, value]) => value !== undefined) ?? ['', {}];
        return {
          action: TRANSACT_WRITE_ACTIONS[kind] ?? `TransactWriteItems.${kind}`,
          table: request.TableName,
          leadingKeys: [partitionOf(request.Item ?? request.Key)],
        };
      });
    case 'TransactGetItems':
      return (input.TransactItems as Input[]).map((item) => ({
        action: 'GetItem',
        table: item.Get?.TableName,
        leadingKeys: [partitionOf(item.Get?.Key)],
      }));
    default:
      return [{ action: operation, table: input.TableName ?? '', leadingKeys: [] }];
  }
};

/** Whether one of the statements allows the authorisation, on the function's table. */
export const allows = (
  statements: readonly TableStatement[],
  tableName: string,
  request: Authorisation,
): boolean =>
  request.table === tableName &&
  statements.some(
    (statement) =>
      statement.actions.some((action) => action === request.action) &&
      statement.index === request.index &&
      (statement.leadingKeys === undefined ||
        request.leadingKeys.every((key) =>
          statement.leadingKeys?.some((pattern) => stringLike(pattern, key)),
        )),
  );

/** What DynamoDB answers a request IAM refuses (an AccessDeniedException, status 400). */
export class TableAccessDenied extends Error {
  override name = 'AccessDeniedException';
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };

  constructor(
    readonly functionName: string,
    readonly request: Authorisation,
  ) {
    const resource = `arn:aws:dynamodb:local:000000000000:table/${request.table}${request.index ? `/index/${request.index}` : ''}`;
    super(
      `User: arn:aws:sts::000000000000:assumed-role/${functionName}/local is not authorized to perform: dynamodb:${request.action} on resource: ${resource} because no identity-based policy allows the dynamodb:${request.action} action (dynamodb:LeadingKeys: ${JSON.stringify(request.leadingKeys)}; the grants are ${functionName}'s access.table in shared/wiring.ts)`,
    );
  }
}

const statementsOf = new Map<FunctionName, TableStatement[]>();
/** The statements the stack gives a function's role on the table. */
export const functionStatements = (name: FunctionName): TableStatement[] => {
  let statements = statementsOf.get(name);
  if (!statements) {
    const grants = (FUNCTIONS[name].access as FunctionAccess).table;
    statements = grants ? tableStatements(grants) : [];
    statementsOf.set(name, statements);
  }
  return statements;
};

/** Throws TableAccessDenied unless the function's grants allow every authorisation of the request. */
export const checkTableAccess = (
  name: FunctionName,
  tableName: string,
  operation: string,
  input: Input,
): void => {
  const statements = functionStatements(name);
  for (const request of authorisationsOf(operation, input)) {
    if (!allows(statements, tableName, request)) throw new TableAccessDenied(name, request);
  }
};

export interface EnforceOptions {
  tableName: string;
  /** The function whose grants apply to the call being made (undefined: none, every call refused). */
  functionName: () => FunctionName | undefined;
  /** Told of every refusal, also those the function's code catches. */
  onDenied?: (denial: TableAccessDenied) => void;
}

/**
 * Checks every call the client makes, after a DocumentClient has marshalled it (so a command reads as
 * it goes on the wire) and before it is signed and sent.
 */
export const enforceTableGrants = (client: DynamoDBClient, options: EnforceOptions): void => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as Input;
      const name = options.functionName();
      try {
        if (!name) {
          throw new TableAccessDenied('(no function)', {
            action: operation,
            table: input.TableName ?? '',
            leadingKeys: [],
          });
        }
        checkTableAccess(name, options.tableName, operation, input);
      } catch (error) {
        if (error instanceof TableAccessDenied) options.onDenied?.(error);
        throw error;
      }
      return next(args);
    },
    { step: 'build', name: 'enforceTableGrants', priority: 'high' },
  );
};

/** The function invocation in progress (the local stack runs every function in one process). */
const invocations = new AsyncLocalStorage<FunctionName>();
export const currentFunction = (): FunctionName | undefined => invocations.getStore();

/** A handler whose invocations, and every call made during them, are the named function's. */
export const invokedAs =
  <Args extends unknown[], Result>(name: FunctionName, handler: (...args: Args) => Result) =>
  (...args: Args): Result =>
    invocations.run(name, () => handler(...args));
