/**
 * Issue 10, item 3, a flood cannot starve staff: per-route throttles, CloudFront as the only way into the
 * public routes (secret origin header checked by a Lambda authorizer), the execute-api endpoint off with
 * a custom domain, and the optional WAF web ACL. Read from the synthesized template, by wiring name.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertCloudFrontWafRegion, EDGE_RATE_LIMITS } from '../../infra/constructs/edge-firewall';
import { API_PATH_PATTERN } from '../../infra/constructs/web-hosting';
import type { GigUnionOnboardingStackProps } from '../../infra/stack';
import { ORIGIN_HEADER, ROUTES, routeKey, THROTTLES, throttleFor } from '../../shared/wiring';
import {
  functionLogicalId,
  functionProps,
  type Json,
  refersTo,
  resourcesOfType,
  synthesize,
} from './helpers';

const certificates = new Stack(new App(), 'Certificates');
const certificate = (name: string) =>
  Certificate.fromCertificateArn(
    certificates,
    name,
    `arn:aws:acm:us-east-1:123456789012:certificate/${name}`,
  );
const DOMAINS = {
  webDomain: { domainName: 'join.example.org', certificate: certificate('site') },
  apiDomain: { domainName: 'api.join.example.org', certificate: certificate('api') },
} satisfies GigUnionOnboardingStackProps;

const template = (options: Parameters<typeof synthesize>[0] = {}): Json =>
  synthesize({ bundle: false, failOnFindings: false, ...options }).json;

let json: Json;
beforeAll(() => {
  json = template();
});

const one = (from: Json, type: string): [string, Json] => {
  const found = resourcesOfType(from, type);
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Json];
};
const routeProps = (from: Json, key: string): Json => {
  const found = resourcesOfType(from, 'AWS::ApiGatewayV2::Route').find(
    ([, route]) => route.Properties.RouteKey === key,
  );
  if (!found) throw new Error(`no route ${key}`);
  return found[1].Properties;
};
const distributionConfig = (from: Json): Json =>
  one(from, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;
const apiOrigin = (from: Json): Json => {
  const config = distributionConfig(from);
  const behavior = (config.CacheBehaviors as Json[]).find((b) => b.PathPattern === API_PATH_PATTERN);
  return (config.Origins as Json[]).find((origin) => origin.Id === behavior.TargetOriginId);
};
const originSecretId = (from: Json): string => {
  const found = resourcesOfType(from, 'AWS::SecretsManager::Secret').filter(([, secret]) =>
    String(secret.Properties.Description).includes(ORIGIN_HEADER.name),
  );
  expect(found).toHaveLength(1);
  return (found[0] as [string, Json])[0];
};
/** `{{resolve:secretsmanager:<the secret>:SecretString:::}}`, as CDK renders it. */
const isDynamicReferenceTo = (value: Json, secretId: string): boolean =>
  Array.isArray(value?.['Fn::Join']?.[1]) &&
  value['Fn::Join'][1][0] === '{{resolve:secretsmanager:' &&
  value['Fn::Join'][1][1]?.Ref === secretId &&
  /^:SecretString:/.test(value['Fn::Join'][1][2]);

