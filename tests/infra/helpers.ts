/**
 * Synthesizes the real app (with its cdk-nag plugin) once per test file and answers questions about
 * the template by wiring name, never by resource count.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { expect } from 'vitest';
import { buildApp } from '../../infra/app';
import { API_PATH_PATTERN } from '../../infra/constructs/web-hosting';
import type { GigUnionOnboardingStack, GigUnionOnboardingStackProps } from '../../infra/stack';
import { API_DOCUMENTS, STATIC_DOCUMENTS, staticDocumentKey } from '../../shared/web/static-documents';
import { FUNCTIONS, type FunctionName } from '../../shared/wiring';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped
export type Json = any;

export interface Synthesized {
  readonly stack: GigUnionOnboardingStack;
  readonly assembly: CloudAssembly;
  readonly template: Template;
  readonly json: Json;
}

/**
 * Builds and synthesizes the real app into a fresh directory. By default it throws what synth throws
 * (unacknowledged cdk-nag errors included); `failOnFindings: false` still runs the checks and writes
 * their report but lets template tests run, so a nag regression shows up in the nag tests alone.
 * `bundle: false` skips esbuild (most of synth's time) for files that never read a bundle: the template
 * is the same but for the assets' hashes. `context` is what `-c key=value` would give; `stackProps` what
 * a deployer's own app would pass.
 */
export const synthesize = (
  options: {
    failOnFindings?: boolean;
    bundle?: boolean;
    context?: Record<string, unknown>;
    stackProps?: GigUnionOnboardingStackProps;
  } = {},
): Synthesized => {
  const outdir = mkdtempSync(join(tmpdir(), 'gig-union-cdk-'));
  const context = {
    ...(options.failOnFindings === false ? { '@aws-cdk/core:failSynthOnValidationErrors': false } : {}),
    ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    ...options.context,
  };
  const { app, stack } = buildApp({
    appProps: { outdir, context },
    ...(options.stackProps ? { stackProps: options.stackProps } : {}),
  });
  const assembly = app.synth();
  const json = assembly.getStackArtifact(stack.artifactId).template;
  return { stack, assembly, template: Template.fromJSON(json), json };
};

export const resourcesOfType = (json: Json, type: string): [string, Json][] =>
  Object.entries<Json>(json.Resources).filter(([, resource]) => resource.Type === type);

/** Whether a CloudFormation value refers to a logical id (Ref or Fn::GetAtt, however deeply nested). */
export const refersTo = (value: Json, logicalId: string): boolean => {
  if (Array.isArray(value)) return value.some((item) => refersTo(item, logicalId));
  if (value === null || typeof value !== 'object') return false;
  if (value.Ref === logicalId) return true;
  if (Array.isArray(value['Fn::GetAtt']) && value['Fn::GetAtt'][0] === logicalId) return true;
  return Object.values(value).some((item) => refersTo(item, logicalId));
};

/** A function's logical id, found by the description wiring.ts gives it. */
export const functionLogicalId = (json: Json, name: FunctionName): string => {
  const matches = resourcesOfType(json, 'AWS::Lambda::Function').filter(
    ([, fn]) => fn.Properties.Description === FUNCTIONS[name].description,
  );
  if (matches.length !== 1)
    throw new Error(`expected one function described as ${name}'s, found ${matches.length}`);
  return (matches[0] as [string, Json])[0];
};

export const functionProps = (json: Json, name: FunctionName): Json =>
  json.Resources[functionLogicalId(json, name)].Properties;

export const roleLogicalId = (json: Json, name: FunctionName): string => {
  const role = functionProps(json, name).Role;
  return role['Fn::GetAtt'][0];
};

