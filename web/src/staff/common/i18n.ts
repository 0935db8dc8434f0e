/**
 * The staff pages' language helper: the same switch and `t` as common/i18n.ts, knowing the staff strings too.
 * Importing this module is what adds them, so every module that words staff text imports `t` from here.
 */
import { addStrings, text } from '../../common/i18n';
import type { UiKey } from '../../common/strings';
import { STAFF_STRINGS, type StaffKey } from './strings';

addStrings(STAFF_STRINGS);

/** Any key a staff page may show: its own or one shared with the applicant pages. */
export type Key = StaffKey | UiKey;

export const t = (key: Key, values?: Record<string, string | number>): string => text(key, values);