describe('route throttles', () => {
  const stage = (): Json => one(json, 'AWS::ApiGatewayV2::Stage')[1];

  it.each(ROUTES.map((route) => [routeKey(route), route] as const))(
    '%s has its own throttle, its audience’s (or its declared override), by route key',
    (key, route) => {
      const settings = stage().Properties.RouteSettings[key];
      const expected = throttleFor(route);
      expect(settings).toEqual({
        ThrottlingRateLimit: expected.rateLimit,
        ThrottlingBurstLimit: expected.burstLimit,
      });
      const override = (THROTTLES.routes as Record<string, unknown>)[key];
      if (!override) expect(expected).toEqual(route.auth === 'jwt' ? THROTTLES.staff : THROTTLES.public);
    },
  );

  it('gives every public route the public budget or less, and every staff route exactly the staff one', () => {
    const settings = stage().Properties.RouteSettings;
    for (const route of ROUTES) {
      const { ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst } = settings[routeKey(route)];
      if (route.auth === 'jwt') {
        expect([rate, burst], routeKey(route)).toEqual([
          THROTTLES.staff.rateLimit,
          THROTTLES.staff.burstLimit,
        ]);
      } else {
        expect(rate, routeKey(route)).toBeLessThanOrEqual(THROTTLES.public.rateLimit);
        expect(burst, routeKey(route)).toBeLessThanOrEqual(THROTTLES.public.burstLimit);
      }
    }
    expect(Object.keys(settings).sort()).toEqual(ROUTES.map(routeKey).sort());
  });

  it('falls back to the public budget for any route without its own entry, and waits for the routes', () => {
    expect(stage().Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: THROTTLES.public.rateLimit,
      ThrottlingBurstLimit: THROTTLES.public.burstLimit,
    });
    const routeIds = resourcesOfType(json, 'AWS::ApiGatewayV2::Route').map(([id]) => id);
    expect(stage().DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('overrides only routes wiring declares', () => {
    const declared = new Set<string>(ROUTES.map(routeKey));
    expect(Object.keys(THROTTLES.routes).filter((key) => !declared.has(key))).toEqual([]);
  });
});

describe('CloudFront is the only way into the public routes', () => {
  const authorizer = (): [string, Json] => {
    const found = resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer').filter(
      ([, candidate]) => candidate.Properties.AuthorizerType === 'REQUEST',
    );
    expect(found).toHaveLength(1);
    return found[0] as [string, Json];
  };

  it('has CloudFront add the origin header to every API origin request, valued by the secret', () => {
    const headers = apiOrigin(json).OriginCustomHeaders as Json[];
    const header = headers.find((candidate) => candidate.HeaderName === ORIGIN_HEADER.name);
    expect(header).toBeDefined();
    expect(isDynamicReferenceTo(header.HeaderValue, originSecretId(json))).toBe(true);
  });

  it('keeps the secret out of the template: generated at deploy, referenced, never written', () => {
    const secret = json.Resources[originSecretId(json)].Properties;
    expect(secret.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.SecretString).toBeUndefined();
    // Wherever the value is used, it is a dynamic reference: CloudFront's header and the authorizer's variable.
    const variable = functionProps(json, ORIGIN_HEADER.function).Environment.Variables[
      ORIGIN_HEADER.secretEnv
    ];
    expect(isDynamicReferenceTo(variable, originSecretId(json))).toBe(true);
    const uses = JSON.stringify(json).split('{{resolve:secretsmanager:').length - 1;
    expect(uses).toBe(2);
  });

  it('checks it with a Lambda REQUEST authorizer: identity source the header, simple responses, cached', () => {
    const [, { Properties: props }] = authorizer();
    expect(props.IdentitySource).toEqual([`$request.header.${ORIGIN_HEADER.name}`]);
    expect(props.EnableSimpleResponses).toBe(true);
    expect(props.AuthorizerPayloadFormatVersion).toBe('2.0');
    expect(props.AuthorizerResultTtlInSeconds).toBeGreaterThan(0);
    expect(refersTo(props.AuthorizerUri, functionLogicalId(json, ORIGIN_HEADER.function))).toBe(true);
  });

  it.each(ROUTES.filter((route) => route.auth === 'public').map(routeKey))(
    'attaches it to the public route %s',
    (key) => {
      const route = routeProps(json, key);
      expect(route.AuthorizationType).toBe('CUSTOM');
      expect(route.AuthorizerId).toEqual({ Ref: authorizer()[0] });
    },
  );

  it.each(ROUTES.filter((route) => route.auth === 'jwt').map(routeKey))(
    'leaves the staff route %s to the JWT authorizer',
    (key) => {
      const route = routeProps(json, key);
      expect(route.AuthorizationType).toBe('JWT');
      expect(route.AuthorizerId).not.toEqual({ Ref: authorizer()[0] });
    },
  );

  it('is replaced by a new generation: a new secret, referenced by both sides', () => {
    const next = template({ context: { originSecretGeneration: '2' } });
    const secretId = originSecretId(next);
    expect(secretId).not.toBe(originSecretId(json));
    const header = (apiOrigin(next).OriginCustomHeaders as Json[]).find(
      (h) => h.HeaderName === ORIGIN_HEADER.name,
    );
    expect(isDynamicReferenceTo(header.HeaderValue, secretId)).toBe(true);
    const variable = functionProps(next, ORIGIN_HEADER.function).Environment.Variables[
      ORIGIN_HEADER.secretEnv
    ];
    expect(isDynamicReferenceTo(variable, secretId)).toBe(true);
    expect(() => template({ context: { originSecretGeneration: 'two' } })).toThrow(/whole number/);
  });

  it('lets only this API invoke the checking function', () => {
    const fnId = functionLogicalId(json, ORIGIN_HEADER.function);
    const permissions = resourcesOfType(json, 'AWS::Lambda::Permission').filter(([, permission]) =>
      refersTo(permission.Properties.FunctionName, fnId),
    );
    expect(permissions.length).toBeGreaterThan(0);
    for (const [, permission] of permissions) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(refersTo(permission.Properties.SourceArn, one(json, 'AWS::ApiGatewayV2::Api')[0])).toBe(true);
    }
  });
});

