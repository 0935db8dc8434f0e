/**
 * Issue 11, item 1: staff sign in with any OpenID Connect provider on global AWS too (`-c oidcIssuer`,
 * `-c oidcClientId`, optional `-c oidcAudience` and `-c oidcScopes`): no Cognito resource at all, the
 * JWT authorizer checks that issuer and the client id (and the extra audience), and the console's
 * settings file and CSP point at the provider. Cognito as the default: reviewer-sign-in.test.ts.
 */
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { OIDC_CONTEXT, oidcSettingsFromContext } from '../../infra/constructs/staff-sign-in';
import { REVIEW_CONSOLE_PATH } from '../../infra/stack';
import { ROUTES, routeKey } from '../../shared/wiring';
import { type Json, resourcesOfType, type Synthesized, synthesize } from './helpers';

const ISSUER = 'https://union.authing.cn/oidc';
const CONTEXT = {
  [OIDC_CONTEXT.issuer]: ISSUER,
  [OIDC_CONTEXT.clientId]: '6572f0c2d4e5f6a7b8c9d0e1',
  [OIDC_CONTEXT.audience]: 'https://api.join.example.org',
  [OIDC_CONTEXT.scopes]: 'openid profile',
};

let synthesized: Synthesized;
let json: Json;
beforeAll(() => {
  synthesized = synthesize({ bundle: false, context: CONTEXT });
  json = synthesized.json;
});

const jwtAuthorizer = (): [string, Json] => {
  const found = resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer').filter(
    ([, authorizer]) => authorizer.Properties.AuthorizerType === 'JWT',
  );
  expect(found).toHaveLength(1);
  return found[0] as [string, Json];
};

describe('global AWS with an OpenID Connect provider', () => {
  it('has no Cognito resource, output or hosted-UI origin', () => {
    expect(Object.values<Json>(json.Resources).filter((r) => r.Type.startsWith('AWS::Cognito::'))).toEqual(
      [],
    );
    for (const output of ['UserPoolId', 'UserPoolClientId', 'SignInUrl'])
      expect(json.Outputs[output]).toBeUndefined();
    expect(JSON.stringify(json)).not.toMatch(/cognito/i);
    expect(synthesized.stack.signIn.cognito).toBeUndefined();
  });

  it("checks the provider's issuer, the console client id and the configured audience", () => {
    const [authorizerId, authorizer] = jwtAuthorizer();
    expect(authorizer.Properties.JwtConfiguration).toEqual({
      Issuer: ISSUER,
      Audience: [CONTEXT.oidcClientId, CONTEXT.oidcAudience],
    });
    expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    for (const route of ROUTES.filter((candidate) => candidate.auth === 'jwt')) {
      const [, resource] = resourcesOfType(json, 'AWS::ApiGatewayV2::Route').find(
        ([, candidate]) => candidate.Properties.RouteKey === routeKey(route),
      ) as [string, Json];
      expect(resource.Properties.AuthorizerId, routeKey(route)).toEqual({ Ref: authorizerId });
    }
    expect(json.Outputs.SignInIssuer.Value).toBe(ISSUER);
  });

  it("lets the pages reach the provider's origin, and no other", () => {
    const [, policy] = resourcesOfType(json, 'AWS::CloudFront::ResponseHeadersPolicy')[0] as [string, Json];
    const csp = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
    expect(csp.ContentSecurityPolicy).toContain("connect-src 'self' https://union.authing.cn;");
  });

  it('hands the console the provider, the client id, the scopes and its own URL', () => {
    expect(synthesized.stack.resolve(synthesized.stack.signIn.consoleSettings)).toEqual({
      oidc: {
        issuer: ISSUER,
        clientId: CONTEXT.oidcClientId,
        scopes: 'openid profile',
        redirectUri: {
          'Fn::Join': [
            '',
            ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }, REVIEW_CONSOLE_PATH],
          ],
        },
      },
    });
    expect(json.Outputs.ConsoleRedirectUri.Value).toEqual({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }, REVIEW_CONSOLE_PATH],
      ],
    });
  });

  it('still runs arm64 with X-Ray and EventBridge Scheduler, as global AWS does', () => {
    const fn = Object.values<Json>(json.Resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Architectures,
    );
    expect(fn.Properties.Architectures).toEqual(['arm64']);
    expect(resourcesOfType(json, 'AWS::Scheduler::Schedule').length).toBeGreaterThan(0);
    expect(resourcesOfType(json, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
  });
});

describe('the provider from context', () => {
  const fromContext = (context: Record<string, unknown>) => oidcSettingsFromContext(new App({ context }));

  it('is absent without issuer and client id: Cognito', () => {
    expect(fromContext({})).toBeUndefined();
  });

  it('normalises scopes, splits audiences and drops the client id among them', () => {
    expect(
      fromContext({
        oidcIssuer: 'https://sso.example.cn/realms/union',
        oidcClientId: 'review-console',
        oidcAudience: 'review-console, account ,staff-api',
        oidcScopes: '  openid   email ',
      }),
    ).toEqual({
      provider: 'oidc',
      issuer: 'https://sso.example.cn/realms/union',
      clientId: 'review-console',
      audiences: ['account', 'staff-api'],
      scopes: 'openid email',
    });
  });

  it.each([
    [{ oidcIssuer: ISSUER }, /needs both -c oidcIssuer=… and -c oidcClientId=…: oidcClientId is missing/],
    [{ oidcClientId: 'x' }, /oidcIssuer is missing/],
    [
      { oidcAudience: 'x' },
      /-c oidcAudience configure an OpenID Connect provider: set -c oidcIssuer=… and -c oidcClientId=… too/,
    ],
    [{ oidcIssuer: 'http://sso.example.cn', oidcClientId: 'x' }, /https issuer URL/],
    [{ oidcIssuer: 'sso.example.cn', oidcClientId: 'x' }, /https issuer URL/],
    [{ oidcIssuer: `${ISSUER}?tenant=1`, oidcClientId: 'x' }, /no query or fragment/],
    [{ oidcIssuer: ISSUER, oidcClientId: 'review console' }, /client id \(no spaces\)/],
    [{ oidcIssuer: ISSUER, oidcClientId: 'x', oidcScopes: 'profile email' }, /including openid/],
  ])('refuses %j', (context, message) => {
    expect(() => fromContext(context)).toThrow(message);
  });
});
