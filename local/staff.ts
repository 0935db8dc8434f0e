/**
 * `npm run staff`: the staff roster from the command line — above all the first administrator, before
 * anyone can use the /staff page. Every change goes through the same rules and the same audited
 * transaction as the page (shared/domain/staff.ts, shared/storage/staff.ts), by `command line`.
 *
 * Lives in local/ beside `npm run token` because its default is the local stack (found through
 * DATA_DIR/endpoints.json, or DATA_DIR's data with no stack running); on AWS it takes the table and the
 * issuer (the stack's outputs TableName and SignInIssuer) and the default credential chain.
 */
import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
const { documentClient } = await import('../shared/runtime/clients');
const { rosterStore } = await import('../shared/storage/staff');
const { newStaffEntry } = await import('../shared/domain/staff');
const { validateNewStaff, validateStaffChange } = await import('../shared/domain/staff-rules');
const { fieldMessage } = await import('../shared/domain/messages');
const { withLocalTable, localIssuerFor } = await import('./enrol');

const HELP = `The staff roster from the command line.

usage:
  npm run staff -- add  --subject SUB --role admin|reviewer [--counties a,b] [--name NAME] [--issuer URL]
  npm run staff -- set  --subject SUB [--role admin|reviewer] [--counties a,b] [--name NAME]
                        [--active true|false] [--issuer URL]
  npm run staff -- list [--issuer URL]
  (each with [--table NAME] to work on a deployed stack's table)

SUB is the identity's \`sub\` at its provider: a signed-in person who is not staff yet sees it, with
the issuer, on the console. Administrators see every county; reviewers need --counties.

Local stack (no --table): the stack started by \`npm start\` on the same DATA_DIR (default .local),
or DATA_DIR's data when none runs; the issuer defaults to the local provider's.

    npm run staff -- add --subject alice --role admin --name "Alice"

AWS: name the table and the issuer (the stack's outputs TableName and SignInIssuer); credentials come
from the default chain (AWS_PROFILE, environment, SSO) and the region from AWS_REGION.

    out() { aws cloudformation describe-stacks --stack-name GigUnionOnboarding \\
      --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }
    AWS_REGION=cn-north-1 npm run staff -- add --table "$(out TableName)" --issuer "$(out SignInIssuer)" \\
      --subject 3f2c0c1e-… --role admin --name "王主任"`;

const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        subject: { type: 'string' },
        role: { type: 'string' },
        counties: { type: 'string' },
        name: { type: 'string' },
        issuer: { type: 'string' },
        active: { type: 'string' },
        table: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\nRun npm run staff -- --help for usage.`, 2);
  }
})();
const command = positionals[0];
if (values.help || !command) {
  process.stdout.write(`${HELP}\n`);
  process.exit(values.help ? 0 : 2);
}
if (!['add', 'set', 'list'].includes(command) || positionals.length > 1)
  fail(`unknown command: ${positionals.join(' ')}\nRun npm run staff -- --help for usage.`, 2);

const dataDir = process.env.DATA_DIR || '.local';
if (values.table && !values.issuer && command !== 'list')
  fail('--table needs --issuer: the issuer of the deployed stack’s sign-in', 2);
const issuer = values.issuer ?? localIssuerFor(dataDir);
const counties = values.counties
  ?.split(',')
  .map((county) => county.trim())
  .filter(Boolean);
/** What the rules said, in English (the operator's terminal). */
const problems = (fields: Partial<Record<string, string>>) =>
  Object.entries(fields)
    .map(
      ([field, code]) => `  --${field === 'displayName' ? 'name' : field}: ${fieldMessage(code ?? '', 'en')}`,
    )
    .join('\n');
const actor = { actor: 'command line', actorRole: 'admin' as const };

const run = async (db: ReturnType<typeof documentClient>, tableName: string) => {
  const roster = rosterStore(db, tableName);
  if (command === 'list') {
    for (const entry of await roster.list()) {
      if (values.issuer && entry.issuer !== values.issuer) continue;
      const scope = entry.counties === '*' ? 'all counties' : entry.counties.join(',');
      process.stdout.write(
        `${entry.active ? 'active     ' : 'deactivated'}  ${entry.role.padEnd(8)}  ${entry.subject}  ${entry.displayName}  (${scope})  ${entry.issuer}\n`,
      );
    }
    return;
  }
  const at = new Date().toISOString();
  if (command === 'add') {
    const checked = validateNewStaff({
      issuer,
      subject: values.subject ?? '',
      displayName: values.name ?? values.subject ?? '',
      role: values.role,
      ...(counties ? { counties } : {}),
    });
    if (!checked.ok) return fail(`Not added:\n${problems(checked.fields)}`, 2);
    const entry = newStaffEntry(
      { issuer, subject: checked.value.subject },
      checked.value,
      'command line',
      at,
    );
    const added = await roster.add(entry, {
      ...actor,
      action: 'staff.add',
      target: entry.staffId,
      details: { role: entry.role, counties: entry.counties, subject: entry.subject },
    });
    if (!added) return fail(`${entry.subject} (${issuer}) is already on the roster: use set to change it.`);
    process.stdout.write(`added ${entry.role} ${entry.subject} (${issuer})\n`);
    return;
  }
  const read = await roster.get({ issuer, subject: values.subject ?? '' });
  if (!read) return fail(`${values.subject ?? '(no --subject)'} (${issuer}) is not on the roster: use add.`);
  if (values.active !== undefined && !['true', 'false'].includes(values.active))
    fail('--active must be true or false', 2);
  const checked = validateStaffChange({
    ...(values.name !== undefined ? { displayName: values.name } : {}),
    ...(values.role !== undefined ? { role: values.role } : {}),
    ...(counties ? { counties } : {}),
    ...(values.active !== undefined ? { active: values.active === 'true' } : {}),
  });
  if (!checked.ok) return fail(`Not changed:\n${problems(checked.fields)}`, 2);
  if ((checked.value.role ?? read.role) === 'reviewer' && read.role === 'admin' && !checked.value.counties)
    fail('Not changed:\n  --counties: a reviewer needs the counties they review', 2);
  const next = await roster.change(read, checked.value, 'command line', at, {
    ...actor,
    action: 'staff.change',
    target: read.staffId,
    details: Object.fromEntries(
      Object.entries(checked.value).map(([key, value]) => [
        key,
        Array.isArray(value) ? value : String(value),
      ]),
    ),
  });
  process.stdout.write(`changed ${next.subject}: ${next.role}, ${next.active ? 'active' : 'deactivated'}\n`);
};

try {
  if (values.table) {
    const client = new DynamoDBClient({});
    try {
      await run(documentClient(client), values.table);
    } finally {
      client.destroy();
    }
  } else {
    await withLocalTable(dataDir, run);
  }
} catch (error) {
  fail(`staff: ${(error as Error).name}: ${(error as Error).message}`);
}
