/**
 * The whole backend, generated from shared/wiring.ts: every function, its access, every route,
 * queue, queue consumer and schedule comes from a declaration there, so what deploys is what the
 * local stack runs.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import {
  FUNCTIONS,
  type FunctionDeclaration,
  type FunctionName,
  QUEUE_CONSUMERS,
  QUEUES,
  type QueueName,
  ROUTES,
  SCHEDULES,
  TABLE,
} from '../shared/wiring';
import { BaseFunction } from './constructs/base-function';
import { bindAccess } from './constructs/bind';
import { DataTable } from './constructs/data-table';
import { HashKeySecret } from './constructs/hash-key-secret';
import { HttpApi } from './constructs/http-api';
import { Schedules } from './constructs/schedules';
import { WorkQueue } from './constructs/work-queue';
import { pascalCase } from './paths';

export interface GigUnionOnboardingStackProps extends StackProps {
  /** The authorizer for `auth: 'jwt'` routes (Cognito, later); synth fails if such a route exists without it. */
  readonly jwtAuthorizer?: IHttpRouteAuthorizer;
}

/** Lambda's rule of thumb for SQS event sources (DESIGN §7). */
const VISIBILITY_TIMEOUT_FACTOR = 6;

const byName = <K extends string, V, R>(record: Readonly<Record<K, V>>, make: (name: K, value: V) => R) =>
  Object.fromEntries(
    Object.entries(record).map(([name, value]) => [name, make(name as K, value as V)]),
  ) as Record<K, R>;

export class GigUnionOnboardingStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, BaseFunction>>;
  readonly queues: Readonly<Record<QueueName, WorkQueue>>;
  readonly data: DataTable;
  readonly hashKey: HashKeySecret;
  readonly http: HttpApi;
  readonly schedules: Schedules;

  constructor(scope: Construct, id: string, props: GigUnionOnboardingStackProps = {}) {
    super(scope, id, props);

    this.data = new DataTable(this, 'Data', { declaration: TABLE });
    this.hashKey = new HashKeySecret(this, 'HashKey');
    this.queues = byName(
      QUEUES,
      (name, declaration) => new WorkQueue(this, `${pascalCase(name)}Queue`, { name, declaration }),
    );

    this.functions = byName(
      FUNCTIONS,
      (name, declaration: FunctionDeclaration) =>
        new BaseFunction(this, `${pascalCase(name)}Function`, { name, declaration }),
    );
    for (const fn of Object.values<BaseFunction>(this.functions)) {
      bindAccess(fn, fn.declaration.access, {
        table: this.data,
        reviewQueue: this.queues.review.queue,
        hashKey: this.hashKey.secret,
      });
    }
    const handlers = byName(this.functions, (_name, fn): IFunction => fn.function);

    for (const consumer of QUEUE_CONSUMERS) {
      const queue = this.queues[consumer.queue];
      const fn = this.functions[consumer.function];
      const needed = VISIBILITY_TIMEOUT_FACTOR * fn.declaration.timeoutSeconds;
      if (QUEUES[consumer.queue].visibilityTimeoutSeconds < needed) {
        throw new Error(
          `queue ${consumer.queue}: visibility timeout must be at least ${needed}s (${VISIBILITY_TIMEOUT_FACTOR}× the ${consumer.function} timeout)`,
        );
      }
      fn.function.addEventSource(
        new SqsEventSource(queue.queue, {
          batchSize: consumer.batchSize,
          maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
          maxConcurrency: consumer.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }

    this.http = new HttpApi(this, 'Http', {
      routes: ROUTES,
      handlers,
      ...(props.jwtAuthorizer ? { jwtAuthorizer: props.jwtAuthorizer } : {}),
    });
    this.schedules = new Schedules(this, 'Schedules', { schedules: SCHEDULES, handlers });

    new CfnOutput(this, 'ApiUrl', { value: this.http.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'ReviewQueueUrl', { value: this.queues.review.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.queues.review.deadLetterQueue.queueUrl });
  }
}
