/**
 * The roster entry behind a local token (`npm run token`, the tests): the token proves an identity,
 * the roster says what it may do, so making a token for `--role reviewer --counties a,b --sub NAME`
 * also writes that subject's entry — into the running stack's table (found through
 * DATA_DIR/endpoints.json), or, with no stack running, into DATA_DIR's DynamoDB Local started for the
 * moment. `--role none` leaves the subject off the roster (signed in, not staff: 403).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { newStaffEntry, type StaffEntry, staffIdOf } from '../shared/domain/staff';
import { documentClient } from '../shared/runtime/clients';
import { staffKey } from '../shared/storage/keys';
import { startDynamoDbLocal } from './dynamodb-local';
import { isRunning, readLocalEndpoints } from './endpoints';
import { localIssuerOf, type TokenRequest } from './local-issuer';
import { ensureTable, TABLE_NAME } from './resources';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export const subjectOf = (request: TokenRequest): string => request.sub ?? `local-${request.role}`;

/** The entry a token request stands for, or undefined for `--role none`. */
export const rosterEntryFor = (
  request: TokenRequest,
  issuer: string,
  at = new Date(),
): StaffEntry | undefined => {
  if (request.role === 'none') return undefined;
  const subject = subjectOf(request);
  const counties =
    request.role === 'admin' || !request.counties || request.counties.trim() === '*'
      ? '*'
      : request.counties
          .split(',')
          .map((county) => county.trim())
          .filter(Boolean);
  return newStaffEntry(
    { issuer, subject },
    { displayName: subject, role: request.role, counties },
    'token CLI',
    at.toISOString(),
  );
};

/** Writes (or, for `none`, removes) the subject's entry in `tableName`. */
export const enrol = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  request: TokenRequest,
  issuer: string,
): Promise<void> => {
  const entry = rosterEntryFor(request, issuer);
  if (!entry) {
    await db.send(
      new DeleteCommand({
        TableName: tableName,
        Key: staffKey(staffIdOf({ issuer, subject: subjectOf(request) })),
      }),
    );
    return;
  }
  await db.send(
    new PutCommand({ TableName: tableName, Item: { ...staffKey(entry.staffId), entity: 'staff', ...entry } }),
  );
};

/** The running stack's issuer, or the one `npm start` will have on PORT (default 3000). */
export const localIssuerFor = (dataDir: string): string => {
  const endpoints = readLocalEndpoints(dataDir);
  if (endpoints && isRunning(endpoints) && endpoints.oidcIssuer) return endpoints.oidcIssuer;
  return localIssuerOf(`http://localhost:${Number(process.env.PORT || 3000)}`);
};

/**
 * Runs `work` on the table of the stack that runs on `dataDir`, or on DATA_DIR's data in a DynamoDB Local
 * started for the moment when none runs.
 */
export const withLocalTable = async <T>(
  dataDir: string,
  work: (db: DynamoDBDocumentClient, tableName: string) => Promise<T>,
): Promise<T> => {
  const endpoints = readLocalEndpoints(dataDir);
  const running = endpoints && isRunning(endpoints) ? endpoints : undefined;
  if (!running) mkdirSync(resolve(dataDir, 'dynamodb'), { recursive: true });
  const dynamo = running ? undefined : await startDynamoDbLocal({ dataDir: resolve(dataDir, 'dynamodb') });
  const client = new DynamoDBClient({
    endpoint: running?.dynamoEndpoint ?? dynamo?.endpoint,
    region: running?.region ?? 'us-east-1',
    credentials,
  });
  try {
    const tableName = running?.tableName ?? TABLE_NAME;
    if (!running) await ensureTable(client, tableName);
    return await work(documentClient(client), tableName);
  } finally {
    client.destroy();
    await dynamo?.stop();
  }
};

/** Enrols as an identity of the local stack's issuer (see withLocalTable); returns the issuer. */
export const enrolLocally = async (dataDir: string, request: TokenRequest): Promise<{ issuer: string }> => {
  const issuer = localIssuerFor(dataDir);
  await withLocalTable(dataDir, (db, tableName) => enrol(db, tableName, request, issuer));
  return { issuer };
};
