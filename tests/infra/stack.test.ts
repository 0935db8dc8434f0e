import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ENV,
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  ORIGIN_HEADER,
  QUEUE_CONSUMERS,
  QUEUES,
  ROUTES,
  SCHEDULES,
  TABLE,
  toAwsCron,
} from '../../shared/wiring';
import {
  allows,
  allowsAnywhere,
  functionLogicalId,
  functionProps,
  functionStatements,
  type Json,
  outputRef,
  readBundleFile,
  refersTo,
  resourcesOfType,
  roleStatements,
  type Synthesized,
  synthesize,
} from './helpers';

let synthesized: Synthesized;
let json: Json;
beforeAll(() => {
  synthesized = synthesize({ failOnFindings: false });
  json = synthesized.json;
});

const tableId = () => outputRef(json, 'TableName');
const reviewQueueId = () => outputRef(json, 'ReviewQueueUrl');
const notificationQueueId = () => outputRef(json, 'NotificationQueueUrl');
const deadLetterQueueId = () => outputRef(json, 'DeadLetterQueueUrl');
const reportsBucketId = () => outputRef(json, 'ReportsBucketName');
const secretId = () => {
  const [entry] = resourcesOfType(json, 'AWS::SecretsManager::Secret');
  if (!entry) throw new Error('no secret');
  return entry[0];
};
const props = (logicalId: string): Json => json.Resources[logicalId].Properties;

