/**
 * Where the stack deploys, `-c target=global|china`, and what follows from it. Global AWS is the default
 * and what the stack always was; `china` uses only what the China Regions offer (infra/china/availability.ts)
 * and needs settings global AWS does without, all named in one synth error when missing
 * (`chinaRequirements`).
 */
import { Token } from 'aws-cdk-lib';
import { Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { CHINA_REGIONS } from './china/availability';

export type DeploymentTarget = 'global' | 'china';
export const TARGETS: readonly DeploymentTarget[] = ['global', 'china'];

/** `-c target=china`; without it, global AWS. */
export const TARGET_CONTEXT = 'target';

/** `-c schedules=scheduler|rules`: EventBridge Scheduler (in its time zone) or rules (in UTC). */
export const SCHEDULES_CONTEXT = 'schedules';
export type ScheduleKind = 'scheduler' | 'rules';

/** What a target decides about the functions and schedules. */
export interface TargetProfile {
  readonly target: DeploymentTarget;
  readonly architecture: Architecture;
  readonly tracing: Tracing.ACTIVE | Tracing.DISABLED;
  readonly schedules: ScheduleKind;
}

const contextString = (scope: Construct, key: string): string | undefined => {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value.trim() : JSON.stringify(value);
};

export const targetFromContext = (scope: Construct): DeploymentTarget => {
  const value = contextString(scope, TARGET_CONTEXT) ?? 'global';
  if (!(TARGETS as readonly string[]).includes(value)) {
    throw new Error(`-c ${TARGET_CONTEXT}= takes ${TARGETS.join(' or ')}, got "${value}"`);
  }
  return value as DeploymentTarget;
};

/**
 * Per target: China has no X-Ray integration for Lambda and arm64 there is not confirmed (x86_64 runs
 * everywhere); EventBridge Scheduler there is not confirmed either, so its schedules are rules in UTC
 * unless `-c schedules=scheduler` (availability.ts, FEATURES).
 */
export const targetProfile = (scope: Construct, target: DeploymentTarget): TargetProfile => {
  const schedules = contextString(scope, SCHEDULES_CONTEXT) ?? (target === 'china' ? 'rules' : 'scheduler');
  if (schedules !== 'scheduler' && schedules !== 'rules') {
    throw new Error(`-c ${SCHEDULES_CONTEXT}= takes scheduler or rules, got "${schedules}"`);
  }
  return target === 'china'
    ? { target, architecture: Architecture.X86_64, tracing: Tracing.DISABLED, schedules }
    : { target, architecture: Architecture.ARM_64, tracing: Tracing.ACTIVE, schedules };
};

/** A China stack must be in a China Region; an environment-agnostic one (region unknown at synth) may be. */
export const assertTargetRegion = (target: DeploymentTarget, region: string): void => {
  if (Token.isUnresolved(region)) return;
  const inChina = (CHINA_REGIONS as readonly string[]).includes(region);
  if (target === 'china' && !inChina) {
    throw new Error(
      `-c ${TARGET_CONTEXT}=china deploys to ${CHINA_REGIONS.join(' or ')} with a China account, not to ${region}`,
    );
  }
  if (target === 'global' && inChina) {
    throw new Error(`${region} is a China Region: deploy there with -c ${TARGET_CONTEXT}=china`);
  }
};

/** One requirement of a target: the context key, and what to give it. */
export interface Requirement {
  readonly context: string;
  readonly what: string;
}

/** Throws one error naming every missing requirement, or returns. */
export const assertRequirements = (target: DeploymentTarget, missing: readonly Requirement[]): void => {
  if (missing.length === 0) return;
  throw new Error(
    [
      `-c ${TARGET_CONTEXT}=${target} is missing ${missing.length === 1 ? 'a setting' : `${missing.length} settings`}:`,
      ...missing.map((requirement) => `  -c ${requirement.context}=…  ${requirement.what}`),
      "(README, 'Deploying in mainland China')",
    ].join('\n'),
  );
};
