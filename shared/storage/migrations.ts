/**
 * Data migrations, each run once per table and marked done (`MIGRATIONS/<name>`). On AWS the migrate
 * function runs them on every deployment (a CDK trigger), locally `npm start` runs them before it
 * answers; a migration already marked done costs one read. Each one is safe to run again if it was
 * interrupted: it changes only items still in the old shape, conditionally.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateScan,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { catalog } from '../catalog/index';
import { type MemberRecord, PERSONAL_FIELDS_MOVED_TO_MEMBER } from '../domain/member';
import { randomCounterShard } from './counters';
import { cancellationReasons } from './errors';
import { applicationKey, memberKey, migrationKey } from './keys';
import { placementItems, unionStore } from './unions';

export interface MigrationReport {
  name: string;
  status: 'done' | 'already_done';
  changed: number;
}

interface Migration {
  name: string;
  description: string;
  run(db: DynamoDBDocumentClient, tableName: string): Promise<number>;
}

type Item = Record<string, unknown>;

/** Every item matching `filter`, every page (a migration reads the whole table once). */
const scanAll = async function* (
  db: DynamoDBDocumentClient,
  tableName: string,
  filter: {
    FilterExpression: string;
    ExpressionAttributeValues?: Item;
    ExpressionAttributeNames?: Record<string, string>;
  },
): AsyncGenerator<Item> {
  for await (const page of paginateScan(
    { client: db },
    { TableName: tableName, ConsistentRead: true, ...filter },
  )) {
    for (const item of page.Items ?? []) yield item;
  }
};

