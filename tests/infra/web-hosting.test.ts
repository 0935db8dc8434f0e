/**
 * The web pages on CloudFront + S3 with the API on the same origin: what the synthesized template says
 * about privacy of the bucket, the routing at the edge, the headers and what gets deployed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { AllowedMethods, CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_PATH_PATTERN, WebHosting } from '../../infra/constructs/web-hosting';
import {
  ASSET_PREFIX,
  CACHE_CONTROL,
  CONTENT_SECURITY_POLICY,
  PAGES,
  SECURITY_HEADERS,
} from '../../shared/web/pages';
import { STATIC_DOCUMENTS, staticDocumentKey } from '../../shared/web/static-documents';
import {
  dependsOn,
  expectStaticDocumentsFromTheSite,
  type Json,
  refersTo,
  resourcesOfType,
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

/** The distribution is the one WebUrl points at. */
const distributionId = (): string => {
  const parts: Json[] = json.Outputs.WebUrl.Value['Fn::Join'][1];
  expect(parts[0]).toBe('https://');
  const [logicalId, attribute] = parts[1]['Fn::GetAtt'];
  expect(attribute).toBe('DomainName');
  return logicalId;
};
const config = (): Json => props(distributionId()).DistributionConfig;
const originOf = (behavior: Json): Json => {
  const origin = (config().Origins as Json[]).find((candidate) => candidate.Id === behavior.TargetOriginId);
  if (!origin) throw new Error(`no origin ${behavior.TargetOriginId}`);
  return origin;
};
const apiBehavior = (): Json => {
  const behavior = (config().CacheBehaviors as Json[]).find(
    (candidate) => candidate.PathPattern === API_PATH_PATTERN,
  );
  if (!behavior) throw new Error(`no ${API_PATH_PATTERN} behavior`);
  return behavior;
};
/** The site bucket is the default behavior's origin. */
const siteBucketId = (): string => {
  const [logicalId, attribute] = originOf(config().DefaultCacheBehavior).DomainName['Fn::GetAtt'];
  expect(attribute).toBe('RegionalDomainName');
  return logicalId;
};
const bucketPolicyStatements = (bucketId: string): Json[] =>
  resourcesOfType(json, 'AWS::S3::BucketPolicy')
    .filter(([, policy]) => policy.Properties.Bucket.Ref === bucketId)
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[]);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const deniesInsecureTransport = (bucketId: string): boolean =>
  bucketPolicyStatements(bucketId).some(
    (statement) =>
      statement.Effect === 'Deny' &&
      statement.Principal?.AWS === '*' &&
      statement.Condition?.Bool?.['aws:SecureTransport'] === 'false' &&
      asArray(statement.Action).includes('s3:*') &&
      refersTo(statement.Resource, bucketId),
  );

const BLOCK_ALL = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

