/**
 * The SMS construct and `bindSms` on a small stack with one BaseFunction, per provider: the IAM
 * statements, the SMS_* variables, the bundler define, the credentials secret, and cdk-nag with nothing
 * left unacknowledged. Bundling is skipped (`aws:cdk:bundling-stacks`): nothing here reads the code.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { BaseFunction } from '../../infra/constructs/base-function';
import {
  bindSms,
  SMS_CONTEXT,
  Sms,
  type SmsSettings,
  smsBundlingDefine,
  smsSettingsFromContext,
} from '../../infra/constructs/sms';
import { ENV, FUNCTIONS } from '../../shared/wiring';
import { type Json, resourcesOfType, roleStatements, type Statement } from './helpers';

const TEMPLATE_IDS = JSON.stringify({
  verification: { 'zh-CN': 'SMS_1', en: 'SMS_2' },
  idNumberUsed: 'SMS_3',
  alreadyMember: 'SMS_4',
  decisionApproved: 'SMS_41',
  decisionRejected: 'SMS_42',
  reviewDigest: 'SMS_43',
  overdueDigest: 'SMS_44',
});
const SIGN_NAME = '昭通市总工会';

interface Synthesized {
  json: Json;
  sms: Sms;
  functionId: string;
  roleId: string;
  statements: Statement[];
  environment: Record<string, Json>;
  violations: string[];
  acknowledged: string[];
}

const synth = (settings: SmsSettings): Synthesized => {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'gig-union-sms-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'SmsTest');
  const sms = new Sms(stack, 'Sms', { settings });
  const fn = new BaseFunction(stack, 'IntakeFunction', {
    name: 'intake',
    declaration: FUNCTIONS.intake,
    bundling: { define: sms.bundlingDefine },
  });
  bindSms(fn, sms);
  const assembly = app.synth(); // throws on an unacknowledged cdk-nag error
  const json = assembly.getStackArtifact(stack.artifactId).template as Json;
  const [functionId, lambda] = resourcesOfType(json, 'AWS::Lambda::Function')[0] as [string, Json];
  const roleId: string = lambda.Properties.Role['Fn::GetAtt'][0];
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as Json;
  return {
    json,
    sms,
    functionId,
    roleId,
    statements: roleStatements(json, roleId),
    environment: lambda.Properties.Environment.Variables,
    violations: (report.pluginReports as Json[]).flatMap((plugin) =>
      (plugin.violations as Json[]).map((violation) => `${plugin.pluginName}: ${violation.ruleName}`),
    ),
    acknowledged: stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>)),
  };
};

const smsStatements = (synthesized: Synthesized) =>
  synthesized.statements.filter((statement) =>
    statement.actions.some((action) => action.startsWith('sms-voice:')),
  );
const secretStatements = (synthesized: Synthesized) =>
  synthesized.statements.filter((statement) =>
    statement.actions.some((action) => action.startsWith('secretsmanager:')),
  );
const smsEnvironment = (synthesized: Synthesized) =>
  Object.fromEntries(Object.entries(synthesized.environment).filter(([name]) => name.startsWith('SMS_')));

describe('AWS End User Messaging SMS', () => {
  it('without an origination identity: SendTextMessage on any resource, acknowledged, and no secret', () => {
    const synthesized = synth({ provider: 'aws', signName: SIGN_NAME });
    expect(smsStatements(synthesized)).toEqual([
      { effect: 'Allow', actions: ['sms-voice:SendTextMessage'], resource: '*', condition: undefined },
    ]);
    expect(smsEnvironment(synthesized)).toEqual({ [ENV.smsProvider]: 'aws', [ENV.smsSignName]: SIGN_NAME });
    expect(resourcesOfType(synthesized.json, 'AWS::SecretsManager::Secret')).toEqual([]);
    expect(secretStatements(synthesized)).toEqual([]);
    expect(synthesized.sms.bundlingDefine).toEqual({ 'process.env.SMS_PROVIDER': '"aws"' });
    expect(synthesized.violations).toEqual([]);
    // BaseFunction's (X-Ray) and the SMS policy's own.
    expect(synthesized.acknowledged.filter((id) => id.includes('IAM5[Resource::*]'))).toHaveLength(2);
  });

  it('with a pool ID: SendTextMessage on that pool alone, in the configured Region', () => {
    const synthesized = synth({
      provider: 'aws',
      originationIdentity: 'pool-abc123',
      region: 'ap-southeast-1',
    });
    expect(smsStatements(synthesized)).toEqual([
      {
        effect: 'Allow',
        actions: ['sms-voice:SendTextMessage'],
        resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':sms-voice:ap-southeast-1:',
              { Ref: 'AWS::AccountId' },
              ':pool/pool-abc123',
            ],
          ],
        },
        condition: undefined,
      },
    ]);
    expect(smsEnvironment(synthesized)).toEqual({
      [ENV.smsProvider]: 'aws',
      [ENV.smsRegion]: 'ap-southeast-1',
      [ENV.smsOriginationIdentity]: 'pool-abc123',
    });
    expect(synthesized.acknowledged.filter((id) => id.includes('IAM5[Resource::*]'))).toHaveLength(1); // X-Ray's alone
    expect(synthesized.violations).toEqual([]);
  });

  it('with a phone number ARN: SendTextMessage on exactly that ARN', () => {
    const arn = 'arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-0123456789abcdef';
    const synthesized = synth({ provider: 'aws', originationIdentity: arn });
    expect(smsStatements(synthesized).map((statement) => statement.resource)).toEqual([arn]);
    expect(synthesized.violations).toEqual([]);
  });
});

describe.each([
  ['aliyun', {}],
  ['tencent', { appId: '1400123456' }],
] as const)('%s', (provider, extra) => {
  let synthesized: Synthesized;
  let secrets: [string, Json][];
  beforeAll(() => {
    synthesized = synth({ provider, signName: SIGN_NAME, templateIds: TEMPLATE_IDS, ...extra });
    secrets = resourcesOfType(synthesized.json, 'AWS::SecretsManager::Secret');
  });

  it('creates one credentials secret holding an empty pair to fill in, under the default KMS key', () => {
    expect(secrets).toHaveLength(1);
    const [, secret] = secrets[0] as [string, Json];
    expect(JSON.parse(secret.Properties.SecretString)).toEqual({ id: '', secret: '' });
    expect(secret.Properties.GenerateSecretString).toBeUndefined();
    expect(secret.Properties.KmsKeyId).toBeUndefined();
  });

  it('lets the function read that secret and nothing of End User Messaging', () => {
    const [secretId] = secrets[0] as [string, Json];
    const reads = secretStatements(synthesized);
    expect(reads).toHaveLength(1);
    expect(reads[0]?.actions.sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(reads[0]?.resource).toEqual({ Ref: secretId });
    expect(smsStatements(synthesized)).toEqual([]);
  });

  it('sets the SMS_* variables the provider needs and the define that bundles it alone', () => {
    const [secretId] = secrets[0] as [string, Json];
    expect(smsEnvironment(synthesized)).toEqual({
      [ENV.smsProvider]: provider,
      [ENV.smsSignName]: SIGN_NAME,
      [ENV.smsTemplateIds]: TEMPLATE_IDS,
      [ENV.smsCredentialsSecretArn]: { Ref: secretId },
      ...('appId' in extra ? { [ENV.smsAppId]: extra.appId } : {}),
    });
    expect(synthesized.sms.bundlingDefine).toEqual(smsBundlingDefine(provider));
  });

  it('leaves cdk-nag nothing unacknowledged, and acknowledges only the rotation finding', () => {
    expect(synthesized.violations).toEqual([]);
    expect(synthesized.acknowledged.filter((id) => id.includes('SMG4'))).toHaveLength(1);
    expect(synthesized.acknowledged.filter((id) => id.includes('IAM5[Resource::*]'))).toHaveLength(1); // X-Ray's, from BaseFunction
  });
});

describe('settings', () => {
  const fromContext = (context: Record<string, unknown>) =>
    smsSettingsFromContext(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));

  it('reads every setting from context, templateIds as a string or (cdk.json) an object', () => {
    const settings = fromContext({
      [SMS_CONTEXT.provider]: 'tencent',
      [SMS_CONTEXT.signName]: SIGN_NAME,
      [SMS_CONTEXT.templateIds]: JSON.parse(TEMPLATE_IDS),
      [SMS_CONTEXT.appId]: '1400123456',
      [SMS_CONTEXT.region]: 'ap-guangzhou',
    });
    expect(settings).toEqual({
      provider: 'tencent',
      signName: SIGN_NAME,
      templateIds: TEMPLATE_IDS,
      appId: '1400123456',
      region: 'ap-guangzhou',
    });
  });

  it.each([
    [{}, /-c smsProvider=aws, aliyun, tencent/],
    [{ target: 'china' }, /-c smsProvider=aliyun or tencent/],
    [{ target: 'china', smsProvider: 'aws' }, /not offered in the China Regions/],
    [{ smsProvider: 'sns' }, /must be one of aws, aliyun, tencent/],
    [{ smsProvider: 'aliyun', smsSignName: SIGN_NAME }, /needs context smsTemplateIds/],
    [
      { smsProvider: 'tencent', smsSignName: SIGN_NAME, smsTemplateIds: TEMPLATE_IDS },
      /needs context smsAppId/,
    ],
    [
      { smsProvider: 'aliyun', smsSignName: SIGN_NAME, smsTemplateIds: '{"verification":"SMS_1"}' },
      /no usable id for: idNumberUsed, alreadyMember/,
    ],
    [{ smsProvider: 'aws', smsOriginationIdentity: '+8613800138000' }, /must be an ARN, a phone number ID/],
  ])('refuses %j', (context, message) => {
    expect(() => fromContext(context)).toThrow(message);
  });
});