const ignoreConditionFailure = async (work: () => Promise<unknown>): Promise<boolean> => {
  try {
    await work();
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

const get = async (db: DynamoDBDocumentClient, tableName: string, key: { pk: string; sk: string }) =>
  (await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '2026-11-30-keyed-idempotency-fingerprints',
    description:
      'Deletes Idempotency-Key claims that kept an unkeyed SHA-256 of the request body (with the masked ID, it let the full ID number be rebuilt).',
    async run(db, tableName) {
      let changed = 0;
      for await (const item of scanAll(db, tableName, {
        FilterExpression: 'entity = :idempotency AND attribute_not_exists(inputMac)',
        ExpressionAttributeValues: { ':idempotency': 'idempotency' },
      })) {
        const deleted = await ignoreConditionFailure(() =>
          db.send(
            new DeleteCommand({
              TableName: tableName,
              Key: { pk: item.pk, sk: item.sk },
              ConditionExpression: 'attribute_not_exists(inputMac)',
            }),
          ),
        );
        if (deleted) changed++;
      }
      return changed;
    },
  },
  {
    name: '2026-11-30-people-with-versions',
    description:
      'Rewrites person items (one application, `state`) as versioned people with their open applications and membership, each with its proven phone hash.',
    async run(db, tableName) {
      let changed = 0;
      for await (const item of scanAll(db, tableName, {
        FilterExpression: 'entity = :person AND attribute_not_exists(version)',
        ExpressionAttributeValues: { ':person': 'person' },
      })) {
        const applicationId = String(item.applicationId ?? '');
        const application = applicationId
          ? await get(db, tableName, applicationKey(applicationId))
          : undefined;
        const phoneHash = typeof application?.phoneHash === 'string' ? application.phoneHash : '';
        const isMember = item.state === 'member' && typeof item.memberId === 'string';
        const open =
          !isMember && application && ['submitted', 'pending_review'].includes(String(application.status));
        const next: Item = {
          pk: item.pk,
          sk: item.sk,
          entity: 'person',
          idHash: String(item.pk).replace(/^PERSON#/, ''),
          version: 1,
          open: open ? { [applicationId]: phoneHash } : {},
          ...(isMember
            ? { memberId: item.memberId, memberApplicationId: applicationId, memberPhoneHash: phoneHash }
            : {}),
          updatedAt: new Date().toISOString(),
        };
        const written = await ignoreConditionFailure(() =>
          isMember || open
            ? db.send(
                new PutCommand({
                  TableName: tableName,
                  Item: next,
                  ConditionExpression: 'attribute_not_exists(version)',
                }),
              )
            : db.send(
                new DeleteCommand({
                  TableName: tableName,
                  Key: { pk: item.pk, sk: item.sk },
                  ConditionExpression: 'attribute_not_exists(version)',
                }),
              ),
        );
        if (written) changed++;
      }
      return changed;
    },
  },
  {
    name: '2026-11-30-approved-applications-hand-over-personal-data',
    description:
      'Approved applications hand their personal data to the member record (which gains the phone hash and language) and keep only the decision, trade, platforms and county.',
    async run(db, tableName) {
      let changed = 0;
      for await (const item of scanAll(db, tableName, {
        FilterExpression: 'entity = :application AND #status = :approved AND attribute_exists(phone)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':application': 'application', ':approved': 'approved' },
      })) {
        if (typeof item.memberId !== 'string') continue;
        await ignoreConditionFailure(() =>
          db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: memberKey(item.memberId as string),
              UpdateExpression:
                'SET phoneHash = if_not_exists(phoneHash, :phoneHash), locale = if_not_exists(locale, :locale)',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':phoneHash': item.phoneHash, ':locale': item.locale ?? 'zh-CN' },
            }),
          ),
        );
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: `REMOVE ${PERSONAL_FIELDS_MOVED_TO_MEMBER.join(', ')}`,
          }),
        );
        changed++;
      }
      return changed;
    },
  },
  {
    name: '2026-11-30-members-in-unions',
    description:
      'Places every member approved before grassroots unions existed in the union that covers them (their county’s fallback union unless a more specific one is set up), with its listing entry and counter.',
    async run(db, tableName) {
      const unions = unionStore(db, tableName);
      const at = new Date();
      for (const county of catalog.counties) await unions.ensureCounty(county.code, at);
      let changed = 0;
      for await (const item of scanAll(db, tableName, {
        FilterExpression:
          'entity = :member AND attribute_not_exists(unionId) AND attribute_not_exists(leftAt)',
        ExpressionAttributeValues: { ':member': 'member' },
      })) {
        const member = item as unknown as MemberRecord;
        for (let attempt = 0; attempt < 5; attempt++) {
          const when = new Date().toISOString();
          const placement = placementItems(
            tableName,
            await unions.ensureCounty(member.county, at),
            member,
            when,
            randomCounterShard(),
          );
          try {
            await db.send(
              new TransactWriteCommand({
                TransactItems: [
                  {
                    Update: {
                      TableName: tableName,
                      Key: memberKey(member.memberId),
                      ConditionExpression: 'attribute_not_exists(unionId) AND attribute_not_exists(leftAt)',
                      UpdateExpression: 'SET unionId = :union, unionSince = :at, unionHistory = :history',
                      ExpressionAttributeValues: {
                        ':union': placement.unionId,
                        ':at': when,
                        ':history': [
                          { unionId: placement.unionId, since: when, how: 'placement', by: 'migration' },
                        ],
                      },
                    },
                  },
                  ...placement.items,
                ] as never,
              }),
            );
            changed++;
            break;
          } catch (error) {
            const reasons = cancellationReasons(error);
            // Placed meanwhile (a second run): nothing to do. The directory changed: read it again.
            if (reasons?.[0]?.Code === 'ConditionalCheckFailed') break;
            if (!reasons) throw error;
          }
        }
      }
      return changed;
    },
  },
];

export const runMigrations = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  now: () => Date = () => new Date(),
): Promise<MigrationReport[]> => {
  const reports: MigrationReport[] = [];
  for (const migration of MIGRATIONS) {
    const marker = await get(db, tableName, migrationKey(migration.name));
    if (marker) {
      reports.push({ name: migration.name, status: 'already_done', changed: 0 });
      continue;
    }
    const changed = await migration.run(db, tableName);
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...migrationKey(migration.name),
          entity: 'migration',
          description: migration.description,
          completedAt: now().toISOString(),
          changed,
        },
      }),
    );
    reports.push({ name: migration.name, status: 'done', changed });
  }
  return reports;
};
