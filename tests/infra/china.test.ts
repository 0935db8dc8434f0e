/**
 * Issue 11: `-c target=china` synthesizes a stack of only what the China Regions offer
 * (infra/china/availability.ts), and stops synth naming whatever it lacks. Read from the synthesized
 * template of the real app (with cdk-nag), as `npx cdk synth -c target=china …` writes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHECKED_ON,
  CHINA_OPT_IN_RESOURCE_TYPES,
  CHINA_REGIONS,
  CHINA_RESOURCE_TYPES,
  FEATURES,
} from '../../infra/china/availability';
import { cleanUrlKey, WebHosting } from '../../infra/constructs/web-hosting';
import { cronToUtc } from '../../infra/schedule-utc';
import { PAGES } from '../../shared/web/pages';
import { STATIC_DOCUMENTS, staticDocumentKey } from '../../shared/web/static-documents';
import {
  ENV,
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionAccess,
  SCHEDULES,
  toAwsCron,
} from '../../shared/wiring';
import {
  allows,
  allowsAnywhere,
  dependsOn,
  expectStaticDocumentsFromTheSite,
  functionLogicalId,
  functionProps,
  functionStatements,
  type Json,
  refersTo,
  resourcesOfType,
  type Synthesized,
  synthesize,
} from './helpers';

const ISSUER = 'https://sso.example.cn/realms/union';
const CLIENT_ID = 'review-console';
const IAM_CERTIFICATE_ID = 'ASCA0123456789ABCDEFGH';
const API_CERTIFICATE =
  'arn:aws-cn:acm:cn-north-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000000';

/** What README's China synth passes: `-c target=china -c oidcIssuer=… …`. */
const CHINA_CONTEXT = {
  target: 'china',
  oidcIssuer: ISSUER,
  oidcClientId: CLIENT_ID,
  smsProvider: 'aliyun',
  smsSignName: '昭通市总工会',
  smsTemplateIds:
    '{"verification":"SMS_1","idNumberUsed":"SMS_2","alreadyMember":"SMS_3","decisionApproved":"SMS_31","decisionRejected":"SMS_32","reviewDigest":"SMS_33","overdueDigest":"SMS_34"}',
  webDomain: 'join.example.cn',
  webCertificateId: IAM_CERTIFICATE_ID,
  apiDomain: 'api.join.example.cn',
  apiCertificateArn: API_CERTIFICATE,
} as const;

const china = (
  context: Record<string, unknown> = {},
  options: Omit<Parameters<typeof synthesize>[0] & object, 'context'> = {},
): Synthesized => synthesize({ bundle: false, ...options, context: { ...CHINA_CONTEXT, ...context } });

const violationsOf = (app: Synthesized): string[] => {
  const report = JSON.parse(
    readFileSync(join(app.assembly.directory, 'validation-report.json'), 'utf8'),
  ) as Json;
  return (report.pluginReports as Json[]).flatMap((plugin) =>
    (plugin.violations as Json[]).map((violation) => `${plugin.pluginName}: ${violation.ruleName}`),
  );
};

const acknowledgedIds = (root: IConstruct): string[] =>
  root.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
    .map((id) => id.replace(/^annotation::/i, ''));

let synthesized: Synthesized;
let json: Json;
/** The same stack pinned to Beijing: partition and URL suffix rendered as literals (aws-cn, amazonaws.com.cn). */
let pinned: Json;
beforeAll(() => {
  synthesized = china();
  json = synthesized.json;
  pinned = china({}, { stackProps: { env: { account: '123456789012', region: 'cn-north-1' } } }).json;
});