describe('HTTP API routes', () => {
  const routes = () => resourcesOfType(json, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);

  it('has exactly the routes wiring declares, so local-only routes such as /api/health never deploy', () => {
    const keys = routes().map((route) => route.RouteKey);
    expect(keys.sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    expect(keys.some((key: string) => key.includes('/api/health'))).toBe(false);
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s integrates its declared function with payload format 2.0 and its declared auth',
    (key, route) => {
      const [routeProps] = routes().filter((candidate) => candidate.RouteKey === key);
      const integrationId = routeProps.Target['Fn::Join'][1][1].Ref;
      const integration = props(integrationId);
      expect(integration.IntegrationType).toBe('AWS_PROXY');
      expect(integration.PayloadFormatVersion).toBe('2.0');
      expect(refersTo(integration.IntegrationUri, functionLogicalId(json, route.function))).toBe(true);
      // Public routes: the CloudFront origin header check (a Lambda REQUEST authorizer); edge.test.ts.
      expect(routeProps.AuthorizationType).toBe(route.auth === 'jwt' ? 'JWT' : 'CUSTOM');
    },
  );

  it('serves a $default stage that auto-deploys, is throttled and writes access logs', () => {
    synthesized.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('gives API Gateway permission to invoke only the functions behind routes, and the origin check', () => {
    const invoked = resourcesOfType(json, 'AWS::Lambda::Permission')
      .filter(([, permission]) => permission.Properties.Principal === 'apigateway.amazonaws.com')
      .map(([, permission]) => permission.Properties.FunctionName);
    for (const name of FUNCTION_NAMES) {
      const routed = ROUTES.some((route) => route.function === name) || name === ORIGIN_HEADER.function;
      expect(refersTo(invoked, functionLogicalId(json, name)), name).toBe(routed);
    }
  });
});

describe('functions', () => {
  it.each(FUNCTION_NAMES)(
    '%s runs Node.js 22.x on arm64 with tracing, its timeout, memory and log group',
    (name) => {
      const fn = functionProps(json, name);
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Handler).toBe('index.handler');
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Timeout).toBe(FUNCTIONS[name].timeoutSeconds);
      expect(fn.MemorySize).toBe(FUNCTIONS[name].memoryMb);
      // The source map ships beside the bundle, unread at start-up (README, "Stack traces").
      expect(fn.Environment.Variables.NODE_OPTIONS ?? '').not.toContain('--enable-source-maps');
      expect(fn.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe(name);
      const logGroupId = fn.LoggingConfig.LogGroup.Ref;
      expect(props(logGroupId).RetentionInDays).toBeGreaterThan(0);
    },
  );

  it.each(FUNCTION_NAMES)('%s gets exactly the environment variables its access needs', (name) => {
    const variables = functionProps(json, name).Environment.Variables;
    const access: FunctionAccess = FUNCTIONS[name].access;
    expect(refersTo(variables[ENV.tableName], tableId()), ENV.tableName).toBe(access.table !== undefined);
    expect(refersTo(variables[ENV.reviewQueueUrl], reviewQueueId()), ENV.reviewQueueUrl).toBe(
      access.reviewQueue === 'send',
    );
    expect(refersTo(variables[ENV.hashKeySecretArn], secretId()), ENV.hashKeySecretArn).toBe(
      access.hashKey === true,
    );
    expect(refersTo(variables[ENV.reportsBucket], reportsBucketId()), ENV.reportsBucket).toBe(
      access.reportsBucket === 'write',
    );
  });

  it('reads source maps at start-up only when a deployment asks for it (-c sourceMaps=true)', () => {
    const debugging = synthesize({
      bundle: false,
      failOnFindings: false,
      context: { sourceMaps: 'true' },
    }).json;
    for (const name of FUNCTION_NAMES)
      expect(functionProps(debugging, name).Environment.Variables.NODE_OPTIONS, name).toBe(
        '--enable-source-maps',
      );
    expect(() => synthesize({ bundle: false, context: { sourceMaps: 'yes' } })).toThrow(/sourceMaps/);
  });

  it.each(FUNCTION_NAMES)('%s is bundled as ESM with a require shim and a source map', (name) => {
    const code = readBundleFile(synthesized, name, 'index.mjs');
    expect(code.startsWith('import { createRequire')).toBe(true);
    expect(code).toContain('sourceMappingURL=index.mjs.map');
    expect(JSON.parse(readBundleFile(synthesized, name, 'index.mjs.map')).version).toBe(3);
  });

  // Every module in a bundle is parsed at each cold start (README, "Cold start by function"), so what
  // only some functions need stays out of the others.
  /** Whether a function's bundle holds a file (or, for a path ending in `/`, anything in that folder). */
  const carries = (name: FunctionName, path: string): boolean =>
    (JSON.parse(readBundleFile(synthesized, name, 'index.mjs.map')).sources as string[]).some((source) =>
      path.endsWith('/') ? source.includes(path) : source.endsWith(path),
    );
  const VALIDATING: readonly FunctionName[] = ['intake', 'verification', 'review', 'staff'];
  it.each(FUNCTION_NAMES)('%s bundles zod only if it validates a request body', (name) => {
    expect(carries(name, 'node_modules/zod/')).toBe(VALIDATING.includes(name));
  });

  it.each(FUNCTION_NAMES)('%s bundles the application form’s rules only if it is intake', (name) => {
    expect(carries(name, 'shared/domain/application-rules.ts')).toBe(name === 'intake');
  });

  it.each(FUNCTION_NAMES)('%s bundles the approval transaction only if it is review', (name) => {
    expect(carries(name, 'shared/storage/decisions.ts')).toBe(name === 'review');
  });

  const SENDING_SMS: readonly FunctionName[] = ['verification', 'notify'];
  it.each(FUNCTION_NAMES)('%s bundles the SMS templates only if it sends SMS', (name) => {
    expect(carries(name, 'shared/sms/templates.ts')).toBe(SENDING_SMS.includes(name));
  });

  it.each(FUNCTION_NAMES)('%s bundles the run-time wiring, not the stacks’ declarations', (name) => {
    expect(carries(name, 'shared/wiring.ts')).toBe(false);
  });
});

describe('least-privilege IAM', () => {
  const writeActions = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ];

  it('lets intake write the table transactionally, enqueue for review and read the hashing key', () => {
    const statements = functionStatements(json, 'intake');
    // TransactWriteItems is authorised per item by these actions (there is no separate IAM action); its
    // transactions have no ConditionCheck item, so no dynamodb:ConditionCheckItem.
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem']) {
      expect(allows(statements, action, tableId()), action).toBe(true);
    }
    expect(allowsAnywhere(statements, 'dynamodb:ConditionCheckItem')).toBe(false);
    expect(allows(statements, 'sqs:SendMessage', reviewQueueId())).toBe(true);
    expect(allows(statements, 'secretsmanager:GetSecretValue', secretId())).toBe(true);
  });

  it('lets status only read the table, one item at a time', () => {
    const statements = functionStatements(json, 'status');
    expect(allows(statements, 'dynamodb:GetItem', tableId())).toBe(true);
    for (const action of [...writeActions, 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem']) {
      expect(allowsAnywhere(statements, action), action).toBe(false);
    }
    expect(allowsAnywhere(statements, 'sqs:SendMessage')).toBe(false);
    expect(allowsAnywhere(statements, 'secretsmanager:GetSecretValue')).toBe(false);
  });

  it('lets screening consume the review queue and send only to the notifications queue', () => {
    const statements = functionStatements(json, 'screening');
    expect(allows(statements, 'sqs:ReceiveMessage', reviewQueueId())).toBe(true);
    expect(allows(statements, 'sqs:DeleteMessage', reviewQueueId())).toBe(true);
    expect(allows(statements, 'sqs:SendMessage', notificationQueueId())).toBe(true);
    expect(allows(statements, 'sqs:SendMessage', reviewQueueId())).toBe(false);
  });

  it('lets notify consume the notifications queue and send to no queue', () => {
    const statements = functionStatements(json, 'notify');
    expect(allows(statements, 'sqs:ReceiveMessage', notificationQueueId())).toBe(true);
    expect(allows(statements, 'sqs:DeleteMessage', notificationQueueId())).toBe(true);
    expect(allowsAnywhere(statements, 'sqs:SendMessage')).toBe(false);
  });

  it.each(FUNCTION_NAMES)(
    '%s has table, queue and key permissions exactly as its access declares',
    (name) => {
      const statements = functionStatements(json, name);
      const access: FunctionAccess = FUNCTIONS[name].access;
      // What each function may do to the table, by key, is checked in table-grants.test.ts.
      const onTable = statements.filter((statement) =>
        statement.actions.some((action) => action.startsWith('dynamodb:')),
      );
      expect(onTable.length > 0, 'table').toBe(access.table !== undefined);
      expect(
        onTable.every((statement) => refersTo(statement.resource, tableId())),
        'this table only',
      ).toBe(true);
      expect(allowsAnywhere(statements, 'dynamodb:PutItem'), 'write').toBe(
        Object.values(access.table?.items ?? {}).some((actions) => actions.includes('PutItem')),
      );
      expect(allows(statements, 'sqs:SendMessage', reviewQueueId()), 'send for review').toBe(
        access.reviewQueue === 'send',
      );
      expect(allows(statements, 'sqs:SendMessage', notificationQueueId()), 'send notifications').toBe(
        access.notificationQueue === 'send',
      );
      expect(allowsAnywhere(statements, 'sqs:SendMessage'), 'send anywhere').toBe(
        access.reviewQueue === 'send' || access.notificationQueue === 'send',
      );
      expect(allowsAnywhere(statements, 'secretsmanager:GetSecretValue'), 'key').toBe(
        access.hashKey === true,
      );
      expect(allows(statements, 's3:PutObject', reportsBucketId()), 'reports bucket').toBe(
        access.reportsBucket === 'write',
      );
      expect(allowsAnywhere(statements, 's3:PutObject'), 'any bucket').toBe(access.reportsBucket === 'write');
    },
  );

  it('uses Resource "*" only for X-Ray (no resource-level permissions) and for SMS with no origination identity set', () => {
    const starStatements = resourcesOfType(json, 'AWS::IAM::Role').flatMap(([roleId]) =>
      roleStatements(json, roleId).filter((statement) => statement.resource === '*'),
    );
    expect(starStatements.length).toBeGreaterThan(0);
    for (const statement of starStatements) {
      expect(
        statement.actions.every(
          (action) => action.startsWith('xray:') || action === 'sms-voice:SendTextMessage',
        ),
        statement.actions.join(', '),
      ).toBe(true);
    }
  });

  it('lets only the functions that send SMS send them, and none read the provider keys on AWS', () => {
    for (const name of FUNCTION_NAMES) {
      const statements = functionStatements(json, name);
      expect(allowsAnywhere(statements, 'sms-voice:SendTextMessage'), name).toBe(
        (FUNCTIONS[name].access as FunctionAccess).sms === true,
      );
    }
  });

  it('attaches no managed policies to function roles', () => {
    for (const name of FUNCTION_NAMES) {
      expect(props(functionProps(json, name).Role['Fn::GetAtt'][0]).ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('review queue', () => {
  it.each(QUEUE_CONSUMERS.map((consumer) => [`${consumer.function} ← ${consumer.queue}`, consumer] as const))(
    'maps %s with partial batch failures and bounded concurrency',
    (_label, consumer) => {
      const [mapping] = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping').filter(([, candidate]) =>
        refersTo(candidate.Properties.FunctionName, functionLogicalId(json, consumer.function)),
      );
      const mappingProps = (mapping as [string, Json])[1].Properties;
      expect(mappingProps.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mappingProps.ScalingConfig).toEqual({ MaximumConcurrency: consumer.maxConcurrency });
      expect(mappingProps.BatchSize).toBe(consumer.batchSize);
      expect(mappingProps.MaximumBatchingWindowInSeconds).toBe(consumer.maxBatchingWindowSeconds);
      const queueId = mappingProps.EventSourceArn['Fn::GetAtt'][0];
      expect(props(queueId).VisibilityTimeout).toBe(QUEUES[consumer.queue].visibilityTimeoutSeconds);

      // Lambda's rule: the visibility timeout is at least six times the consumer's timeout.
      const timeout = functionProps(json, consumer.function).Timeout;
      expect(props(queueId).VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
    },
  );

  it('dead-letters after at least five receives into a queue that keeps messages longer', () => {
    const queue = props(reviewQueueId());
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(QUEUES.review.maxReceiveCount);
    expect(refersTo(queue.RedrivePolicy.deadLetterTargetArn, deadLetterQueueId())).toBe(true);
    expect(props(deadLetterQueueId()).MessageRetentionPeriod).toBeGreaterThan(queue.MessageRetentionPeriod);
  });

  it('encrypts every queue at rest and denies every request without TLS', () => {
    const queues = resourcesOfType(json, 'AWS::SQS::Queue');
    expect(queues.map(([id]) => id)).toEqual(expect.arrayContaining([reviewQueueId(), deadLetterQueueId()]));
    for (const [queueId, queue] of queues) {
      expect(
        queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined,
      ).toBe(true);
      const denies = resourcesOfType(json, 'AWS::SQS::QueuePolicy')
        .filter(([, policy]) => refersTo(policy.Properties.Queues, queueId))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[])
        .filter(
          (statement) =>
            statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        );
      expect(denies.length, queueId).toBeGreaterThan(0);
    }
  });

  it('alarms as soon as one message sits in the dead-letter queue', () => {
    const alarms = resourcesOfType(json, 'AWS::CloudWatch::Alarm')
      .map(([, alarm]) => alarm.Properties)
      .filter((alarm) => refersTo(alarm.Dimensions, deadLetterQueueId()));
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
      }),
    );
  });
});

describe('table', () => {
  it('is on demand, recoverable, encrypted, expiring and retained', () => {
    const table = json.Resources[tableId()];
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.SSESpecification.SSEEnabled).toBe(true);
    expect(table.Properties.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE.ttlAttribute,
      Enabled: true,
    });
  });

  it('has the keys and indexes wiring declares, all strings', () => {
    const table = props(tableId());
    expect(table.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.AttributeDefinitions.every((definition: Json) => definition.AttributeType === 'S')).toBe(
      true,
    );
    expect(
      table.GlobalSecondaryIndexes.map((index: Json) => ({
        name: index.IndexName,
        partitionKey: index.KeySchema[0].AttributeName,
        sortKey: index.KeySchema[1].AttributeName,
        projection: index.Projection.ProjectionType,
        include: [...(index.Projection.NonKeyAttributes ?? [])].sort(),
      })),
    ).toEqual(
      TABLE.indexes.map((index) => ({
        name: index.name,
        partitionKey: index.partitionKey,
        sortKey: index.sortKey,
        projection: index.include === 'ALL' ? 'ALL' : 'INCLUDE',
        include: index.include === 'ALL' ? [] : [...index.include].sort(),
      })),
    );
  });
});

describe('hashing key', () => {
  it('is a generated 64-character secret without punctuation, retained', () => {
    const secret = json.Resources[secretId()];
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });
});

describe('schedules', () => {
  it.each(SCHEDULES.map((schedule) => [schedule.name, schedule] as const))(
    '%s invokes its function with its declared input, on the declared cron in the declared time zone',
    (_name, declaration) => {
      const fnId = functionLogicalId(json, declaration.function as FunctionName);
      // Found by description: several schedules may target one function (weekly and monthly reports).
      const matches = resourcesOfType(json, 'AWS::Scheduler::Schedule')
        .map(([, schedule]) => schedule.Properties)
        .filter((schedule) => schedule.Description === declaration.description);
      expect(matches).toHaveLength(1);
      const [schedule] = matches;
      expect(refersTo(schedule.Target.Arn, fnId)).toBe(true);
      expect(schedule.ScheduleExpression).toBe(toAwsCron(declaration.cron));
      expect(schedule.ScheduleExpressionTimezone).toBe(declaration.timeZone);
      expect(schedule.State).toBe('ENABLED');
      expect(JSON.parse(schedule.Target.Input)).toEqual(declaration.input);
      expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(schedule.Target.DeadLetterConfig.Arn).toBeDefined();

      const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0];
      expect(allows(roleStatements(json, roleId), 'lambda:InvokeFunction', fnId)).toBe(true);
    },
  );
});

describe('outputs', () => {
  it('exports the API URL, web URL, table name, queue URLs and reports bucket name', () => {
    expect(Object.keys(json.Outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'WebUrl',
        'TableName',
        'ReviewQueueUrl',
        'DeadLetterQueueUrl',
        'ReportsBucketName',
      ]),
    );
  });
});