export interface Statement {
  readonly effect: string;
  readonly actions: string[];
  readonly resource: Json;
  readonly condition?: Json;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every IAM policy attached to a role. */
export const roleStatements = (json: Json, roleId: string): Statement[] =>
  resourcesOfType(json, 'AWS::IAM::Policy')
    .filter(([, policy]) => refersTo(policy.Properties.Roles, roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[])
    .map((statement) => ({
      effect: statement.Effect,
      actions: asArray<string>(statement.Action),
      resource: statement.Resource,
      condition: statement.Condition,
    }));

export const functionStatements = (json: Json, name: FunctionName): Statement[] =>
  roleStatements(json, roleLogicalId(json, name));

/** Whether the statements allow `action` on the resource with `logicalId`. */
export const allows = (statements: Statement[], action: string, logicalId: string): boolean =>
  statements.some(
    (statement) =>
      statement.effect === 'Allow' &&
      statement.actions.includes(action) &&
      refersTo(statement.resource, logicalId),
  );

/** Whether the statements allow `action` (or a wildcard covering it) on anything at all. */
export const allowsAnywhere = (statements: Statement[], action: string): boolean => {
  const [service] = action.split(':');
  return statements.some(
    (statement) =>
      statement.effect === 'Allow' &&
      statement.actions.some(
        (granted) => granted === action || granted === '*' || granted === `${service}:*`,
      ),
  );
};

/** The logical id an output's value refers to with `Ref`. */
export const outputRef = (json: Json, output: string): string => {
  const ref = json.Outputs?.[output]?.Value?.Ref;
  if (typeof ref !== 'string') throw new Error(`output ${output} is not a Ref`);
  return ref;
};

/** The bundle directory of a function, from its S3 key (`<asset hash>.zip`). */
export const bundleDirectory = (synthesized: Synthesized, name: FunctionName): string => {
  const key: string = functionProps(synthesized.json, name).Code.S3Key;
  return join(synthesized.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
};

export const readBundleFile = (synthesized: Synthesized, name: FunctionName, file: string): string =>
  readFileSync(join(bundleDirectory(synthesized, name), file), 'utf8');

/** Whether `from` depends on `on`, directly or through other resources' DependsOn. */
export const dependsOn = (json: Json, from: string, on: string, seen = new Set<string>()): boolean => {
  const direct: string[] = [json.Resources[from]?.DependsOn ?? []].flat();
  if (direct.includes(on)) return true;
  seen.add(from);
  return direct.some((next) => !seen.has(next) && dependsOn(json, next, on, seen));
};

/**
 * What either edge does with the static documents (shared/web/static-documents.ts), read from the
 * template: each one under /api/ has a behaviour to the site bucket, before /api/* (CloudFront takes the
 * first behaviour that matches, in the order listed), with the pages' cache and response headers
 * policies; each is deployed with its Content-Type and Cache-Control before the pages, which never prune
 * it; and no API route or function serves any of them.
 */
export const expectStaticDocumentsFromTheSite = (json: Json): void => {
  const [distribution] = resourcesOfType(json, 'AWS::CloudFront::Distribution');
  if (!distribution) throw new Error('no distribution');
  const config = distribution[1].Properties.DistributionConfig;
  const site = config.DefaultCacheBehavior;
  const behaviors: Json[] = config.CacheBehaviors;
  const originOf = (behavior: Json): Json =>
    config.Origins.find((o: Json) => o.Id === behavior.TargetOriginId);
  const apiIndex = behaviors.findIndex((b) => b.PathPattern === API_PATH_PATTERN);
  expect(originOf(behaviors[apiIndex]).CustomOriginConfig).toBeDefined();
  expect(originOf(site).S3OriginConfig).toBeDefined();
  for (const document of API_DOCUMENTS) {
    const index = behaviors.findIndex((b) => b.PathPattern === document.path);
    expect(index, document.path).toBeGreaterThanOrEqual(0);
    expect(index, `${document.path} before ${API_PATH_PATTERN}`).toBeLessThan(apiIndex);
    const behavior = behaviors[index];
    expect(behavior.TargetOriginId, document.path).toBe(site.TargetOriginId);
    expect(behavior.TargetOriginId, document.path).not.toBe(behaviors[apiIndex].TargetOriginId);
    expect(behavior.CachePolicyId, document.path).toEqual(site.CachePolicyId);
    expect(behavior.ResponseHeadersPolicyId, document.path).toEqual(site.ResponseHeadersPolicyId);
    expect(behavior.AllowedMethods ?? ['GET', 'HEAD'], document.path).toEqual(['GET', 'HEAD']);
    expect(behavior.OriginRequestPolicyId, document.path).toBeUndefined();
  }

  const deployments = resourcesOfType(json, 'Custom::CDKBucketDeployment');
  const [pagesId, pages] = deployments.find(([, d]) => d.Properties.Prune === true) ?? [];
  if (!pagesId) throw new Error('no pruning deployment of the pages');
  for (const document of STATIC_DOCUMENTS) {
    const key = staticDocumentKey(document);
    const deploying = deployments.filter(([, d]) => d.Properties.Include?.includes(key));
    expect(deploying, key).toHaveLength(1);
    const [id, deployment] = deploying[0] as [string, Json];
    expect(deployment.Properties.Exclude, key).toEqual(['*']);
    expect(deployment.Properties.Prune, key).toBe(false);
    expect(deployment.Properties.SystemMetadata, key).toEqual({
      'content-type': document.contentType,
      'cache-control': document.cacheControl,
    });
    expect(pages.Properties.Exclude, key).toContain(key);
    expect(pages.Properties.DistributionPaths, key).toContain(document.path);
    expect(dependsOn(json, pagesId, id), key).toBe(true);
  }

  const routeKeys: string[] = resourcesOfType(json, 'AWS::ApiGatewayV2::Route').map(
    ([, route]) => route.Properties.RouteKey,
  );
  for (const document of STATIC_DOCUMENTS) {
    expect(routeKeys.filter((key) => key.endsWith(` ${document.path}`))).toEqual([]);
  }
  const descriptions = resourcesOfType(json, 'AWS::Lambda::Function').map(
    ([, fn]) => fn.Properties.Description ?? '',
  );
  expect(descriptions.filter((description) => /catalog/i.test(description))).toEqual([]);
};