const one = (from: Json, type: string): [string, Json] => {
  const found = resourcesOfType(from, type);
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Json];
};
const distributionConfig = (from: Json): Json =>
  one(from, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;

describe('only what the China Regions offer', () => {
  it.each([
    ['the CLI (environment-agnostic)', () => json],
    ['cn-north-1', () => pinned],
  ])('uses only resource types on the availability list, %s', (_where, template) => {
    const types = [...new Set(Object.values<Json>(template().Resources).map((resource) => resource.Type))];
    const unlisted = types.filter((type) => !(type in CHINA_RESOURCE_TYPES));
    expect(unlisted).toEqual([]);
    for (const type of Object.keys(CHINA_OPT_IN_RESOURCE_TYPES)) expect(types).not.toContain(type);
  });

  it('has no Cognito resource and no Cognito output', () => {
    for (const template of [json, pinned]) {
      expect(
        Object.values<Json>(template.Resources).filter((r) => r.Type.startsWith('AWS::Cognito::')),
      ).toEqual([]);
      expect(Object.keys(template.Outputs)).not.toEqual(expect.arrayContaining(['UserPoolId']));
      expect(JSON.stringify(template)).not.toMatch(/cognito|amazoncognito/i);
    }
  });

  it('writes no literal arn:aws: anywhere: every ARN comes from the partition', () => {
    expect(JSON.stringify(json)).not.toContain('arn:aws:');
    expect(JSON.stringify(pinned)).not.toContain('arn:aws:');
    // Pinned, the partition is a literal, and it is China's.
    expect(JSON.stringify(pinned)).toContain('arn:aws-cn:');
  });

  it('has no WAF web ACL, and refuses one', () => {
    expect(resourcesOfType(json, 'AWS::WAFv2::WebACL')).toEqual([]);
    expect(distributionConfig(json).WebACLId).toBeUndefined();
    expect(() => china({ waf: 'true' })).toThrow(
      /-c waf=true: AWS WAF is regional only in the China Regions/,
    );
    expect(() =>
      china(
        {},
        { stackProps: { webAclId: 'arn:aws-cn:wafv2:cn-north-1:123456789012:regional/webacl/x/0c0ffee0' } },
      ),
    ).toThrow(/webAclId: AWS WAF is regional only/);
  });

  it('leaves cdk-nag nothing unacknowledged, and acknowledges only what China needs beyond global', () => {
    expect(violationsOf(synthesized)).toEqual([]);
    const acknowledged = acknowledgedIds(synthesized.stack);
    expect(acknowledged).toContain('AwsSolutions-CFR7');
    // No X-Ray, so no X-Ray wildcard to excuse; a domain, so no default-certificate excuse.
    expect(acknowledged.filter((id) => id === 'AwsSolutions-IAM5[Resource::*]')).toEqual([]);
    expect(acknowledged).not.toContain('AwsSolutions-CFR4');
  });
});

describe('staff sign-in with the OpenID Connect provider', () => {
  const jwtAuthorizers = () =>
    resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer').filter(
      ([, a]) => a.Properties.AuthorizerType === 'JWT',
    );

  it('checks its issuer, and the console client id as audience', () => {
    const [[, authorizer], ...others] = jwtAuthorizers() as [[string, Json]];
    expect(others).toEqual([]);
    expect(authorizer.Properties.JwtConfiguration).toEqual({ Issuer: ISSUER, Audience: [CLIENT_ID] });
    expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(json.Outputs.SignInIssuer.Value).toBe(ISSUER);
  });

  it('lets the console reach the issuer (CSP) and points it there (/review-config.json)', () => {
    const [, policy] = one(json, 'AWS::CloudFront::ResponseHeadersPolicy');
    const csp = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
    expect(csp.ContentSecurityPolicy).toContain("connect-src 'self' https://sso.example.cn;");
    const pages = resourcesOfType(json, 'Custom::CDKBucketDeployment').find(
      ([, deployment]) => deployment.Properties.DistributionId !== undefined,
    );
    expect(JSON.stringify(pages?.[1].Properties.SourceMarkers)).toContain('https://join.example.cn/review');
  });
});