describe('SMS and migrations', () => {
  it.each(FUNCTION_NAMES)(
    '%s bundles an SMS provider only if it sends SMS, and then only its own',
    (name) => {
      const bundle = readBundleFile(synthesized, name, 'index.mjs');
      const sends = (FUNCTIONS[name].access as FunctionAccess).sms === true;
      expect(bundle.includes('SendTextMessage'), 'AWS End User Messaging').toBe(sends);
      expect(bundle).not.toContain('tencentcloud');
      expect(bundle).not.toContain('dysmsapi');
      expect(bundle).not.toContain('sms-outbox');
      if (sends) expect(functionProps(json, name).Environment.Variables[ENV.smsProvider]).toBe('aws');
    },
  );

  it('runs the migrate function on every deployment, after the table exists', () => {
    const triggers = resourcesOfType(json, 'Custom::Trigger');
    expect(triggers).toHaveLength(1);
    const [, trigger] = triggers[0] as [string, Json];
    // The function's current version: a new bundle (a new migration) runs again on deploy.
    const version = trigger.Properties.HandlerArn.Ref as string;
    expect(json.Resources[version].Type).toBe('AWS::Lambda::Version');
    expect(
      refersTo(json.Resources[version].Properties.FunctionName, functionLogicalId(json, 'migrate')),
    ).toBe(true);
    expect(JSON.stringify(trigger.DependsOn ?? [])).toContain(outputRef(json, 'TableName'));
  });
});
