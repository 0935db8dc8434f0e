/**
 * The roster entry behind a local token (`npm run token`, the tests): the token proves an identity,
 * the roster says what it may do, so making a token for `--role reviewer --counties a,b --sub NAME`
 * also writes that subject's entry — into the running stack's table (found through
 * DATA_DIR/endpoints.json), or, with no stack running, into DATA_DIR's DynamoDB Local started for the
 * moment. `--role none` leaves the subject off the roster (signed in, not staff: 403).
 */
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type StaffEntry, staffIdOf } from '../shared/domain/staff';
import { documentClient } from '../shared/runtime/clients';
import { staffKey } from '../shared/storage/keys';
import { startDynamoDbLocal } from './dynamodb-local';
import { isRunning, readLocalEndpoints } from './endpoints';
import { LOCAL_ISSUER, type TokenRequest } from './local-issuer';
import { ensureTable } from './resources';
import { TABLE_NAME } from './stack';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export const subjectOf = (request: TokenRequest): string => request.sub ?? `local-${request.role}`;

/** The entry a token request stands for, or undefined for `--role none`. */
export const rosterEntryFor = (
  request: TokenRequest,
  issuer: string = LOCAL_ISSUER,
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
  const when = at.toISOString();
  return {
    staffId: staffIdOf({ issuer, subject }),
    issuer,
    subject,
    displayName: subject,
    role: request.role,
    counties,
    active: true,
    createdAt: when,
    updatedAt: when,
    updatedBy: 'token CLI',
    version: 1,
  };
};

/** Writes (or, for `none`, removes) the subject's entry in `tableName`. */
export const enrol = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  request: TokenRequest,
  issuer: string = LOCAL_ISSUER,
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

/** Enrols in the stack that runs on `dataDir`, or in its data with no stack running. */
export const enrolLocally = async (dataDir: string, request: TokenRequest, issuer: string = LOCAL_ISSUER) => {
  const endpoints = readLocalEndpoints(dataDir);
  const running = endpoints && isRunning(endpoints) ? endpoints : undefined;
  const dynamo = running ? undefined : await startDynamoDbLocal({ dataDir: resolve(dataDir, 'dynamodb') });
  const client = new DynamoDBClient({
    endpoint: running?.dynamoEndpoint ?? dynamo?.endpoint,
    region: running?.region ?? 'us-east-1',
    credentials,
  });
  try {
    const tableName = running?.tableName ?? TABLE_NAME;
    if (!running) await ensureTable(client, tableName);
    await enrol(documentClient(client), tableName, request, issuer);
  } finally {
    client.destroy();
    await dynamo?.stop();
  }
};