describe('site bucket', () => {
  it('blocks all public access, denies requests without TLS and is encrypted', () => {
    const bucket = props(siteBucketId());
    expect(bucket.PublicAccessBlockConfiguration).toEqual(BLOCK_ALL);
    expect(deniesInsecureTransport(siteBucketId())).toBe(true);
    expect(
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({
      SSEAlgorithm: 'AES256',
    });
    expect(bucket.WebsiteConfiguration).toBeUndefined();
  });

  it('grants reading only to CloudFront, and only for this distribution', () => {
    const allows = bucketPolicyStatements(siteBucketId()).filter((statement) => statement.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const statement of allows) {
      expect(statement.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(asArray(statement.Action)).toEqual(['s3:GetObject']);
      const sourceArn = statement.Condition?.StringEquals?.['AWS:SourceArn'];
      expect(sourceArn).toBeDefined();
      expect(refersTo(sourceArn, distributionId())).toBe(true);
    }
  });

  it('writes server access logs to a separate log bucket that is private too', () => {
    const logging = props(siteBucketId()).LoggingConfiguration;
    const logBucketId: string = logging.DestinationBucketName.Ref;
    expect(logBucketId).not.toBe(siteBucketId());
    expect(props(logBucketId).PublicAccessBlockConfiguration).toEqual(BLOCK_ALL);
    expect(deniesInsecureTransport(logBucketId)).toBe(true);
    expect(props(logBucketId).LifecycleConfiguration.Rules[0].ExpirationInDays).toBeGreaterThan(0);
  });
});

describe('distribution', () => {
  it('reads the bucket through an origin access control, not an origin access identity', () => {
    const origin = originOf(config().DefaultCacheBehavior);
    const [oacId] = origin.OriginAccessControlId['Fn::GetAtt'];
    expect(resource(oacId).Type).toBe('AWS::CloudFront::OriginAccessControl');
    expect(props(oacId).OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(origin.S3OriginConfig?.OriginAccessIdentity ?? '').toBe('');
    expect(resourcesOfType(json, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
  });

  it('serves the pages over HTTPS, compressed, from index.html at the root, honouring Cache-Control', () => {
    const behavior = config().DefaultCacheBehavior;
    expect(config().DefaultRootObject).toBe(PAGES['/']);
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior.Compress).toBe(true);
    expect(behavior.AllowedMethods ?? ['GET', 'HEAD']).toEqual(['GET', 'HEAD']);
    const cachePolicy = props(behavior.CachePolicyId.Ref).CachePolicyConfig;
    expect(cachePolicy.MinTTL).toBe(0);
    expect(cachePolicy.MaxTTL).toBeGreaterThanOrEqual(365 * 24 * 3600);
    expect(cachePolicy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      CookiesConfig: { CookieBehavior: 'none' },
      HeadersConfig: { HeaderBehavior: 'none' },
      QueryStringsConfig: { QueryStringBehavior: 'none' },
      EnableAcceptEncodingGzip: true,
      EnableAcceptEncodingBrotli: true,
    });
  });

  it('sends /api/* to the HTTP API over HTTPS, uncached, with every method and the viewer headers', () => {
    const behavior = apiBehavior();
    const origin = originOf(behavior);
    const apiId: string = json.Outputs.ApiUrl.Value['Fn::Join'][1][1].Ref;
    expect(resource(apiId).Type).toBe('AWS::ApiGatewayV2::Api');
    expect(refersTo(origin.DomainName, apiId)).toBe(true);
    expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(origin.OriginPath ?? '').toBe('');
    expect(behavior.CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
    expect(behavior.OriginRequestPolicyId).toBe(
      OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    );
    expect([...behavior.AllowedMethods].sort()).toEqual([...AllowedMethods.ALLOW_ALL.methods].sort());
    expect(behavior.ViewerProtocolPolicy).toBe('https-only');
    expect(behavior.FunctionAssociations).toBeUndefined();
  });

  it('serves /api/catalog and /api/openapi.json from the bucket, ahead of /api/*, and no function serves them', () => {
    expectStaticDocumentsFromTheSite(json);
  });

  it('sends the static documents under /api/ over HTTPS only, compressed, without the clean-URL function', () => {
    const documents = (config().CacheBehaviors as Json[]).filter((b) =>
      ['/api/catalog', '/api/openapi.json'].includes(b.PathPattern),
    );
    expect(documents).toHaveLength(2);
    for (const behavior of documents) {
      expect(behavior.ViewerProtocolPolicy).toBe('https-only');
      expect(behavior.Compress).toBe(true);
      expect(behavior.FunctionAssociations).toBeUndefined();
      expect(refersTo(originOf(behavior).DomainName, siteBucketId())).toBe(true);
    }
  });

  it('logs requests, without cookies, to the log bucket', () => {
    const logging = config().Logging;
    expect(logging.IncludeCookies).toBe(false);
    const [logBucketId] = logging.Bucket['Fn::GetAtt'];
    expect(logBucketId).toBe(props(siteBucketId()).LoggingConfiguration.DestinationBucketName.Ref);
  });

  it('exports its HTTPS URL as WebUrl next to ApiUrl', () => {
    expect(Object.keys(json.Outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'WebUrl']));
    expect(resource(distributionId()).Type).toBe('AWS::CloudFront::Distribution');
  });
});

describe('security headers', () => {
  const policy = (): Json => {
    const id = config().DefaultCacheBehavior.ResponseHeadersPolicyId.Ref;
    expect(apiBehavior().ResponseHeadersPolicyId.Ref).toBe(id);
    return props(id).ResponseHeadersPolicyConfig;
  };

  it('sends the declared Content-Security-Policy, which allows no inline code', () => {
    const csp = policy().SecurityHeadersConfig.ContentSecurityPolicy;
    // The shared CSP, plus the Cognito hosted sign-in origin for the console's token request.
    const text = JSON.stringify(csp.ContentSecurityPolicy);
    for (const directive of CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('connect-src'))) {
      expect(text).toContain(directive);
    }
    expect(text).toMatch(/connect-src 'self' https:\/\/.*amazoncognito\.com/);
    expect(csp.Override).toBe(true);
    expect(text).not.toContain('unsafe-inline');
    expect(text).not.toContain('unsafe-eval');
  });

  it('sends HSTS, frame denial, nosniff and no-referrer as declared, overriding the origin', () => {
    const headers = policy().SecurityHeadersConfig;
    const maxAge = Number(/max-age=(\d+)/.exec(SECURITY_HEADERS['strict-transport-security'])?.[1]);
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: maxAge,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(maxAge).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(SECURITY_HEADERS['x-frame-options']).toBe('DENY');
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({
      ReferrerPolicy: SECURITY_HEADERS['referrer-policy'],
      Override: true,
    });
    expect(SECURITY_HEADERS['referrer-policy']).toBe('no-referrer');
  });

  it('sends the Permissions-Policy as a custom header', () => {
    expect(policy().CustomHeadersConfig.Items).toContainEqual({
      Header: 'permissions-policy',
      Value: SECURITY_HEADERS['permissions-policy'],
      Override: true,
    });
  });
});

describe('clean URLs at the edge', () => {
  const viewerRequest = (): ((event: Json) => Json) => {
    const associations = config().DefaultCacheBehavior.FunctionAssociations as Json[];
    const association = associations.find((candidate) => candidate.EventType === 'viewer-request');
    const [functionId] = association.FunctionARN['Fn::GetAtt'];
    const fn = props(functionId);
    expect(fn.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(fn.AutoPublish).toBe(true);
    return runInNewContext(`${fn.FunctionCode}\n;handler`, {}, { timeout: 1000 });
  };
  const uriFor = (uri: string): string => {
    const event = {
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip: '198.51.100.7' },
      request: { method: 'GET', uri, querystring: {}, headers: {}, cookies: {} },
    };
    return viewerRequest()(event).uri;
  };

  it.each(Object.entries(PAGES))('rewrites %s to /%s', (url, file) => {
    expect(uriFor(url)).toBe(`/${file}`);
  });

  it.each([
    `${ASSET_PREFIX}app.3f2a9c1b.js`,
    '/api/catalog',
    '/status.html',
    '/status/',
    '/nowhere',
    '/constructor',
    '/__proto__',
  ])('leaves %s as it is', (uri) => {
    expect(uriFor(uri)).toBe(uri);
  });
});

describe('deployment of the built pages', () => {
  const deployments = (): Json[] =>
    resourcesOfType(json, 'Custom::CDKBucketDeployment')
      .filter(([, deployment]) => deployment.Properties.DestinationBucketName.Ref === siteBucketId())
      .map(([logicalId, deployment]) => ({ logicalId, ...deployment }));
  const assetPrefixFilter = `${ASSET_PREFIX.slice(1)}*`;
  const pagesDeployment = (): Json => {
    const found = deployments().find((deployment) => deployment.Properties.DistributionId !== undefined);
    if (!found) throw new Error('no deployment invalidates the distribution');
    return found;
  };
  const assetsDeployment = (): Json => {
    const found = deployments().find((deployment) =>
      deployment.Properties.Include?.includes(assetPrefixFilter),
    );
    if (!found) throw new Error('no deployment of the assets');
    return found;
  };
  const builtDirectory = (deployment: Json): string => {
    const [key] = deployment.Properties.SourceObjectKeys as string[];
    return join(synthesized.assembly.directory, `asset.${(key as string).replace(/\.zip$/, '')}`);
  };

  it('deploys a build that has every declared page, content-hashed assets and the static documents', () => {
    const directory = builtDirectory(pagesDeployment());
    for (const file of Object.values(PAGES)) expect(existsSync(join(directory, file)), file).toBe(true);
    expect(readdirSync(join(directory, ASSET_PREFIX)).length).toBeGreaterThan(0);
    expect(builtDirectory(assetsDeployment())).toBe(directory);
    for (const document of STATIC_DOCUMENTS) {
      const key = staticDocumentKey(document);
      expect(readFileSync(join(directory, key), 'utf8'), key).toBe(document.body());
      const deployment = deployments().find((d) => d.Properties.Include?.includes(key));
      expect(deployment && builtDirectory(deployment), key).toBe(directory);
    }
  });

  it('uploads api/catalog and api/openapi.json, which have no extension to tell S3, as JSON', () => {
    for (const key of ['api/catalog', 'api/openapi.json', 'catalog.json']) {
      const deployment = deployments().find((d) => d.Properties.Include?.includes(key));
      expect(deployment?.Properties.SystemMetadata?.['content-type'], key).toBe(
        'application/json; charset=utf-8',
      );
    }
  });

  it('uploads the assets with the long-lived Cache-Control and never prunes them', () => {
    const deployment = assetsDeployment().Properties;
    expect(deployment.Exclude).toEqual(['*']);
    expect(deployment.Include).toEqual([assetPrefixFilter]);
    expect(deployment.SystemMetadata).toEqual({ 'cache-control': CACHE_CONTROL.asset });
    expect(deployment.Prune).toBe(false);
  });

  it('uploads the pages after the assets, revalidating, and invalidates their URLs', () => {
    const deployment = pagesDeployment();
    expect(deployment.Properties.Exclude).toEqual([
      assetPrefixFilter,
      ...STATIC_DOCUMENTS.map(staticDocumentKey),
    ]);
    expect(deployment.Properties.Include).toBeUndefined();
    expect(deployment.Properties.SystemMetadata).toEqual({ 'cache-control': CACHE_CONTROL.page });
    expect(deployment.Properties.DistributionId).toEqual({ Ref: distributionId() });
    expect(deployment.Properties.DistributionPaths).toEqual(
      expect.arrayContaining([...Object.keys(PAGES), ...Object.values(PAGES).map((file) => `/${file}`)]),
    );
    expect(dependsOn(json, deployment.logicalId, assetsDeployment().logicalId)).toBe(true);
  });

  it('runs with a role that can only read the build, sync the site bucket and invalidate this distribution', () => {
    const handlerIds = new Set(
      deployments().map((deployment) => deployment.Properties.ServiceToken['Fn::GetAtt'][0]),
    );
    expect(handlerIds.size).toBe(1);
    const [handlerId] = [...handlerIds] as [string];
    const roleId: string = props(handlerId).Role['Fn::GetAtt'][0];
    expect(props(roleId).ManagedPolicyArns).toBeUndefined();
    const statements = resourcesOfType(json, 'AWS::IAM::Policy')
      .filter(([, policy]) => refersTo(policy.Properties.Roles, roleId))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[]);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const where = JSON.stringify(statement);
      expect(statement.Effect, where).toBe('Allow');
      expect(statement.Resource, where).not.toBe('*');
      for (const action of asArray<string>(statement.Action)) {
        expect(action, where).not.toContain('*');
        if (action.startsWith('cloudfront:'))
          expect(refersTo(statement.Resource, distributionId()), where).toBe(true);
        if (/^s3:(Put|Delete)/.test(action))
          expect(refersTo(statement.Resource, siteBucketId()), where).toBe(true);
      }
    }
  });
});

describe('with a custom domain and a WAF web ACL', () => {
  it('requires TLS 1.2 (2021 policy) over SNI, attaches the web ACL, and needs no CFR2/CFR4 acknowledgement', () => {
    const app = new App();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'CustomDomain', { env: { account: '123456789012', region: 'ap-east-1' } });
    const webAclId =
      'arn:aws:wafv2:us-east-1:123456789012:global/webacl/union/0c0ffee0-0000-4000-8000-000000000000';
    const web = new WebHosting(stack, 'Web', {
      apiDomainName: 'abc123.execute-api.ap-east-1.amazonaws.com',
      domain: {
        domainName: 'join.example.org',
        certificate: Certificate.fromCertificateArn(
          stack,
          'Certificate',
          'arn:aws:acm:us-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000000',
        ),
      },
      webAclId,
    });
    const assembly = app.synth();
    const template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['join.example.org'],
        ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        WebACLId: webAclId,
      },
    });
    expect(web.url).toBe('https://join.example.org');
    const acknowledged = web.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>));
    expect(acknowledged.some((id) => /CFR2|CFR4/.test(id))).toBe(false);
  });
});
