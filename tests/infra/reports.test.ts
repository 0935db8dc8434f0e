/**
 * Coverage reports in the deployed stack: the weekly and monthly schedules with their inputs, the private
 * bucket of report CSVs, who may write to it, and the JWT authorizer on every report route.
 */
import { type CfnElement, Validations } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORTS_KEY_PREFIX } from '../../infra/constructs/reports-bucket';
import {
  ENV,
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  ROUTES,
  SCHEDULES,
  type ScheduleDeclaration,
  toAwsCron,
} from '../../shared/wiring';
import {
  allows,
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

const resource = (logicalId: string): Json => json.Resources[logicalId];
const props = (logicalId: string): Json => resource(logicalId).Properties;
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const accessOf = (name: FunctionName): FunctionAccess => FUNCTIONS[name].access;
const bucketId = () => outputRef(json, 'ReportsBucketName');
const reportsFunctionId = () => functionLogicalId(json, 'reports');

/** `<bucket ARN>/coverage/*`, as CloudFormation writes it. */
const reportObjectsArn = () => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, `/${REPORTS_KEY_PREFIX}*`]],
});

const declaredSchedule = (name: string): ScheduleDeclaration => {
  const declaration = SCHEDULES.find((schedule) => schedule.name === name);
  if (!declaration) throw new Error(`wiring declares no schedule ${name}`);
  return declaration;
};
/** The schedule deployed for a declaration, found by its description (the two report schedules share a target). */
const deployedSchedule = (declaration: ScheduleDeclaration): Json => {
  const matches = resourcesOfType(json, 'AWS::Scheduler::Schedule')
    .map(([, schedule]) => schedule.Properties)
    .filter((schedule) => schedule.Description === declaration.description);
  if (matches.length !== 1)
    throw new Error(`expected one schedule for ${declaration.name}, found ${matches.length}`);
  return matches[0];
};

describe('report schedules', () => {
  const cases = [
    ['weekly-coverage-report', 'cron(0 8 ? * MON *)', { kind: 'weekly' }],
    ['monthly-coverage-report', 'cron(0 8 1 * ? *)', { kind: 'monthly' }],
  ] as const;

  it.each(cases)(
    '%s runs on %s in Asia/Shanghai and sends its declared input to the reports function',
    (name, expression, input) => {
      const declaration = declaredSchedule(name);
      expect(declaration.function).toBe('reports');
      const schedule = deployedSchedule(declaration);
      expect(schedule.ScheduleExpression).toBe(expression);
      expect(schedule.ScheduleExpression).toBe(toAwsCron(declaration.cron));
      expect(schedule.ScheduleExpressionTimezone).toBe('Asia/Shanghai');
      expect(schedule.ScheduleExpressionTimezone).toBe(declaration.timeZone);
      expect(schedule.State).toBe('ENABLED');
      expect(JSON.parse(schedule.Target.Input)).toEqual(input);
      expect(JSON.parse(schedule.Target.Input)).toEqual(declaration.input);

      expect(refersTo(schedule.Target.Arn, reportsFunctionId())).toBe(true);
      const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0];
      const statements = roleStatements(json, roleId);
      expect(allows(statements, 'lambda:InvokeFunction', reportsFunctionId())).toBe(true);
      for (const other of FUNCTION_NAMES.filter((candidate) => candidate !== 'reports')) {
        expect(refersTo(statements, functionLogicalId(json, other)), other).toBe(false);
      }
    },
  );
});

