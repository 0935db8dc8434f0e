/**
 * What browser tests reach in the running stack besides its pages: the SMS outbox (the stack "texts"
 * codes into DATA_DIR/sms-outbox.jsonl), its DynamoDB Local (to make time pass for a code without
 * waiting), and the API itself, applying as a worker whose phone is proven.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type LocalEndpoints, readLocalEndpoints } from '../../../local/endpoints';
import { PHONE_CODE_LIMITS } from '../../../shared/domain/limits';
import { limitKey, verificationKey } from '../../../shared/storage/keys';
import { fetchSolvedAltcha } from '../../support/altcha';
import { type OutboxReader, outboxReader } from '../../support/sms-outbox';

const endpointsOf = (dataDir: string): LocalEndpoints => {
  const endpoints = readLocalEndpoints(dataDir);
  if (!endpoints) throw new Error(`no endpoints.json in ${dataDir}: is the stack running?`);
  return endpoints;
};

const readers = new Map<string, OutboxReader>();

/** The stack's SMS outbox (one reader per stack, so each line is read once). */
export const outbox = (dataDir: string): OutboxReader => {
  const file = endpointsOf(dataDir).smsOutboxFile;
  let reader = readers.get(file);
  if (!reader) {
    reader = outboxReader(file);
    readers.set(file, reader);
  }
  return reader;
};

/** Every verification code texted to `phone` (11 digits), oldest first. */
export const codesSentTo = (dataDir: string, phone: string): string[] =>
  outbox(dataDir)
    .all()
    .filter((entry) => entry.to === phone && entry.template === 'verification')
    .map((entry) => String(entry.params.code));

/**
 * The newest code texted to `phone`, once at least `count` have been (waiting for the outbox; a plain
 * loop, so it also works outside a test).
 */
export const codeSentTo = async (dataDir: string, phone: string, count = 1): Promise<string> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const codes = codesSentTo(dataDir, phone);
    if (codes.length >= count) return codes.at(-1) as string;
    if (Date.now() > deadline)
      throw new Error(`no code number ${count} to ${phone.slice(0, 3)}… in the outbox`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** A six-digit code that is not `code`. */
export const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

let db: { file: string; client: DynamoDBDocumentClient; tableName: string } | undefined;

/** The stack's table, through its DynamoDB Local endpoint (127.0.0.1, the local stack's dummy keys). */
const table = (dataDir: string) => {
  const endpoints = endpointsOf(dataDir);
  if (db?.file !== dataDir) {
    const client = new DynamoDBClient({
      endpoint: endpoints.dynamoEndpoint,
      region: endpoints.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    db = { file: dataDir, client: DynamoDBDocumentClient.from(client), tableName: endpoints.tableName };
  }
  return db;
};

/**
 * Makes a code expire now, by moving its verification's `validUntil` into the past. A code lasts ten
 * minutes, and waiting ten minutes is not a test.
 */
export const expireVerification = async (dataDir: string, verificationId: string): Promise<void> => {
  const { client, tableName } = table(dataDir);
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: verificationKey(verificationId),
      UpdateExpression: 'SET validUntil = :past',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
    }),
  );
};

/**
 * Lifts the per-phone "one code a minute" cooldown of the phone a verification was sent to, so a test can
 * ask for another code for that phone now (the hourly and daily limits still count). The cooldown is
 * keyed by the phone's keyed hash, which the verification item holds; waiting a minute is not a test.
 */
export const liftCodeCooldown = async (dataDir: string, verificationId: string): Promise<void> => {
  const { client, tableName } = table(dataDir);
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: verificationKey(verificationId), ConsistentRead: true }),
  );
  const phoneHash = Item?.boundPhoneHash;
  if (typeof phoneHash !== 'string') throw new Error(`no verification ${verificationId}`);
  for (const rule of PHONE_CODE_LIMITS.filter((r) => r.kind === 'cooldown')) {
    await client.send(
      new DeleteCommand({ TableName: tableName, Key: limitKey(rule.name, phoneHash, 'cooldown') }),
    );
  }
};

export interface Applied {
  applicationId: string;
  statusToken: string;
  status: string;
  verificationId: string;
}

/**
 * Applies through the API as the form does: solves a challenge, asks for a code for the body's phone
 * (11 digits) with it, reads the code from the outbox and sends the application with it. Expects 202.
 */
export const applyWithCode = async (
  baseUrl: string,
  dataDir: string,
  body: Record<string, unknown> & { phone: string },
): Promise<Applied> => {
  const before = codesSentTo(dataDir, body.phone).length;
  const asked = await fetch(`${baseUrl}/api/phone-verifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: body.phone, altcha: await fetchSolvedAltcha(baseUrl) }),
  });
  if (asked.status !== 202) throw new Error(`code request: ${asked.status} ${await asked.text()}`);
  const { verificationId } = (await asked.json()) as { verificationId: string };
  const verificationCode = await codeSentTo(dataDir, body.phone, before + 1);
  const response = await fetch(`${baseUrl}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, verificationId, verificationCode }),
  });
  if (response.status !== 202) throw new Error(`apply: ${response.status} ${await response.text()}`);
  const accepted = (await response.json()) as Omit<Applied, 'verificationId'>;
  return { ...accepted, verificationId };
};

/** The status an applicant sees (`GET /api/applications/{id}` with the status token). */
export const statusOf = async (
  baseUrl: string,
  application: { applicationId: string; statusToken: string },
): Promise<{ status: string; memberId?: string; rejectionReason?: string }> => {
  const response = await fetch(`${baseUrl}/api/applications/${application.applicationId}`, {
    headers: { 'x-status-token': application.statusToken },
  });
  return (await response.json()) as { status: string; memberId?: string; rejectionReason?: string };
};

/** Screening moves each application to pending_review through the queue; wait for it (a plain loop). */
export const waitPending = async (
  baseUrl: string,
  ...applications: Array<{ applicationId: string; statusToken: string }>
): Promise<void> => {
  for (const application of applications) {
    const deadline = Date.now() + 30_000;
    while ((await statusOf(baseUrl, application)).status !== 'pending_review') {
      if (Date.now() > deadline) throw new Error(`${application.applicationId} never reached pending_review`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
};
