/**
 * The one way this project defines a Lambda function: Node.js 22.x, bundled by esbuild as minified ESM
 * with a source map beside the bundle, its own log group with a retention, and its own role that may
 * write only to that log group (and to X-Ray when traced). Everything else a function may do is granted
 * by `bind*`.
 *
 * The source map ships in the package but Node does not read it: `--enable-source-maps` makes every cold
 * start parse the 0.6–0.9 MB map (README, "Stack traces"), so it is off unless `sourceMapsAtRuntime`
 * asks for it (`-c sourceMaps=true` for a deployment being debugged). `npm run stacktrace` turns a
 * logged stack into source positions with the same map, off the hot path.
 * Architecture and tracing follow the target (infra/target.ts): arm64 with X-Ray on global AWS, x86_64
 * without X-Ray in the China Regions (Lambda has no X-Ray integration there; arm64 is not confirmed).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  LogLevel,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionDeclaration } from '../../shared/wiring';
import { functionEntry, LOCK_FILE, REPO_ROOT } from '../paths';

/** ESM bundles have no `require`; some bundled CommonJS dependencies still call it. */
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
const SOURCE_MAPS = '--enable-source-maps';

/**
 * What the base decides and a caller may not change; architecture, tracing and log retention only among
 * the choices BaseFunctionProps offers.
 */
type FixedProps =
  | 'entry'
  | 'handler'
  | 'runtime'
  | 'architecture'
  | 'projectRoot'
  | 'depsLockFilePath'
  | 'tracing'
  | 'timeout'
  | 'memorySize'
  | 'description'
  | 'role'
  | 'logGroup'
  | 'logRetention';

export interface BaseFunctionProps extends Omit<NodejsFunctionProps, FixedProps> {
  /** The folder under `functions/` (the key in wiring's FUNCTIONS). */
  readonly name: string;
  readonly declaration: FunctionDeclaration;
  /** Merged over the base bundling; a caller's banner goes after the base's `require` shim. */
  readonly bundling?: Omit<BundlingOptions, 'format'>;
  /** @default three months */
  readonly logRetention?: logs.RetentionDays;
  /** @default ARM_64 (Graviton); X86_64 where arm64 is not offered */
  readonly architecture?: Architecture;
  /** ACTIVE or DISABLED (no X-Ray where Lambda has no X-Ray integration). @default ACTIVE */
  readonly tracing?: Tracing.ACTIVE | Tracing.DISABLED;
  /**
   * Node reads the bundle's source map at start-up (`--enable-source-maps`), so logged stacks name
   * source files: readable, at a cold-start cost. @default false
   */
  readonly sourceMapsAtRuntime?: boolean;
}

export class BaseFunction extends Construct {
  readonly name: string;
  readonly declaration: FunctionDeclaration;
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BaseFunctionProps) {
    super(scope, id);
    const {
      name,
      declaration,
      bundling,
      environment,
      logRetention,
      architecture,
      tracing,
      sourceMapsAtRuntime,
      ...rest
    } = props;
    this.name = name;
    this.declaration = declaration;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Handler', {
      ...rest,
      entry: functionEntry(name),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      runtime: Runtime.NODEJS_22_X,
      architecture: architecture ?? Architecture.ARM_64,
      timeout: Duration.seconds(declaration.timeoutSeconds),
      memorySize: declaration.memoryMb,
      description: declaration.description,
      tracing: tracing ?? Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: mergeEnvironment(name, environment, sourceMapsAtRuntime ?? false),
      bundling: mergeBundling(bundling),
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22.x is the runtime of the project (README, "Deploy to AWS"); the toolchain is pinned to versions tested on it. Moving to 24.x is a deliberate upgrade, not a drift.',
    });
    if ((tracing ?? Tracing.ACTIVE) === Tracing.ACTIVE) {
      Validations.of(this.role.node.findChild('DefaultPolicy')).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only the X-Ray statement (xray:PutTraceSegments, xray:PutTelemetryRecords) added by Tracing.ACTIVE uses Resource "*": X-Ray supports no resource-level permissions.',
      });
    }
  }
}

/** The caller's NODE_OPTIONS are kept; the source-map flag is added only when asked for. */
const mergeEnvironment = (
  name: string,
  environment: Record<string, string> = {},
  sourceMapsAtRuntime: boolean,
): Record<string, string> => {
  const callerNodeOptions = environment.NODE_OPTIONS ?? '';
  const nodeOptions =
    sourceMapsAtRuntime && !callerNodeOptions.split(/\s+/).includes(SOURCE_MAPS)
      ? `${SOURCE_MAPS} ${callerNodeOptions}`.trim()
      : callerNodeOptions;
  return {
    POWERTOOLS_SERVICE_NAME: name,
    ...environment,
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
  };
};

const mergeBundling = (bundling: Omit<BundlingOptions, 'format'> = {}): BundlingOptions => ({
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node22',
  mainFields: ['module', 'main'],
  bundleAwsSDK: true,
  logLevel: LogLevel.WARNING,
  ...bundling,
  format: OutputFormat.ESM,
  banner: [REQUIRE_SHIM, bundling.banner].filter(Boolean).join('\n'),
});