describe('functions', () => {
  it.each(FUNCTION_NAMES)(
    '%s runs Node.js 22.x on x86_64 without X-Ray (no Lambda X-Ray integration in China)',
    (name) => {
      const fn = functionProps(json, name);
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['x86_64']);
      expect(fn.TracingConfig).toBeUndefined();
      const statements = functionStatements(json, name);
      expect(
        statements.some((statement) => statement.actions.some((action) => action.startsWith('xray:'))),
      ).toBe(false);
    },
  );

  it('sends SMS through the mainland provider, reading its keys from the secret, never End User Messaging', () => {
    for (const name of FUNCTION_NAMES) {
      const sends = (FUNCTIONS[name].access as FunctionAccess).sms === true;
      const variables = functionProps(json, name).Environment.Variables;
      expect(variables[ENV.smsProvider], name).toBe(sends ? 'aliyun' : undefined);
      const statements = functionStatements(json, name);
      expect(allowsAnywhere(statements, 'sms-voice:SendTextMessage'), name).toBe(false);
      if (sends) {
        const secretId: string = variables[ENV.smsCredentialsSecretArn].Ref;
        expect(allows(statements, 'secretsmanager:GetSecretValue', secretId), name).toBe(true);
      }
    }
    expect(() => china({ smsProvider: 'aws' })).toThrow(/not offered in the China Regions/);
  });
});

describe('schedules', () => {
  it('are EventBridge rules, their cron moved from Beijing time to UTC, invoking each function with its input', () => {
    expect(resourcesOfType(json, 'AWS::Scheduler::Schedule')).toEqual([]);
    const rules = resourcesOfType(json, 'AWS::Events::Rule').map(([, rule]) => rule.Properties);
    expect(rules).toHaveLength(SCHEDULES.length);
    for (const declaration of SCHEDULES) {
      const rule = rules.find((candidate) =>
        String(candidate.Description).startsWith(declaration.description),
      );
      expect(rule, declaration.name).toBeDefined();
      expect(rule.ScheduleExpression).toBe(toAwsCron(cronToUtc(declaration.cron, declaration.timeZone)));
      expect(rule.State).toBe('ENABLED');
      const [target] = rule.Targets as Json[];
      expect(refersTo(target.Arn, functionLogicalId(json, declaration.function))).toBe(true);
      expect(JSON.parse(target.Input)).toEqual(declaration.input);
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 });
      expect(target.DeadLetterConfig.Arn).toBeDefined();
    }
    const weekly = rules.find((rule) => String(rule.Description).startsWith('Coverage report for last week'));
    expect(weekly.ScheduleExpression).toBe('cron(0 0 ? * MON *)');
  });

  it('lets only EventBridge, for these rules, invoke the scheduled functions', () => {
    const permissions = resourcesOfType(json, 'AWS::Lambda::Permission').filter(
      ([, permission]) => permission.Properties.Principal === 'events.amazonaws.com',
    );
    expect(permissions).toHaveLength(SCHEDULES.length);
    for (const [, permission] of permissions) {
      expect(
        resourcesOfType(json, 'AWS::Events::Rule').some(([ruleId]) =>
          refersTo(permission.Properties.SourceArn, ruleId),
        ),
      ).toBe(true);
    }
  });

  it('can opt in to EventBridge Scheduler (-c schedules=scheduler), in Beijing time', () => {
    const opted = china({ schedules: 'scheduler' }).json;
    expect(resourcesOfType(opted, 'AWS::Events::Rule')).toEqual([]);
    const schedules = resourcesOfType(opted, 'AWS::Scheduler::Schedule').map(([, s]) => s.Properties);
    expect(schedules.map((s) => s.ScheduleExpressionTimezone)).toEqual(SCHEDULES.map((s) => s.timeZone));
    expect(JSON.stringify(opted)).not.toContain('arn:aws:');
    expect(() => china({ schedules: 'cron' })).toThrow(/-c schedules= takes scheduler or rules/);
  });
});

