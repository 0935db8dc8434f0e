/**
 * Grant a function access to a resource AND tell it where the resource is, in one call, so a
 * permission never exists without its environment variable or the other way round.
 * Driven by each function's `access` in wiring.ts; what is not declared is not granted.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { ENV, type FunctionAccess } from '../../shared/wiring';
import type { BaseFunction } from './base-function';
import type { DataTable } from './data-table';

export const bindTable = (fn: BaseFunction, data: DataTable, mode: 'read' | 'readWrite'): void => {
  const { table } = data;
  if (mode === 'readWrite') table.grantReadWriteData(fn.function);
  else table.grantReadData(fn.function);
  fn.function.addEnvironment(ENV.tableName, table.tableName);

  if (data.indexNames.length === 0) return;
  const tableLogicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
  Validations.of(fn.role.node.findChild('DefaultPolicy')).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
    reason: `The ${fn.name} function queries this table's global secondary indexes (${data.indexNames.join(', ')}); the wildcard that grant${mode === 'read' ? 'Read' : 'ReadWrite'}Data writes covers only this one table's indexes.`,
  });
};

export const bindReviewQueue = (fn: BaseFunction, queue: IQueue): void => {
  queue.grantSendMessages(fn.function);
  fn.function.addEnvironment(ENV.reviewQueueUrl, queue.queueUrl);
};

export const bindHashKey = (fn: BaseFunction, secret: ISecret): void => {
  secret.grantRead(fn.function);
  fn.function.addEnvironment(ENV.hashKeySecretArn, secret.secretArn);
};

export interface Bindable {
  readonly table: DataTable;
  readonly reviewQueue: IQueue;
  readonly hashKey: ISecret;
}

/** Applies one function's declared `access`; nothing more. */
export const bindAccess = (fn: BaseFunction, access: FunctionAccess, to: Bindable): void => {
  if (access.table) bindTable(fn, to.table, access.table);
  if (access.reviewQueue === 'send') bindReviewQueue(fn, to.reviewQueue);
  if (access.hashKey) bindHashKey(fn, to.hashKey);
};
