/**
 * The schedules of wiring's SCHEDULES, each invoking its function with its declared `input` as the event
 * (the local scheduler sends the same), in one of two ways (`kind`, from the target: infra/target.ts):
 *
 * - `scheduler` (global AWS): EventBridge Scheduler schedules in their declared time zone.
 * - `rules` (the China Regions, where Scheduler is not confirmed): EventBridge rules, whose cron runs in
 *   UTC, with each cron moved there from its fixed-offset zone by infra/schedule-utc.ts (Asia/Shanghai is
 *   UTC+8 all year); a cron that cannot be moved exactly stops synth, naming it.
 *
 * Either way an invocation that cannot be delivered after 3 retries (or 15 minutes) lands in a
 * dead-letter queue that alarms.
 */
import { ArnFormat, type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionName, type ScheduleDeclaration, toAwsCron } from '../../shared/wiring';
import { pascalCase } from '../paths';
import { cronToUtc } from '../schedule-utc';
import type { ScheduleKind } from '../target';
import { deadLetterAlarm } from './dead-letter-alarm';

export interface SchedulesProps {
  readonly schedules: readonly ScheduleDeclaration[];
  readonly handlers: Readonly<Record<FunctionName, IFunction>>;
  /** @default 'scheduler' */
  readonly kind?: ScheduleKind;
}

const RETRY_ATTEMPTS = 3;
const MAX_EVENT_AGE = Duration.minutes(15);

export class Schedules extends Construct {
  readonly kind: ScheduleKind;
  /** By schedule name: an EventBridge Scheduler schedule, or a rule. */
  readonly schedules: Readonly<Record<string, scheduler.Schedule | events.Rule>>;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.kind = props.kind ?? 'scheduler';
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        this.kind === 'scheduler'
          ? "This queue is itself a dead-letter queue: EventBridge Scheduler's target dead-letter queue for invocations it could not deliver (cdk-nag only recognises SQS and Lambda DLQ references)."
          : "This queue is itself a dead-letter queue: the EventBridge rules' target dead-letter queue for invocations they could not deliver (cdk-nag only recognises SQS and Lambda DLQ references).",
    });
    this.deadLetterAlarm = deadLetterAlarm(
      this,
      'DeadLetterAlarm',
      this.deadLetterQueue,
      'The schedules dead-letter queue',
    );

    const schedules: Record<string, scheduler.Schedule | events.Rule> = {};
    for (const declaration of props.schedules) {
      const id = pascalCase(declaration.name);
      const handler = props.handlers[declaration.function];
      if (this.kind === 'rules') {
        schedules[declaration.name] = this.rule(id, declaration, handler);
        continue;
      }
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
          retryAttempts: RETRY_ATTEMPTS,
          maxEventAge: MAX_EVENT_AGE,
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

  /** An EventBridge rule at the same instants, its cron in UTC; Lambda's permission names the rule. */
  private rule(id: string, declaration: ScheduleDeclaration, handler: IFunction): events.Rule {
    const utc = cronToUtc(declaration.cron, declaration.timeZone);
    return new events.Rule(this, id, {
      description: `${declaration.description} (${declaration.cron} ${declaration.timeZone} = ${utc} UTC)`,
      schedule: events.Schedule.expression(toAwsCron(utc)),
      targets: [
        new eventsTargets.LambdaFunction(handler, {
          event: events.RuleTargetInput.fromObject(declaration.input),
          retryAttempts: RETRY_ATTEMPTS,
          maxEventAge: MAX_EVENT_AGE,
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
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