describe('web hosting on CloudFront in China', () => {
  it('serves on the ICP-filed domain with the IAM server certificate, TLS 1.2 over SNI', () => {
    const config = distributionConfig(json);
    expect(config.Aliases).toEqual(['join.example.cn']);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: IAM_CERTIFICATE_ID,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(json.Outputs.WebUrl.Value).toBe('https://join.example.cn');
    const [distributionId] = one(json, 'AWS::CloudFront::Distribution');
    expect(json.Outputs.WebDomainTarget.Value).toEqual({ 'Fn::GetAtt': [distributionId, 'DomainName'] });
  });

  it('uses HTTP/2 over IPv4, no CloudFront Function, no origin access control', () => {
    const config = distributionConfig(json);
    expect(config.HttpVersion).toBe('http2');
    expect(config.IPV6Enabled).toBe(false);
    expect(config.PriceClass).toBeUndefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toBeUndefined();
    expect(resourcesOfType(json, 'AWS::CloudFront::Function')).toEqual([]);
    expect(resourcesOfType(json, 'AWS::CloudFront::OriginAccessControl')).toEqual([]);
  });

  it('reads the site bucket through an origin access identity allowed GetObject only', () => {
    const [oaiId] = one(json, 'AWS::CloudFront::CloudFrontOriginAccessIdentity');
    const origin = (distributionConfig(json).Origins as Json[]).find((o) => o.S3OriginConfig);
    expect(refersTo(origin.S3OriginConfig.OriginAccessIdentity, oaiId)).toBe(true);
    const [siteBucketId] = origin.DomainName['Fn::GetAtt'];
    const allows = resourcesOfType(json, 'AWS::S3::BucketPolicy')
      .filter(([, policy]) => policy.Properties.Bucket.Ref === siteBucketId)
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[])
      .filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Action).toBe('s3:GetObject');
    expect(allows[0].Principal.CanonicalUser).toEqual({ 'Fn::GetAtt': [oaiId, 'S3CanonicalUserId'] });
  });

  it("sends /api to the API's own domain with the stack's own no-cache and all-viewer-headers policies", () => {
    const config = distributionConfig(json);
    const behavior = (config.CacheBehaviors as Json[]).find((b) => b.PathPattern === '/api/*');
    const [originRequestPolicyId] = one(json, 'AWS::CloudFront::OriginRequestPolicy');
    expect(behavior.OriginRequestPolicyId).toEqual({ Ref: originRequestPolicyId });
    const cachePolicy = json.Resources[behavior.CachePolicyId.Ref].Properties.CachePolicyConfig;
    expect([cachePolicy.MinTTL, cachePolicy.DefaultTTL, cachePolicy.MaxTTL]).toEqual([0, 0, 0]);
    const originRequest =
      json.Resources[behavior.OriginRequestPolicyId.Ref].Properties.OriginRequestPolicyConfig;
    expect(originRequest.HeadersConfig).toEqual({ HeaderBehavior: 'allExcept', Headers: ['Host'] });
    const [domainId] = one(json, 'AWS::ApiGatewayV2::DomainName');
    const origin = (config.Origins as Json[]).find((o) => o.Id === behavior.TargetOriginId);
    expect(origin.DomainName).toEqual({ Ref: domainId });
    expect(one(json, 'AWS::ApiGatewayV2::Api')[1].Properties.DisableExecuteApiEndpoint).toBe(true);
  });

  it('serves /api/catalog and /api/openapi.json from the bucket, ahead of /api/*, and no function serves them', () => {
    expectStaticDocumentsFromTheSite(json);
  });

  it('deploys each clean URL as an HTML object of its own, before the pages, which never prune it', () => {
    const deployments = resourcesOfType(json, 'Custom::CDKBucketDeployment');
    const clean = deployments.find(([, d]) =>
      d.Properties.SystemMetadata?.['content-type']?.startsWith('text/html'),
    );
    const pages = deployments.find(([, d]) => d.Properties.DistributionId !== undefined);
    if (!clean || !pages) throw new Error('expected the clean-URL and the pages deployments');
    const keys = Object.keys(PAGES)
      .filter((url) => url !== '/')
      .map(cleanUrlKey);
    expect(clean[1].Properties.Include).toEqual(keys);
    expect(clean[1].Properties.Exclude).toEqual(['*']);
    expect(clean[1].Properties.Prune).toBe(false);
    expect(clean[1].Properties.SystemMetadata['content-type']).toBe('text/html; charset=utf-8');
    expect(pages[1].Properties.Exclude).toEqual(expect.arrayContaining(keys));
    expect(dependsOn(json, pages[0], clean[0])).toBe(true);
  });

  it('builds the copies beside the site, whose api/ folder of documents the page /api would stand on: each clean key holds its page', () => {
    const app = new App();
    const stack = new Stack(app, 'ChinaWeb', { env: { account: '123456789012', region: 'cn-north-1' } });
    const web = new WebHosting(stack, 'Web', {
      apiDomainName: 'api.join.example.cn',
      edge: 'china',
      domain: { domainName: 'join.example.cn', iamCertificateId: IAM_CERTIFICATE_ID },
    });
    const assembly = app.synth();
    const site = join(assembly.directory, web.site.assetPath);
    if (!web.cleanUrlPages) throw new Error('no clean-URL copies');
    const copies = join(assembly.directory, web.cleanUrlPages.assetPath);
    for (const [url, file] of Object.entries(PAGES)) {
      if (url === '/') continue;
      expect(readFileSync(join(copies, cleanUrlKey(url)), 'utf8'), url).toBe(
        readFileSync(join(site, file), 'utf8'),
      );
    }
    for (const document of STATIC_DOCUMENTS) {
      expect(readFileSync(join(site, staticDocumentKey(document)), 'utf8'), document.path).toBe(
        document.body(),
      );
    }
    // The deployment's role may read the copies' asset as well as the site's.
    const template = assembly.getStackArtifact(stack.artifactId).template;
    const reads = resourcesOfType(template, 'AWS::IAM::Policy')
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[])
      .find((statement) => statement.Sid === 'ReadBuiltSite');
    expect(JSON.stringify(reads.Resource)).toContain(web.cleanUrlPages.s3ObjectKey);
    expect(JSON.stringify(reads.Resource)).toContain(web.site.s3ObjectKey);
    const [, deployment] =
      resourcesOfType(template, 'Custom::CDKBucketDeployment').find(([, d]) =>
        d.Properties.SystemMetadata?.['content-type']?.startsWith('text/html'),
      ) ?? [];
    expect(deployment.Properties.SourceObjectKeys).toEqual([web.cleanUrlPages.s3ObjectKey]);
  });

  it.each([
    ['no domain', {}, /cannot serve on its own \*\.cloudfront\.cn name/],
    ['an ACM certificate', { certificate: true }, /does not take ACM certificates/],
  ])('refuses %s', (_case, domain, message) => {
    const stack = new Stack(new App(), 'ChinaWeb');
    const props =
      'certificate' in domain
        ? {
            domain: {
              domainName: 'join.example.cn',
              certificate: { certificateArn: API_CERTIFICATE } as never,
            },
          }
        : {};
    expect(
      () => new WebHosting(stack, 'Web', { apiDomainName: 'api.join.example.cn', edge: 'china', ...props }),
    ).toThrow(message);
  });
});

