/** The HTTP API construct on its own, with inline functions: no bundling, no full stack. */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  HttpJwtAuthorizer,
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpApi } from '../../infra/constructs/http-api';
import { FUNCTION_NAMES, type FunctionName, type RouteDeclaration } from '../../shared/wiring';
import { type Json, resourcesOfType } from './helpers';

const JWT_ROUTE: RouteDeclaration = {
  method: 'GET',
  path: '/api/review/applications',
  function: 'status',
  auth: 'jwt',
};

const PUBLIC_ROUTE: RouteDeclaration = {
  method: 'GET',
  path: '/api/challenge',
  function: 'challenge',
  auth: 'public',
};

const fixture = () => {
  const stack = new Stack();
  const fn: lambda.IFunction = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
  });
  const handlers = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, fn])) as Record<
    FunctionName,
    lambda.IFunction
  >;
  const jwtAuthorizer = new HttpJwtAuthorizer('Reviewers', 'https://issuer.example.com', {
    jwtAudience: ['reviewer-console'],
  });
  const publicAuthorizer = new HttpLambdaAuthorizer('Origin', fn, {
    identitySource: ['$request.header.x-origin-verify'],
    responseTypes: [HttpLambdaResponseType.SIMPLE],
  });
  return { stack, handlers, jwtAuthorizer, publicAuthorizer };
};

const stageOf = (stack: Stack): Json => {
  const [stage] = resourcesOfType(Template.fromStack(stack).toJSON(), 'AWS::ApiGatewayV2::Stage');
  if (!stage) throw new Error('no stage');
  return stage[1];
};

describe('HTTP API authorizers', () => {
  it("refuses an auth: 'jwt' route when no JWT authorizer is configured", () => {
    const { stack, handlers } = fixture();
    expect(() => new HttpApi(stack, 'Http', { routes: [JWT_ROUTE], handlers })).toThrow(/JWT authorizer/);
  });

  it("refuses an auth: 'public' route when no public authorizer (the origin header check) is configured", () => {
    const { stack, handlers, jwtAuthorizer } = fixture();
    expect(() => new HttpApi(stack, 'Http', { routes: [PUBLIC_ROUTE], handlers, jwtAuthorizer })).toThrow(
      /public authorizer/,
    );
  });

  it("attaches the JWT authorizer to auth: 'jwt' routes and the public authorizer to public ones", () => {
    const { stack, handlers, jwtAuthorizer, publicAuthorizer } = fixture();
    new HttpApi(stack, 'Http', {
      routes: [JWT_ROUTE, PUBLIC_ROUTE],
      handlers,
      jwtAuthorizer,
      publicAuthorizer,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /api/review/applications',
      AuthorizationType: 'JWT',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /api/challenge',
      AuthorizationType: 'CUSTOM',
    });
    expect(
      resourcesOfType(template.toJSON(), 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties),
    ).not.toContainEqual(expect.objectContaining({ AuthorizationType: 'NONE' }));
  });
});

describe('HTTP API throttles', () => {
  it('gives every route its own throttle by route key, the stage default as fallback, created after the routes', () => {
    const { stack, handlers, jwtAuthorizer, publicAuthorizer } = fixture();
    const http = new HttpApi(stack, 'Http', {
      routes: [JWT_ROUTE, PUBLIC_ROUTE],
      handlers,
      jwtAuthorizer,
      publicAuthorizer,
      defaultThrottle: { rateLimit: 1, burstLimit: 2 },
      throttleFor: (route) =>
        route.auth === 'jwt' ? { rateLimit: 30, burstLimit: 60 } : { rateLimit: 3, burstLimit: 6 },
    });
    const stage = stageOf(stack);
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 1,
      ThrottlingBurstLimit: 2,
    });
    expect(stage.Properties.RouteSettings).toEqual({
      'GET /api/review/applications': { ThrottlingRateLimit: 30, ThrottlingBurstLimit: 60 },
      'GET /api/challenge': { ThrottlingRateLimit: 3, ThrottlingBurstLimit: 6 },
    });
    const routeIds = Object.values(http.routes).map((route) =>
      stack.getLogicalId(route.node.defaultChild as never),
    );
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it.each([
    ['a zero rate', { rateLimit: 0, burstLimit: 5 }],
    ['a fractional burst', { rateLimit: 5, burstLimit: 2.5 }],
    ['a zero burst', { rateLimit: 5, burstLimit: 0 }],
  ])('refuses %s', (_case, throttle) => {
    const { stack, handlers, publicAuthorizer } = fixture();
    expect(
      () =>
        new HttpApi(stack, 'Http', {
          routes: [PUBLIC_ROUTE],
          handlers,
          publicAuthorizer,
          throttleFor: () => throttle,
        }),
    ).toThrow(/GET \/api\/challenge: a throttle needs/);
  });
});

describe('HTTP API custom domain', () => {
  it('disables the execute-api endpoint, maps the stage to the domain, and answers on it', () => {
    const { stack, handlers, publicAuthorizer } = fixture();
    const http = new HttpApi(stack, 'Http', {
      routes: [PUBLIC_ROUTE],
      handlers,
      publicAuthorizer,
      domain: {
        domainName: 'api.join.example.org',
        certificate: Certificate.fromCertificateArn(
          stack,
          'Certificate',
          'arn:aws:acm:ap-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000000',
        ),
      },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.join.example.org',
      DomainNameConfigurations: [{ EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { Stage: '$default' });
    expect(stack.resolve(http.domainName)).toEqual({
      Ref: stack.getLogicalId(http.customDomain?.node.defaultChild as never),
    });
  });

  it('keeps the execute-api endpoint, and CloudFront uses it, without a custom domain', () => {
    const { stack, handlers, publicAuthorizer } = fixture();
    const http = new HttpApi(stack, 'Http', { routes: [PUBLIC_ROUTE], handlers, publicAuthorizer });
    const [[, api]] = resourcesOfType(Template.fromStack(stack).toJSON(), 'AWS::ApiGatewayV2::Api') as [
      [string, Json],
    ];
    expect(api.Properties.DisableExecuteApiEndpoint).toBeUndefined();
    expect(JSON.stringify(stack.resolve(http.domainName))).toContain('.execute-api.');
  });
});
