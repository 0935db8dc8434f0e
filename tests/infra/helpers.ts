/**
 * Synthesizes the real app (with its cdk-nag plugin) once per test file and answers questions about
 * the template by wiring name, never by resource count.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../infra/app';
import type { GigUnionOnboardingStack, GigUnionOnboardingStackProps } from '../../infra/stack';
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
