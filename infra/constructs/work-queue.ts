/**
 * A queue from wiring's QUEUES with its dead-letter queue: SSE (SQS managed keys), TLS enforced by
 * queue policy on both, redrive after `maxReceiveCount`, the DLQ keeping messages longer than the
 * source queue, and an alarm as soon as the DLQ holds anything.
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDeclaration } from '../../shared/wiring';
import { deadLetterAlarm } from './dead-letter-alarm';

export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: { name: string; declaration: QueueDeclaration }) {
    super(scope, id);
    const { name, declaration } = props;
    if (declaration.deadLetterRetentionDays <= declaration.retentionDays) {
      throw new Error(`queue ${name}: the dead-letter queue must keep messages longer than the queue itself`);
    }
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(declaration.deadLetterRetentionDays),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(declaration.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(declaration.retentionDays),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: declaration.maxReceiveCount },
    });
    this.deadLetterAlarm = deadLetterAlarm(
      this,
      'DeadLetterAlarm',
      this.deadLetterQueue,
      `The ${name} dead-letter queue`,
    );
  }
}
