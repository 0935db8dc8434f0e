/**
 * The HTTP API: one route per wiring ROUTES entry and nothing else (local-only routes such as
 * /api/health are not declared there, so they never reach AWS). Lambda proxy integrations with
 * payload format 2.0, a `$default` stage that auto-deploys, stage throttling and JSON access logs.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName, RouteDeclaration } from '../../shared/wiring';
import { pascalCase } from '../paths';

export interface HttpApiProps {
  readonly routes: readonly RouteDeclaration[];
  readonly handlers: Readonly<Record<FunctionName, IFunction>>;
  /** Attached to every `auth: 'jwt'` route; required as soon as one exists. */
  readonly jwtAuthorizer?: apigw.IHttpRouteAuthorizer;
  /** @default 50 requests per second, bursts of 100 */
  readonly throttle?: apigw.ThrottleSettings;
}

/** No personal data: no bodies, headers or query strings; the path only carries application ids. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
  }),
);

const PUBLIC_ROUTE_REASON =
  "Declared auth: 'public' in wiring ROUTES: the catalogue, the phone code, the application form and the applicant's status page are used anonymously by design (DESIGN §1, §5, §5b); the status route answers only with the X-Status-Token issued at submission, codes are limited per phone. Stage throttling bounds abuse.";

export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** By route key (`GET /api/catalog`). */
  readonly routes: Readonly<Record<string, apigw.HttpRoute>>;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'Gig-worker union onboarding API',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName): HttpLambdaIntegration => {
      const existing = integrations.get(name);
      if (existing) return existing;
      const integration = new HttpLambdaIntegration(`${pascalCase(name)}Integration`, props.handlers[name], {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      });
      integrations.set(name, integration);
      return integration;
    };

    const routes: Record<string, apigw.HttpRoute> = {};
    for (const declaration of props.routes) {
      const key = `${declaration.method} ${declaration.path}`;
      const [route] = this.api.addRoutes({
        path: declaration.path,
        methods: [apigw.HttpMethod[declaration.method]],
        integration: integrationFor(declaration.function),
        authorizer: authorizerFor(declaration, props.jwtAuthorizer),
      });
      if (!route) throw new Error(`route ${key} was not created`);
      if (declaration.auth === 'public') {
        Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: PUBLIC_ROUTE_REASON });
      }
      routes[key] = route;
    }
    this.routes = routes;
  }

  /** The API's own host name, `{apiId}.execute-api.{region}.{urlSuffix}` (CloudFront's origin for /api). */
  get domainName(): string {
    const stack = Stack.of(this);
    return `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }

  get url(): string {
    const url = this.stage.url;
    if (!url) throw new Error('the HTTP API stage has no URL');
    return url;
  }
}

const authorizerFor = (
  route: RouteDeclaration,
  jwtAuthorizer: apigw.IHttpRouteAuthorizer | undefined,
): apigw.IHttpRouteAuthorizer => {
  if (route.auth === 'public') return new apigw.HttpNoneAuthorizer();
  if (!jwtAuthorizer) {
    throw new Error(
      `route ${route.method} ${route.path} is declared auth: 'jwt' but no JWT authorizer is configured: pass jwtAuthorizer`,
    );
  }
  return jwtAuthorizer;
};
