import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { t } from '../../web/src/staff/common/i18n';
import { AUDIT_ACTION_LABELS } from '../../web/src/staff/review/audit';

/** Every `action: 'x.y'` the functions and the domain write into an audit entry. */
const auditedActions = (): Set<string> => {
  const actions = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts'))
        for (const [, action] of readFileSync(path, 'utf8').matchAll(/\baction: '([a-z]+\.[a-zA-Z_]+)'/g))
          actions.add(action as string);
    }
  };
  for (const root of ['functions', 'shared', 'local']) walk(root);
  return actions;
};

describe('the audit trail tab', () => {
  it('has a label in both languages for every action written to the audit trail', () => {
    const actions = auditedActions();
    expect(actions.size).toBeGreaterThanOrEqual(17);
    for (const action of actions) {
      const key = AUDIT_ACTION_LABELS[action];
      expect(key, action).toBeDefined();
      expect(t(key as never), action).not.toBe(key);
    }
  });
});