describe('what a China synth requires', () => {
  const without = (...keys: (keyof typeof CHINA_CONTEXT)[]): Record<string, unknown> =>
    Object.fromEntries(Object.entries(CHINA_CONTEXT).filter(([key]) => !keys.includes(key as never)));
  const synthWithout =
    (...keys: (keyof typeof CHINA_CONTEXT)[]) =>
    () =>
      synthesize({ bundle: false, context: without(...keys) });

  it('names everything missing at once', () => {
    let message = '';
    try {
      synthesize({ bundle: false, context: { target: 'china' } });
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('-c target=china is missing 7 settings:');
    for (const key of [
      'oidcIssuer',
      'oidcClientId',
      'smsProvider=aliyun|tencent',
      'webDomain',
      'webCertificateId',
      'apiDomain',
      'apiCertificateArn',
    ]) {
      expect(message).toContain(`-c ${key}`);
    }
    expect(message).toContain('Cognito user pools are not offered in the China Regions');
    expect(message).toContain('ICP filing');
  });

  it.each([
    [['oidcIssuer'] as const, /needs both -c oidcIssuer=… and -c oidcClientId=…: oidcIssuer is missing/],
    [['oidcClientId'] as const, /oidcClientId is missing/],
    [
      ['oidcIssuer', 'oidcClientId'] as const,
      /missing 2 settings:\n {2}-c oidcIssuer=… .*\n {2}-c oidcClientId=…/,
    ],
    [
      ['smsProvider'] as const,
      /missing a setting:\n {2}-c smsProvider=aliyun\|tencent -c smsSignName=… -c smsTemplateIds=…/,
    ],
    [['smsTemplateIds'] as const, /SMS through aliyun needs context smsTemplateIds/],
    [
      ['webDomain', 'webCertificateId'] as const,
      /-c webDomain=… {2}the site's domain, with an ICP filing[\s\S]*-c webCertificateId=…/,
    ],
    [
      ['webCertificateId'] as const,
      /missing a setting:\n {2}-c webCertificateId=… {2}the IAM server certificate ID/,
    ],
    [['apiDomain', 'apiCertificateArn'] as const, /-c apiDomain=…[\s\S]*-c apiCertificateArn=…/],
  ])('without %j: %s', (keys, message) => {
    expect(synthWithout(...keys)).toThrow(message);
  });

  it.each([
    [
      'an http issuer',
      { oidcIssuer: 'http://sso.example.cn/realms/union' },
      /must be the provider's https issuer URL/,
    ],
    [
      'an ACM certificate for the site',
      { webCertificateId: undefined, webCertificateArn: API_CERTIFICATE },
      /does not take ACM certificates; upload the certificate to IAM/,
    ],
    [
      'a global ACM certificate for the API',
      { apiCertificateArn: API_CERTIFICATE.replace('aws-cn', 'aws') },
      /must be an ACM certificate ARN \(arn:aws-cn:acm:…\)/,
    ],
    [
      'not an IAM certificate ID',
      { webCertificateId: 'my-cert' },
      /must be an IAM server certificate ID \(ASCA…\)/,
    ],
    ['another target', { target: 'mars' }, /-c target= takes global or china, got "mars"/],
  ])('refuses %s', (_case, context, message) => {
    expect(() => china(context)).toThrow(message);
  });

  it('deploys to a China Region only, and a China Region only with target=china', () => {
    expect(() => china({}, { stackProps: { env: { region: 'ap-east-1' } } })).toThrow(
      /-c target=china deploys to cn-north-1 or cn-northwest-1 with a China account, not to ap-east-1/,
    );
    expect(() => synthesize({ bundle: false, stackProps: { env: { region: 'cn-northwest-1' } } })).toThrow(
      /cn-northwest-1 is a China Region: deploy there with -c target=china/,
    );
    expect(CHINA_REGIONS).toEqual(['cn-north-1', 'cn-northwest-1']);
  });

  it('checks the API certificate against the Region when it is known', () => {
    expect(() =>
      china(
        { apiCertificateArn: API_CERTIFICATE.replace('cn-north-1', 'cn-northwest-1') },
        { stackProps: { env: { region: 'cn-north-1' } } },
      ),
    ).toThrow(/must be an ACM certificate in cn-north-1, got one in cn-northwest-1/);
  });
});

describe('the availability list', () => {
  it('gives every feature a decision and sources, the China documentation first where there is one', () => {
    expect(CHECKED_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const feature of FEATURES) {
      expect(feature.decision.length, feature.feature).toBeGreaterThan(20);
      expect(feature.sources.length, feature.feature).toBeGreaterThan(0);
    }
    const fromChinaDocs = FEATURES.filter((feature) =>
      feature.sources.some((source) => source.startsWith('https://docs.amazonaws.cn/')),
    );
    expect(fromChinaDocs.length).toBeGreaterThan(FEATURES.length / 2);
    for (const [type, { source }] of Object.entries({
      ...CHINA_RESOURCE_TYPES,
      ...CHINA_OPT_IN_RESOURCE_TYPES,
    })) {
      expect(source.length, type).toBeGreaterThan(10);
    }
  });

  it('lists as unavailable what the China target leaves out', () => {
    const no = FEATURES.filter((feature) => feature.available === 'no').map((feature) => feature.feature);
    expect(no.join('\n')).toMatch(/Cognito user pools/);
    expect(no.join('\n')).toMatch(/X-Ray/);
    expect(no.join('\n')).toMatch(/origin access control/);
    expect(no.join('\n')).toMatch(/CloudFront Functions/);
    expect(no.join('\n')).toMatch(/WAF/);
    expect(no.join('\n')).toMatch(/SMS/);
    for (const type of [
      'AWS::Cognito::UserPool',
      'AWS::CloudFront::Function',
      'AWS::CloudFront::OriginAccessControl',
      'AWS::WAFv2::WebACL',
    ]) {
      expect(CHINA_RESOURCE_TYPES).not.toHaveProperty([type]);
    }
  });
});
