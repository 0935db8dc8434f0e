/** The HTTP API construct on its own, with inline functions: no bundling, no full stack. */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpApi } from '../../infra/constructs/http-api';
import { FUNCTION_NAMES, type FunctionName, type RouteDeclaration } from '../../shared/wiring';

const JWT_ROUTE: RouteDeclaration = {
  method: 'GET',
  path: '/api/review/applications',
  function: 'status',
  auth: 'jwt',
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
  return { stack, handlers };
};

describe('HTTP API authorizers', () => {
  it("refuses an auth: 'jwt' route when no JWT authorizer is configured", () => {
    const { stack, handlers } = fixture();
    expect(() => new HttpApi(stack, 'Http', { routes: [JWT_ROUTE], handlers })).toThrow(/JWT authorizer/);
  });

  it("attaches the configured JWT authorizer to auth: 'jwt' routes, and none to public ones", () => {
    const { stack, handlers } = fixture();
    const jwtAuthorizer = new HttpJwtAuthorizer('Reviewers', 'https://issuer.example.com', {
      jwtAudience: ['reviewer-console'],
    });
    new HttpApi(stack, 'Http', {
      routes: [JWT_ROUTE, { method: 'GET', path: '/api/catalog', function: 'catalog', auth: 'public' }],
      handlers,
      jwtAuthorizer,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /api/review/applications',
      AuthorizationType: 'JWT',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /api/catalog',
      AuthorizationType: 'NONE',
    });
  });
});