describe('reports bucket', () => {
  const bucket = () => props(bucketId());
  const policyStatements = (): Json[] =>
    resourcesOfType(json, 'AWS::S3::BucketPolicy')
      .filter(([, policy]) => policy.Properties.Bucket.Ref === bucketId())
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[]);
  const denies = (condition: (statement: Json) => boolean): boolean =>
    policyStatements().some(
      (statement) =>
        statement.Effect === 'Deny' &&
        statement.Principal?.AWS === '*' &&
        asArray(statement.Action).includes('s3:*') &&
        refersTo(statement.Resource, bucketId()) &&
        condition(statement),
    );

  it('is an S3 bucket, retained with the stack', () => {
    expect(resource(bucketId()).Type).toBe('AWS::S3::Bucket');
    expect(resource(bucketId()).DeletionPolicy).toBe('Retain');
    expect(resource(bucketId()).UpdateReplacePolicy).toBe('Retain');
  });

  it('blocks all public access, has ACLs disabled and grants nobody anything by bucket policy', () => {
    expect(bucket().PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket().OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(policyStatements().filter((statement) => statement.Effect === 'Allow')).toEqual([]);
  });

  it('denies every request without TLS, and with TLS older than 1.2', () => {
    expect(denies((statement) => statement.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
    expect(denies((statement) => statement.Condition?.NumericLessThan?.['s3:TlsVersion'] === 1.2)).toBe(true);
  });

  it('encrypts by default with the AWS managed KMS key, so the function needs no key permission', () => {
    const [rule, ...others] = bucket().BucketEncryption.ServerSideEncryptionConfiguration as Json[];
    expect(others).toEqual([]);
    expect(rule.ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms' });
    const statements = functionStatements(json, 'reports');
    expect(
      statements.some((statement) => statement.actions.some((action) => action.startsWith('kms:'))),
    ).toBe(false);
  });

  it('is versioned', () => {
    expect(bucket().VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('moves CSVs to Infrequent Access, expires them and their old versions, and aborts stale uploads', () => {
    const rules = bucket().LifecycleConfiguration.Rules as Json[];
    for (const rule of rules) {
      expect(rule.Status).toBe('Enabled');
      expect(rule.Prefix ?? rule.Filter, 'bucket-wide').toBeUndefined();
    }
    const main = rules.find((rule) => rule.ExpirationInDays !== undefined);
    expect(main.Transitions).toEqual([{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }]);
    expect(main.ExpirationInDays).toBeGreaterThan(main.Transitions[0].TransitionInDays);
    expect(main.ExpirationInDays).toBeGreaterThanOrEqual(3 * 365);
    expect(main.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 30 });
    expect(main.AbortIncompleteMultipartUpload).toEqual({ DaysAfterInitiation: 7 });
    expect(rules.some((rule) => rule.ExpiredObjectDeleteMarker === true)).toBe(true);
  });

  it("writes server access logs to the web hosting's log bucket, which accepts them only from this bucket", () => {
    const logging = bucket().LoggingConfiguration;
    const logBucketId: string = logging.DestinationBucketName.Ref;
    expect(logBucketId).not.toBe(bucketId());
    expect(logBucketId).toBe(
      synthesized.stack.getLogicalId(synthesized.stack.web.logBucket.node.defaultChild as CfnElement),
    );
    const prefix: string = logging.LogFilePrefix;
    expect(prefix).toMatch(/\/$/);
    const delivery = resourcesOfType(json, 'AWS::S3::BucketPolicy')
      .filter(([, policy]) => policy.Properties.Bucket.Ref === logBucketId)
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[])
      .filter((statement) => statement.Principal?.Service === 'logging.s3.amazonaws.com')
      .filter((statement) => refersTo(statement.Condition?.ArnLike?.['aws:SourceArn'], bucketId()));
    expect(delivery).toHaveLength(1);
    expect(delivery[0].Effect).toBe('Allow');
    expect(delivery[0].Action).toBe('s3:PutObject');
    expect(JSON.stringify(delivery[0].Resource)).toContain(`/${prefix}*`);
  });

  it('needs no cdk-nag acknowledgement of its own (logging, public access and TLS rules all met)', () => {
    const bucketConstructs = synthesized.stack.reports.node.findAll();
    const acknowledged = bucketConstructs
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(acknowledged).toEqual([]);
  });
});

describe('who may write report CSVs', () => {
  const s3Statements = (name: FunctionName) =>
    functionStatements(json, name).filter((statement) =>
      statement.actions.some((action) => action.startsWith('s3:') || action === '*'),
    );

  it('the reports function may s3:PutObject under coverage/ in the bucket, and do nothing else on S3', () => {
    const statements = s3Statements('reports');
    expect(statements).toEqual([
      { effect: 'Allow', actions: ['s3:PutObject'], resource: reportObjectsArn(), condition: undefined },
    ]);
  });

  it.each(FUNCTION_NAMES.filter((name) => accessOf(name).reportsBucket === undefined))(
    '%s has no S3 permission at all',
    (name) => {
      expect(s3Statements(name)).toEqual([]);
    },
  );

  it('no role but the reports function refers to the bucket in any IAM policy', () => {
    const reportsRoleId: string = functionProps(json, 'reports').Role['Fn::GetAtt'][0];
    const referring = resourcesOfType(json, 'AWS::IAM::Policy')
      .filter(([, policy]) => refersTo(policy.Properties.PolicyDocument, bucketId()))
      .flatMap(([, policy]) => asArray<Json>(policy.Properties.Roles));
    expect(referring).toEqual([{ Ref: reportsRoleId }]);
  });

  it.each(FUNCTION_NAMES)(
    `%s has ${ENV.reportsBucket} exactly when its access declares the bucket`,
    (name) => {
      const variables = functionProps(json, name).Environment.Variables;
      const declared = accessOf(name).reportsBucket === 'write';
      expect(variables[ENV.reportsBucket] !== undefined, name).toBe(declared);
      if (declared) expect(variables[ENV.reportsBucket]).toEqual({ Ref: bucketId() });
    },
  );

  it('the bundled handler writes under the prefix it is allowed, to the bucket its environment names', () => {
    const code = readBundleFile(synthesized, 'reports', 'index.mjs');
    // The prefix is declared once in the wiring; the bundle carries it as a string.
    expect(code.includes(`"${REPORTS_KEY_PREFIX}"`), 'key prefix').toBe(true);
    expect(code.includes(ENV.reportsBucket), 'environment variable').toBe(true);
  });

  it('exports the bucket name', () => {
    expect(json.Outputs.ReportsBucketName.Value).toEqual({ Ref: bucketId() });
  });
});

describe('report routes', () => {
  const reportRoutes = ROUTES.filter((route) => route.path.startsWith('/api/reports/coverage'));

  it('wiring declares the four coverage routes (README, "Coverage reports"), all for signed-in staff', () => {
    expect(reportRoutes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      [
        'GET /api/reports/coverage',
        'POST /api/reports/coverage',
        'GET /api/reports/coverage/latest',
        'GET /api/reports/coverage/{id}',
      ].sort(),
    );
  });

  it.each(reportRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s carries the JWT authorizer and reaches the reports function',
    (key, route) => {
      expect(route.auth).toBe('jwt');
      const deployed = resourcesOfType(json, 'AWS::ApiGatewayV2::Route')
        .map(([, candidate]) => candidate.Properties)
        .filter((candidate) => candidate.RouteKey === key);
      expect(deployed).toHaveLength(1);
      const [routeProps] = deployed;
      expect(routeProps.AuthorizationType).toBe('JWT');
      const authorizer = resource(routeProps.AuthorizerId.Ref);
      expect(authorizer.Type).toBe('AWS::ApiGatewayV2::Authorizer');
      expect(authorizer.Properties.AuthorizerType).toBe('JWT');
      expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([
        { Ref: outputRef(json, 'UserPoolClientId') },
      ]);
      const integrationId = routeProps.Target['Fn::Join'][1][1].Ref;
      expect(refersTo(props(integrationId).IntegrationUri, reportsFunctionId())).toBe(true);
    },
  );
});
