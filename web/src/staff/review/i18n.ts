/**
 * The reviewer console's language helper: the staff pages' `t` (staff/common/i18n.ts, imported here for
 * its strings), knowing the console's own strings too. Importing this module is what adds them.
 */
import { addStrings, text } from '../../common/i18n';
import '../common/i18n';
import type { Key as StaffPageKey } from '../common/i18n';
import { REVIEW_STRINGS, type ReviewKey } from './strings';

addStrings(REVIEW_STRINGS);

/** Any key the console may use: its own, the staff pages' or the applicant pages'. */
export type Key = ReviewKey | StaffPageKey;

export const t = (key: Key, values?: Record<string, string | number>): string => text(key, values);
