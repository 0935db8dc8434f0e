/**
 * The HTTP API: one route per wiring ROUTES entry and nothing else (local-only routes such as
 * /api/health are not declared there, so they never reach AWS). Lambda proxy integrations with
 * payload format 2.0, a `$default` stage that auto-deploys, a throttle per route (wiring THROTTLES) and
 * JSON access logs. Staff routes get the staff sign-in JWT authorizer, public routes the CloudFront origin
 * header check (origin-lock.ts). With its own custom domain the default execute-api endpoint is off.
 */
import { Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  type FunctionName,
  type RouteDeclaration,
  routeKey,
  THROTTLES,
  type ThrottleDeclaration,
  throttleFor,
} from '../../shared/wiring';
import { pascalCase } from '../paths';

/** The API's own host name (regional custom domain), e.g. `api.join.example.org`. */
export interface ApiDomain {
  readonly domainName: string;
  /**
   * An ACM certificate for `domainName` in the stack's own Region (a regional custom domain; not the
   * us-east-1 one CloudFront uses, unless the stack is in us-east-1).
   */
  readonly certificate: ICertificate;
}

export interface HttpApiProps {
  readonly routes: readonly RouteDeclaration[];
  readonly handlers: Readonly<Record<FunctionName, IFunction>>;
  /** Attached to every `auth: 'jwt'` route; required as soon as one exists. */
  readonly jwtAuthorizer?: apigw.IHttpRouteAuthorizer;
  /**
   * Attached to every `auth: 'public'` route (the CloudFront origin header check); required as soon as
   * one exists, so no route is ever open to callers that bypass CloudFront.
   */
  readonly publicAuthorizer?: apigw.IHttpRouteAuthorizer;
  /** Each route's throttle. @default wiring's throttleFor */
  readonly throttleFor?: (route: RouteDeclaration) => ThrottleDeclaration;
  /** The stage's default route throttle, for any route without its own. @default THROTTLES.public */
  readonly defaultThrottle?: ThrottleDeclaration;
  /**
   * The API's own custom domain. With it the default `execute-api` endpoint is disabled: the API (and
   * CloudFront's /api origin) answers on this name only.
   */
  readonly domain?: ApiDomain;
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

/** A RouteSettings entry as CloudFormation spells it (the property is untyped JSON: CDK renames nothing). */
interface RouteThrottleJson {
  readonly ThrottlingRateLimit: number;
  readonly ThrottlingBurstLimit: number;
}

/**
 * How HTTP API throttles combine (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html):
 * route-level throttling overrides the account-level limits, for a whole stage (its default route
 * settings) or for individual routes (its route settings, by route key); neither may exceed the account
 * limit. Each route draws on a bucket of its own: the stage default applies to every route that has no
 * entry of its own, and a route's entry replaces the default for that route. The default is not a cap on
 * the stage's sum; the only shared ceiling is the account's quota per Region across all its APIs
 * (10,000 requests/s with bursts of 5,000 by default: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
 * So the default here is the smallest budget, the public one: a route that somehow had no entry would
 * get the least, never the most; and every declared route gets its own entry, so a flood on a public
 * route spends that route's tokens and never a reviewer's.
 */
const toRouteSettings = (throttle: ThrottleDeclaration, what: string): RouteThrottleJson => {
  // Both values, always: a setting left out has been seen to act as 0, refusing every request
  // (https://github.com/hashicorp/terraform-provider-aws/pull/43307).
  if (!(throttle.rateLimit > 0) || !Number.isInteger(throttle.burstLimit) || throttle.burstLimit < 1) {
    throw new Error(
      `${what}: a throttle needs a positive rateLimit and a whole burstLimit of at least 1, got ${JSON.stringify(throttle)}`,
    );
  }
  return { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
};

export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The API's own custom domain, when one is given. */
  readonly customDomain?: apigw.DomainName;
  /** By route key (`GET /api/challenge`). */
  readonly routes: Readonly<Record<string, apigw.HttpRoute>>;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'Gig-worker union onboarding API',
      createDefaultStage: false,
      // With a custom domain, nothing answers on {apiId}.execute-api.…: the domain is the only name.
      ...(props.domain ? { disableExecuteApiEndpoint: true } : {}),
    });
    if (props.domain) {
      this.customDomain = new apigw.DomainName(this, 'Domain', {
        domainName: props.domain.domainName,
        certificate: props.domain.certificate,
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
    }
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    const defaultThrottle = props.defaultThrottle ?? THROTTLES.public;
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: { rateLimit: defaultThrottle.rateLimit, burstLimit: defaultThrottle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
      ...(this.customDomain ? { domainMapping: { domainName: this.customDomain } } : {}),
    });
    toRouteSettings(defaultThrottle, 'the stage default'); // the same checks as every route's

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
    const routeSettings: Record<string, RouteThrottleJson> = {};
    for (const declaration of props.routes) {
      const key = routeKey(declaration);
      const [route] = this.api.addRoutes({
        path: declaration.path,
        methods: [apigw.HttpMethod[declaration.method]],
        integration: integrationFor(declaration.function),
        authorizer: authorizerFor(declaration, props),
      });
      if (!route) throw new Error(`route ${key} was not created`);
      routes[key] = route;
      routeSettings[key] = toRouteSettings((props.throttleFor ?? throttleFor)(declaration), key);
      // A stage's route settings may name only routes that exist, and CloudFormation would otherwise
      // create the stage alongside them (https://github.com/aws/serverless-application-model/issues/2479).
      this.stage.node.addDependency(route);
    }
    this.routes = routes;
    // HttpStage has no route settings of its own (aws-cdk-lib 2.276): the CfnStage property, by route key.
    (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = routeSettings;
  }

  /**
   * The host name CloudFront's /api origin uses: the API's custom domain when it has one (its execute-api
   * endpoint is then disabled), else `{apiId}.execute-api.{region}.{urlSuffix}`.
   */
  get domainName(): string {
    if (this.customDomain) return this.customDomain.name;
    const stack = Stack.of(this);
    return `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }

  /** Where the API answers: `https://<custom domain>/`, or the stage's execute-api URL. */
  get url(): string {
    const url = this.customDomain ? this.stage.domainUrl : this.stage.url;
    if (!url) throw new Error('the HTTP API stage has no URL');
    return url;
  }
}

const authorizerFor = (
  route: RouteDeclaration,
  { jwtAuthorizer, publicAuthorizer }: Pick<HttpApiProps, 'jwtAuthorizer' | 'publicAuthorizer'>,
): apigw.IHttpRouteAuthorizer => {
  if (route.auth === 'public') {
    if (!publicAuthorizer) {
      throw new Error(
        `route ${route.method} ${route.path} is declared auth: 'public' but no public authorizer (the CloudFront origin header check) is configured: pass publicAuthorizer`,
      );
    }
    return publicAuthorizer;
  }
  if (!jwtAuthorizer) {
    throw new Error(
      `route ${route.method} ${route.path} is declared auth: 'jwt' but no JWT authorizer is configured: pass jwtAuthorizer`,
    );
  }
  return jwtAuthorizer;
};
