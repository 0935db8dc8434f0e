/**
 * The language helper of the pages that show unions (`/unions`, and the report's union section): the
 * staff pages' `t` (staff/common/i18n.ts, imported here for its strings), knowing the union strings too.
 * Importing this module is what adds them.
 */
import { addStrings, text } from '../../common/i18n';
import '../common/i18n';
import type { Key as StaffPageKey } from '../common/i18n';
import { UNIONS_STRINGS, type UnionsKey } from './strings';

addStrings(UNIONS_STRINGS);

/** Any key a page showing unions may use: its own, the staff pages' or the applicant pages'. */
export type Key = UnionsKey | StaffPageKey;

export const t = (key: Key, values?: Record<string, string | number>): string => text(key, values);
