/**
 * The staff list's language helper: the staff pages' `t` (staff/common/i18n.ts, imported here for its
 * strings), knowing the staff list's own strings too. Importing this module is what adds them.
 */
import { addStrings, text } from '../../common/i18n';
import '../common/i18n';
import type { Key as StaffPageKey } from '../common/i18n';
import { ROSTER_STRINGS, type RosterKey } from './strings';

addStrings(ROSTER_STRINGS);

/** Any key the staff list may use: its own, the staff pages' or the applicant pages'. */
export type Key = RosterKey | StaffPageKey;

export const t = (key: Key, values?: Record<string, string | number>): string => text(key, values);
