/**
 * Grant a function access to a resource AND tell it where the resource is, in one call, so a
 * permission never exists without its environment variable or the other way round.
 * Driven by each function's `access` in wiring.ts; what is not declared is not granted.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { tableStatements } from '../../shared/table-grants';
import { ENV, type FunctionAccess, type TableGrants } from '../../shared/wiring';
import type { BaseFunction } from './base-function';
import type { DataTable } from './data-table';
import { REPORTS_KEY_PREFIX } from './reports-bucket';
import { bindSms, type Sms } from './sms';

/**
 * The function's table grants (wiring.ts), as the statements of shared/table-grants.ts: each set of
 * actions on the table ARN with `ForAllValues:StringLike` on `dynamodb:LeadingKeys` (every partition key
 * a request touches must match one of the patterns), each queried index by name, and a scan only where
 * one is declared. No `grantReadData`/`grantReadWriteData`: those reach every item and every index.
 */
export const bindTable = (fn: BaseFunction, data: DataTable, grants: TableGrants): void => {
  const { table } = data;
  for (const statement of tableStatements(grants)) {
    if (statement.index && !data.indexNames.includes(statement.index)) {
      throw new Error(`${fn.name} is granted a query on ${statement.index}, which the table does not have`);
    }
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: statement.sid,
        actions: statement.actions.map((action) => `dynamodb:${action}`),
        resources: [statement.index ? `${table.tableArn}/index/${statement.index}` : table.tableArn],
        ...(statement.leadingKeys
          ? {
              conditions: {
                'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...statement.leadingKeys] },
              },
            }
          : {}),
      }),
    );
  }
  fn.function.addEnvironment(ENV.tableName, table.tableName);
};

export const bindReviewQueue = (fn: BaseFunction, queue: IQueue): void => {
  queue.grantSendMessages(fn.function);
  fn.function.addEnvironment(ENV.reviewQueueUrl, queue.queueUrl);
};

export const bindNotificationQueue = (fn: BaseFunction, queue: IQueue): void => {
  queue.grantSendMessages(fn.function);
  fn.function.addEnvironment(ENV.notificationQueueUrl, queue.queueUrl);
};

export const bindHashKey = (fn: BaseFunction, secret: ISecret): void => {
  secret.grantRead(fn.function);
  fn.function.addEnvironment(ENV.hashKeySecretArn, secret.secretArn);
};

/**
 * s3:PutObject under the reports' prefix and nothing else: not `grantPut`, which adds object tagging,
 * legal hold, retention and `s3:Abort*`, none of which a single PutObject needs. The bucket's default
 * encryption uses the AWS managed key, whose key policy already lets this account's principals use it
 * through S3, so no KMS permission is needed either.
 */
export const bindReportsBucket = (fn: BaseFunction, bucket: IBucket): void => {
  const objects = bucket.arnForObjects(`${REPORTS_KEY_PREFIX}*`);
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: 'WriteReportCsvs', actions: ['s3:PutObject'], resources: [objects] }),
  );
  fn.function.addEnvironment(ENV.reportsBucket, bucket.bucketName);

  const bucketLogicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
  Validations.of(fn.role.node.findChild('DefaultPolicy')).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${REPORTS_KEY_PREFIX}*]`,
    reason: `The ${fn.name} function writes one CSV per report, keyed by a report id made at run time, so the key cannot be named in advance; the wildcard covers only s3:PutObject under ${REPORTS_KEY_PREFIX} in this one bucket (no read, delete or listing).`,
  });
};

export interface Bindable {
  readonly table: DataTable;
  readonly reviewQueue: IQueue;
  readonly notificationQueue: IQueue;
  readonly hashKey: ISecret;
  readonly reportsBucket: IBucket;
  readonly sms: Sms;
}

/** Applies one function's declared `access`; nothing more. */
export const bindAccess = (fn: BaseFunction, access: FunctionAccess, to: Bindable): void => {
  if (access.table) bindTable(fn, to.table, access.table);
  if (access.reviewQueue === 'send') bindReviewQueue(fn, to.reviewQueue);
  if (access.notificationQueue === 'send') bindNotificationQueue(fn, to.notificationQueue);
  if (access.hashKey) bindHashKey(fn, to.hashKey);
  if (access.reportsBucket === 'write') bindReportsBucket(fn, to.reportsBucket);
  if (access.sms) bindSms(fn, to.sms);
};