describe('custom domain', () => {
  it('keeps the execute-api endpoint, CloudFront’s origin, without one', () => {
    expect(one(json, 'AWS::ApiGatewayV2::Api')[1].Properties.DisableExecuteApiEndpoint).toBeUndefined();
    expect(JSON.stringify(apiOrigin(json).DomainName)).toContain('.execute-api.');
  });

  it('refuses webDomain without apiDomain: CloudFront would have no way to the API', () => {
    expect(() => template({ stackProps: { webDomain: DOMAINS.webDomain } })).toThrow(
      /webDomain needs apiDomain/,
    );
  });

  it("with webDomain disables execute-api, and CloudFront's /api origin is the API's own domain", () => {
    const withDomain = template({ stackProps: DOMAINS });
    expect(one(withDomain, 'AWS::ApiGatewayV2::Api')[1].Properties.DisableExecuteApiEndpoint).toBe(true);
    const [domainId, domain] = one(withDomain, 'AWS::ApiGatewayV2::DomainName');
    expect(domain.Properties.DomainName).toBe(DOMAINS.apiDomain.domainName);
    const [, mapping] = one(withDomain, 'AWS::ApiGatewayV2::ApiMapping');
    expect(mapping.Properties.DomainName).toEqual({ Ref: domainId });
    expect(mapping.Properties.Stage).toBe('$default');
    expect(apiOrigin(withDomain).DomainName).toEqual({ Ref: domainId });
    expect(apiOrigin(withDomain).OriginCustomHeaders).toContainEqual(
      expect.objectContaining({ HeaderName: ORIGIN_HEADER.name }),
    );
    expect(withDomain.Outputs.ApiDomainTarget.Value).toEqual({
      'Fn::GetAtt': [domainId, 'RegionalDomainName'],
    });
    expect(distributionConfig(withDomain).Aliases).toEqual([DOMAINS.webDomain.domainName]);
  });
});

describe('AWS WAF (-c waf=true)', () => {
  it('is absent by default', () => {
    expect(resourcesOfType(json, 'AWS::WAFv2::WebACL')).toEqual([]);
    expect(distributionConfig(json).WebACLId).toBeUndefined();
  });

  describe('when switched on', () => {
    let withWaf: Json;
    beforeAll(() => {
      withWaf = template({ context: { waf: 'true' } });
    });
    const rule = (name: string): Json => {
      const found = (one(withWaf, 'AWS::WAFv2::WebACL')[1].Properties.Rules as Json[]).find(
        (candidate) => candidate.Name === name,
      );
      if (!found) throw new Error(`no rule ${name}`);
      return found;
    };

    it('is a CLOUDFRONT web ACL associated with the distribution, allowing by default', () => {
      const [aclId, acl] = one(withWaf, 'AWS::WAFv2::WebACL');
      expect(acl.Properties.Scope).toBe('CLOUDFRONT');
      expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
      expect(distributionConfig(withWaf).WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    });

    it('blocks an address over 300 requests in 5 minutes to the sign-up routes', () => {
      const signUp = rule('sign-up-per-ip');
      expect(signUp.Action.Block).toBeDefined();
      const statement = signUp.Statement.RateBasedStatement;
      expect(statement).toMatchObject({ AggregateKeyType: 'IP', Limit: 300, EvaluationWindowSec: 300 });
      const scope = JSON.stringify(statement.ScopeDownStatement);
      for (const key of EDGE_RATE_LIMITS.signUp.routes) {
        const [method, path] = key.split(' ');
        expect(ROUTES.map(routeKey)).toContain(key);
        expect(scope).toContain(`"SearchString":"${path}"`);
        expect(scope).toContain(`"SearchString":"${method}"`);
      }
      expect(scope).toContain('"PositionalConstraint":"EXACTLY"');
    });

    it('blocks an address over the general limit on anything', () => {
      const general = rule('all-per-ip');
      expect(general.Action.Block).toBeDefined();
      expect(general.Statement.RateBasedStatement).toEqual({
        AggregateKeyType: 'IP',
        Limit: EDGE_RATE_LIMITS.everything.limit,
        EvaluationWindowSec: EDGE_RATE_LIMITS.windowSeconds,
      });
    });
  });

  it('stops synth in ap-east-1, where a CLOUDFRONT web ACL cannot be made', () => {
    expect(() =>
      template({ context: { waf: 'true' }, stackProps: { env: { region: 'ap-east-1' } } }),
    ).toThrow(/only be created in us-east-1.*webAclId/);
  });

  it('says why in the China Regions, where AWS WAF cannot protect CloudFront at all (china.test.ts: refused)', () => {
    expect(() => assertCloudFrontWafRegion('cn-north-1')).toThrow(/China Regions AWS WAF is regional only/);
  });

  it('refuses the switch together with webAclId, and a value that is not true or false', () => {
    const webAclId = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/union/0c0ffee0';
    expect(() => template({ context: { waf: 'true' }, stackProps: { webAclId } })).toThrow(/choose one/);
    expect(() => template({ context: { waf: 'yes' } })).toThrow(/takes true or false/);
  });
});
