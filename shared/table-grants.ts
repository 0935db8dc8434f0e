/**
 * The IAM statements a function's table grants (shared/wiring.ts) become: the CDK stack writes them
 * (infra/constructs/bind.ts) and the local check evaluates every DynamoDB call against them
 * (local/table-access.ts), so what is tested is what deploys.
 */
import { ANY_PARTITION, ITEM_ACTIONS, type ItemAction, type TableGrants } from './wiring';

export type TableAction = ItemAction | 'Scan';

export interface TableStatement {
  /** A statement id (letters and digits, as IAM wants). */
  readonly sid: string;
  readonly actions: readonly TableAction[];
  /** The index the statement is on (`<table>/index/<name>`); absent: the table itself. */
  readonly index?: string;
  /**
   * `ForAllValues:StringLike` on `dynamodb:LeadingKeys`: every partition key the request touches must
   * match one of these. Absent: no condition (an index that cannot be narrowed, the migrations' scan).
   */
  readonly leadingKeys?: readonly string[];
}

const capitalised = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/**
 * One statement per set of actions on the table, naming the partition patterns that set applies to;
 * one per queried index; one for a scan. Nothing else: no `dynamodb:*`, no `<table>/index/*`.
 */
export const tableStatements = (grants: TableGrants): TableStatement[] => {
  const byActions = new Map<string, { actions: ItemAction[]; patterns: string[] }>();
  for (const [pattern, declared] of Object.entries(grants.items ?? {})) {
    const actions = ITEM_ACTIONS.filter((action) => declared.includes(action));
    if (actions.length === 0) continue;
    const key = actions.join(',');
    const group = byActions.get(key) ?? { actions, patterns: [] };
    group.patterns.push(pattern);
    byActions.set(key, group);
  }
  const statements: TableStatement[] = [...byActions.values()].map(({ actions, patterns }) => ({
    sid: `Items${actions.map((action) => action.replace(/Item$/, '')).join('')}`,
    actions,
    leadingKeys: patterns,
  }));
  for (const [index, patterns] of Object.entries(grants.queries ?? {})) {
    if (patterns === undefined) continue;
    statements.push({
      sid: `Query${capitalised(index)}`,
      actions: ['Query'],
      index,
      ...(patterns === ANY_PARTITION ? {} : { leadingKeys: [...patterns] }),
    });
  }
  if (grants.scan) statements.push({ sid: 'ScanTable', actions: ['Scan'] });
  return statements;
};
