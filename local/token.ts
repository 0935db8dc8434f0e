/**
 * `npm run --silent token -- --role reviewer|admin|none [--counties a,b|*] [--sub NAME] [--expires-in SECONDS]`
 * prints one signed JWT, and nothing else, for the local stack that uses the same DATA_DIR.
 */
import type { TokenRequest, TokenRole } from './local-issuer';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { enrolLocally } = await import('./enrol');
const { signLocalToken } = await import('./local-issuer');

const usage =
  'usage: npm run --silent token -- --role reviewer|admin|none [--counties a,b|*] [--sub NAME] [--expires-in SECONDS]';

const fail = (message: string): never => {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
};

const OPTIONS = ['role', 'counties', 'sub', 'expires-in'] as const;
type Option = (typeof OPTIONS)[number];

/** `--name value` or `--name=value`; a value may start with a dash (`--expires-in -60`). */
const parseOptions = (args: string[]): Partial<Record<Option, string>> => {
  const values: Partial<Record<Option, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1] as Option | undefined;
    if (!name || !OPTIONS.includes(name)) return fail(`unknown argument: ${arg}`);
    const value = match?.[2] ?? args[++i];
    if (value === undefined) return fail(`--${name} needs a value`);
    values[name] = value;
  }
  return values;
};

const values = parseOptions(process.argv.slice(2));
const role = values.role as TokenRole | undefined;
if (role !== 'reviewer' && role !== 'admin' && role !== 'none')
  fail('--role must be reviewer, admin or none');
const expiresIn = values['expires-in'] === undefined ? undefined : Number(values['expires-in']);
if (expiresIn !== undefined && !Number.isInteger(expiresIn))
  fail('--expires-in must be a whole number of seconds');

const dataDir = process.env.DATA_DIR || '.local';
const request: TokenRequest = {
  role: role as TokenRole,
  ...(values.counties ? { counties: values.counties } : {}),
  ...(values.sub ? { sub: values.sub } : {}),
  ...(expiresIn !== undefined ? { expiresInSeconds: expiresIn } : {}),
};
// The token proves the identity; the roster entry says what it may do.
const { issuer } = await enrolLocally(dataDir, request);
const token = await signLocalToken(dataDir, request, issuer);
process.stdout.write(`${token}\n`);
