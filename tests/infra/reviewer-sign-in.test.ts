/**
 * Reviewer sign-in on global AWS by default: the Cognito user pool, the console's app client and hosted
 * sign-in, and the JWT authorizer on exactly the routes wiring declares `auth: 'jwt'`. Nothing of the
 * local stand-in (local/local-issuer.ts) reaches the template. Sign-in with another OpenID Connect
 * provider, and in China: staff-sign-in.test.ts, china.test.ts.
 */
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReviewerSignIn } from '../../infra/constructs/reviewer-sign-in';
import { staffSignIn } from '../../infra/constructs/staff-sign-in';
import { REVIEW_CONSOLE_PATH } from '../../infra/stack';
import { DEFAULT_LOCAL_ISSUER, LOCAL_AUDIENCE } from '../../local/local-issuer';
import { ENV, ROUTES } from '../../shared/wiring';
import { type Json, outputRef, refersTo, resourcesOfType, type Synthesized, synthesize } from './helpers';

let synthesized: Synthesized;
let json: Json;
beforeAll(() => {
  synthesized = synthesize({ failOnFindings: false, bundle: false });
  json = synthesized.json;
});

const props = (logicalId: string): Json => json.Resources[logicalId].Properties;
const poolId = () => outputRef(json, 'UserPoolId');
const clientId = () => outputRef(json, 'UserPoolClientId');
const pool = () => props(poolId());
const client = () => props(clientId());
const distributionId = (): string => {
  const [entry, ...others] = resourcesOfType(json, 'AWS::CloudFront::Distribution');
  if (!entry || others.length > 0) throw new Error('expected the one web distribution');
  return entry[0];
};
const apiId = (): string => {
  const [entry, ...others] = resourcesOfType(json, 'AWS::ApiGatewayV2::Api');
  if (!entry || others.length > 0) throw new Error('expected the one HTTP API');
  return entry[0];
};
/** The authorizer whose audience is the console client. */
const authorizerId = (): string => {
  const matches = resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer').filter(([, authorizer]) =>
    refersTo(authorizer.Properties.JwtConfiguration?.Audience, clientId()),
  );
  if (matches.length !== 1)
    throw new Error(`expected one authorizer for the console client, found ${matches.length}`);
  return (matches[0] as [string, Json])[0];
};
/** `https://<distribution domain>/review`, as CloudFormation writes it. */
const consoleUrl = {
  'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }, REVIEW_CONSOLE_PATH]],
};

