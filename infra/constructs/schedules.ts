/**
 * EventBridge Scheduler schedules from wiring's SCHEDULES, in their declared time zone, each invoking
 * its function with its declared `input` as the event (the local scheduler sends the same). Invocations
 * the scheduler cannot deliver after its retries land in a dead-letter queue that alarms.
 */
import { ArnFormat, type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionName, type ScheduleDeclaration, toAwsCron } from '../../shared/wiring';
import { pascalCase } from '../paths';
import { deadLetterAlarm } from './dead-letter-alarm';

export interface SchedulesProps {
  readonly schedules: readonly ScheduleDeclaration[];
  readonly handlers: Readonly<Record<FunctionName, IFunction>>;
}

export class Schedules extends Construct {
  readonly schedules: Readonly<Record<string, scheduler.Schedule>>;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue: EventBridge Scheduler's target dead-letter queue for invocations it could not deliver (cdk-nag only recognises SQS and Lambda DLQ references).",
    });
    this.deadLetterAlarm = deadLetterAlarm(
      this,
      'DeadLetterAlarm',
      this.deadLetterQueue,
      'The schedules dead-letter queue',
    );

    const schedules: Record<string, scheduler.Schedule> = {};
    for (const declaration of props.schedules) {
      const id = pascalCase(declaration.name);
      const handler = props.handlers[declaration.function];
      const role = this.schedulerRole(`${id}Role`);
      schedules[declaration.name] = new scheduler.Schedule(this, id, {
        description: declaration.description,
        schedule: scheduler.ScheduleExpression.expression(
          toAwsCron(declaration.cron),
          TimeZone.of(declaration.timeZone),
        ),
        target: new LambdaInvoke(handler, {
          role,
          input: scheduler.ScheduleTargetInput.fromObject(declaration.input),
          retryAttempts: 3,
          maxEventAge: Duration.minutes(15),
          deadLetterQueue: this.deadLetterQueue,
        }),
      });
      const functionLogicalId = Stack.of(handler).getLogicalId(handler.node.defaultChild as CfnElement);
      Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
        reason: `LambdaInvoke grants lambda:InvokeFunction on the ${declaration.function} function and its versions/aliases (":*"); the role can invoke no other function.`,
      });
    }
    this.schedules = schedules;
  }

  /** Assumable only by EventBridge Scheduler, for schedules in this account's default group. */
  private schedulerRole(id: string): iam.Role {
    const stack = Stack.of(this);
    const defaultGroupArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule-group',
      resourceName: 'default',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': defaultGroupArn },
        },
      }),
    });
  }
}
