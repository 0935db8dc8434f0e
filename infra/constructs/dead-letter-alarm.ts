import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Alarms as soon as one message waits in a dead-letter queue: each one is work that did not happen. */
export const deadLetterAlarm = (
  scope: Construct,
  id: string,
  queue: IQueue,
  what: string,
): cloudwatch.Alarm =>
  new cloudwatch.Alarm(scope, id, {
    alarmDescription: `${what} has messages: inspect them, fix the cause, then redrive.`,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