const routeKey = (route: (typeof ROUTES)[number]) => `${route.method} ${route.path}`;
const templateRoutes = (): Json[] =>
  resourcesOfType(json, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
const templateRoute = (key: string): Json => {
  const found = templateRoutes().filter((route) => route.RouteKey === key);
  if (found.length !== 1) throw new Error(`expected one route ${key}, found ${found.length}`);
  return found[0];
};

/** Staff-only areas of the API (README, "The API, with curl"): none of them may ever be declared public. */
const PROTECTED_PREFIXES = ['/api/review', '/api/members', '/api/audit', '/api/reports'];
const isProtectedPath = (path: string) =>
  PROTECTED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

describe('which routes need a reviewer token', () => {
  it('wiring declares every reviewer, members, audit and reports route auth: jwt', () => {
    const protectedRoutes = ROUTES.filter((route) => isProtectedPath(route.path));
    for (const prefix of PROTECTED_PREFIXES) {
      expect(
        protectedRoutes.some((route) => route.path.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
    for (const route of protectedRoutes) expect(route.auth, routeKey(route)).toBe('jwt');
  });

  it.each(ROUTES.filter((route) => route.auth === 'jwt').map((route) => [routeKey(route)]))(
    '%s requires a JWT from the Cognito authorizer',
    (key) => {
      const route = templateRoute(key);
      expect(route.AuthorizationType).toBe('JWT');
      expect(route.AuthorizerId).toEqual({ Ref: authorizerId() });
      expect(route.AuthorizationScopes).toBeUndefined();
    },
  );

  it.each(ROUTES.filter((route) => route.auth === 'public').map((route) => [routeKey(route)]))(
    '%s needs no reviewer token, only to come through CloudFront (edge.test.ts)',
    (key) => {
      const route = templateRoute(key);
      expect(route.AuthorizationType).toBe('CUSTOM');
      expect(route.AuthorizerId).not.toEqual({ Ref: authorizerId() });
    },
  );

  it('deploys only the routes of wiring: no health check, token endpoint or catch-all', () => {
    const keys = templateRoutes().map((route) => route.RouteKey as string);
    expect(keys.sort()).toEqual(ROUTES.map(routeKey).sort());
    for (const key of keys) {
      expect(key).not.toMatch(/health|token|jwks|\.well-known|\$default|ANY /i);
    }
  });
});

describe('the JWT authorizer', () => {
  it('validates the console client as audience and the pool as issuer, from the Authorization header', () => {
    const authorizer = props(authorizerId());
    expect(authorizer.ApiId).toEqual({ Ref: apiId() });
    expect(authorizer.AuthorizerType).toBe('JWT');
    expect(authorizer.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(authorizer.JwtConfiguration.Audience).toEqual([{ Ref: clientId() }]);
    // The partition's URL suffix, not a literal amazonaws.com.
    expect(authorizer.JwtConfiguration.Issuer).toEqual({
      'Fn::Join': [
        '',
        [
          'https://cognito-idp.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
          '/',
          { Ref: poolId() },
        ],
      ],
    });
    expect(json.Outputs.SignInIssuer.Value).toEqual(authorizer.JwtConfiguration.Issuer);
  });

  it('is the only JWT authorizer of the API (the other checks CloudFront’s origin header)', () => {
    const authorizers = resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer')
      .filter(([, authorizer]) => authorizer.Properties.AuthorizerType === 'JWT')
      .map(([logicalId]) => logicalId);
    expect(authorizers).toEqual([authorizerId()]);
  });
});

describe('the user pool', () => {
  it('lets only administrators create users; staff sign in by username or email', () => {
    expect(pool().AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool().AliasAttributes).toEqual(['email']);
    expect(pool().UsernameAttributes).toBeUndefined();
    expect(pool().UsernameConfiguration).toEqual({ CaseSensitive: false });
  });

  it('says nothing about rights: no groups, no custom attribute (the staff roster decides)', () => {
    const groups = resourcesOfType(json, 'AWS::Cognito::UserPoolGroup').filter(([, group]) =>
      refersTo(group.Properties.UserPoolId, poolId()),
    );
    expect(groups).toEqual([]);
    const custom = ((pool().Schema ?? []) as Json[]).filter(
      (attribute) => attribute.Name !== 'email' && attribute.Name !== 'name',
    );
    expect(custom).toEqual([]);
  });

  it('requires strong passwords and a temporary password used within 3 days', () => {
    expect(pool().Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 3,
    });
  });

  it('requires MFA with authenticator apps only, never SMS', () => {
    expect(pool().MfaConfiguration).toBe('ON');
    expect(pool().EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool().SmsConfiguration).toBeUndefined();
  });

  it('runs threat protection on the Plus plan', () => {
    expect(pool().UserPoolTier).toBe('PLUS');
    expect(pool().UserPoolAddOns.AdvancedSecurityMode).toBe('ENFORCED');
  });

  it('acts on risk: breached passwords blocked, risky sign-ins challenged with MFA', () => {
    const [attachment, ...others] = resourcesOfType(json, 'AWS::Cognito::UserPoolRiskConfigurationAttachment')
      .map(([, resource]) => resource.Properties)
      .filter((candidate) => refersTo(candidate.UserPoolId, poolId()));
    expect(others).toEqual([]);
    expect(attachment.ClientId).toBe('ALL');
    expect(attachment.CompromisedCredentialsRiskConfiguration).toEqual({
      EventFilter: expect.arrayContaining(['SIGN_IN', 'PASSWORD_CHANGE']),
      Actions: { EventAction: 'BLOCK' },
    });
    const actions = attachment.AccountTakeoverRiskConfiguration.Actions;
    expect(actions.MediumAction.EventAction).toBe('MFA_IF_CONFIGURED');
    expect(actions.HighAction.EventAction).toBe('MFA_REQUIRED');
  });

  it('recovers accounts by email only', () => {
    expect(pool().AccountRecoverySetting.RecoveryMechanisms).toEqual([
      { Name: 'verified_email', Priority: 1 },
    ]);
  });

  it('survives the stack: deletion protection on and retained', () => {
    expect(pool().DeletionProtection).toBe('ACTIVE');
    expect(json.Resources[poolId()].DeletionPolicy).toBe('Retain');
    expect(json.Resources[poolId()].UpdateReplacePolicy).toBe('Retain');
  });

  it('needs no cdk-nag acknowledgement for sign-in', () => {
    const cognito = synthesized.stack.signIn.cognito;
    if (!cognito) throw new Error('expected Cognito by default');
    const acknowledged = cognito.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) =>
            Object.keys(entry.data as Record<string, string>).map((id) => ({ construct, id })),
          ),
      );
    expect(acknowledged.map(({ id }) => id.replace(/^annotation::/i, ''))).toEqual([]);
  });
});

describe('the reviewer console client', () => {
  it('is a public client (no secret) using the authorization code grant only', () => {
    expect(client().UserPoolId).toEqual({ Ref: poolId() });
    expect(client().GenerateSecret).toBe(false);
    expect(client().AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client().AllowedOAuthFlows).toEqual(['code']);
    expect(client().AllowedOAuthScopes.sort()).toEqual(['email', 'openid', 'profile']);
    expect(client().SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client().ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client().PreventUserExistenceErrors).toBe('ENABLED');
  });

  it('returns only to the console on the site, never to localhost', () => {
    for (const urls of [client().CallbackURLs, client().LogoutURLs]) {
      expect(urls).toEqual([consoleUrl]);
      expect(refersTo(urls, distributionId())).toBe(true);
    }
    expect(JSON.stringify(json)).not.toMatch(/localhost|127\.0\.0\.1/);
  });

  it('issues ID tokens for an hour and refresh tokens for 12 hours', () => {
    expect(client().TokenValidityUnits.IdToken).toBe('minutes');
    expect(client().IdTokenValidity).toBe(60);
    expect(client().TokenValidityUnits.RefreshToken).toBe('minutes');
    expect(client().RefreshTokenValidity).toBe(12 * 60);
  });

  it('reads no custom attribute into tokens, and users may change only their own name', () => {
    expect(client().ReadAttributes.filter((name: string) => name.startsWith('custom:'))).toEqual([]);
    // No WriteAttributes at all would make every attribute writable.
    expect(client().WriteAttributes).toEqual(['name']);
  });
});

describe('hosted sign-in and outputs', () => {
  it('has a Cognito prefix domain unique to the account', () => {
    const domains = resourcesOfType(json, 'AWS::Cognito::UserPoolDomain')
      .map(([logicalId, domain]) => [logicalId, domain.Properties] as const)
      .filter(([, domain]) => refersTo(domain.UserPoolId, poolId()));
    expect(domains).toHaveLength(1);
    const [, domain] = domains[0] as [string, Json];
    expect(domain.CustomDomainConfig).toBeUndefined();
    expect(JSON.stringify(domain.Domain)).toContain('"Ref":"AWS::AccountId"');
  });

  it('outputs the pool, the client and the console sign-in URL', () => {
    expect(json.Outputs.UserPoolId.Value).toEqual({ Ref: poolId() });
    expect(json.Outputs.UserPoolClientId.Value).toEqual({ Ref: clientId() });
    const [domainId] = resourcesOfType(json, 'AWS::Cognito::UserPoolDomain')[0] as [string, Json];
    const signInUrl = json.Outputs.SignInUrl.Value;
    expect(refersTo(signInUrl, domainId)).toBe(true);
    expect(refersTo(signInUrl, clientId())).toBe(true);
    expect(refersTo(signInUrl, distributionId())).toBe(true);
    const text = JSON.stringify(signInUrl);
    expect(text).toContain('.amazoncognito.com/login?client_id=');
    expect(text).toContain('&response_type=code&redirect_uri=https://');
    expect(text).toMatch(new RegExp(`"${REVIEW_CONSOLE_PATH}"\\]\\]\\}$`));
  });
});

describe('nothing of the local token issuer deploys', () => {
  it('mentions neither the local issuer, its audience nor a signing key in any resource or output', () => {
    const text = JSON.stringify(json);
    expect(text).not.toContain(DEFAULT_LOCAL_ISSUER);
    expect(text).not.toContain('local-issuer');
    expect(text).not.toMatch(/BEGIN [A-Z ]*KEY|private\.pem|public\.pem/);
    for (const [, authorizer] of resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer')) {
      expect(authorizer.Properties.JwtConfiguration?.Audience ?? []).not.toContain(LOCAL_AUDIENCE);
    }
  });

  it('gives no function a local-only environment variable', () => {
    for (const [logicalId, fn] of resourcesOfType(json, 'AWS::Lambda::Function')) {
      const variables: Record<string, Json> = fn.Properties.Environment?.Variables ?? {};
      expect(Object.keys(variables), logicalId).not.toContain(ENV.hashKeyFile);
      expect(Object.keys(variables), logicalId).not.toContain('DATA_DIR');
      expect(JSON.stringify(variables), logicalId).not.toMatch(
        /local-issuer|\.local\b|127\.0\.0\.1|localhost/i,
      );
    }
  });
});

describe('the console sign-in settings (/review-config.json) with Cognito', () => {
  it('name the pool as issuer, the console client, its scopes and the console URL; the CSP may reach both origins', () => {
    const stack = new Stack(new App(), 'OAuth', { env: { account: '123456789012', region: 'ap-east-1' } });
    const signIn = staffSignIn(stack, {
      settings: { provider: 'cognito' },
      consoleUrl: 'https://join.example.org/review',
    });
    const cognito = signIn.cognito;
    if (!cognito) throw new Error('expected the Cognito resources');
    const resolved = (value: unknown): string => JSON.stringify(stack.resolve(value));
    const poolRef = { Ref: stack.getLogicalId(cognito.userPool.node.defaultChild as CfnElement) };
    const clientRef = { Ref: stack.getLogicalId(cognito.consoleClient.node.defaultChild as CfnElement) };
    expect(stack.resolve(signIn.consoleSettings)).toEqual({
      oidc: {
        issuer: {
          'Fn::Join': ['', ['https://cognito-idp.ap-east-1.', { Ref: 'AWS::URLSuffix' }, '/', poolRef]],
        },
        clientId: clientRef,
        scopes: 'openid profile email',
        redirectUri: 'https://join.example.org/review',
      },
    });
    expect(signIn.connectSources).toHaveLength(2);
    expect(stack.resolve(signIn.connectSources[0])).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.ap-east-1.', { Ref: 'AWS::URLSuffix' }]],
    });
    expect(resolved(signIn.connectSources[1])).toMatch(
      /"https:\/\/",\{"Ref":"\w+"\},"\.auth\.ap-east-1\.amazoncognito\.com"/,
    );
  });
});

describe('the Cognito domain prefix', () => {
  const make = (domainPrefix?: string, stackName = 'GigUnionOnboarding') => {
    const app = new App();
    const stack = new Stack(app, 'Prefix', {
      stackName,
      env: { account: '123456789012', region: 'ap-east-1' },
    });
    new ReviewerSignIn(stack, 'SignIn', {
      consoleUrl: 'https://join.example.org/review',
      ...(domainPrefix === undefined ? {} : { domainPrefix }),
    });
    return Template.fromStack(stack);
  };

  it('defaults to the lowercased stack name and the account id', () => {
    make().hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'giguniononboarding-123456789012',
    });
  });

  it('takes a given prefix', () => {
    make('zhaotong-union-review').hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'zhaotong-union-review',
    });
  });

  it.each([
    ['Upper-Case'],
    ['under_score'],
    ['-leading-hyphen'],
    ['my-aws-union'],
    ['union-cognito'],
    ['x'.repeat(64)],
  ])('refuses %s', (prefix) => {
    expect(() => make(prefix)).toThrow(/domain prefix/);
  });

  it('refuses a default that Cognito would refuse, asking for a prefix', () => {
    expect(() => make(undefined, 'Amazon-Union')).toThrow(/pass another domainPrefix/);
  });
});
