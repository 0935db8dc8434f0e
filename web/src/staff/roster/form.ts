/**
 * The `/staff` page's forms as requests, checked by the very rules the API applies
 * (shared/domain/staff.ts: validateNewStaff, validateStaffChange, validateInvitation), so a problem is
 * shown beside its field before anything is sent. Pure: the page reads the controls into
 * `StaffFormValues`, and shows the problems these answer.
 */
import { catalog } from '../../../../shared/catalog/index';
import {
  type Invitation,
  type NewStaff,
  normaliseContact,
  type StaffChange,
} from '../../../../shared/domain/staff';
import {
  validateInvitation,
  validateNewStaff,
  validateStaffChange,
} from '../../../../shared/domain/staff-rules';
import { type FormOutcome, formOutcome } from '../common/form-outcome';
import type { StaffMember } from '../common/staff-api';

/** What the controls hold, as typed and ticked. */
export interface StaffFormValues {
  subject?: string;
  issuer?: string;
  displayName: string;
  role: string;
  /** The ticked county codes (any order). */
  counties: readonly string[];
  /** The reminder mobile as typed (add and edit forms only; the invitation form has none). */
  contact?: string;
}

const COUNTY_ORDER = catalog.counties.map((county) => county.code);

/** The ticked counties in the catalogue's order, each once (unknown codes kept last, for the rules to refuse). */
export const orderedCounties = (codes: readonly string[]): string[] => {
  const unique = [...new Set(codes)];
  const rank = (code: string) =>
    COUNTY_ORDER.includes(code) ? COUNTY_ORDER.indexOf(code) : COUNTY_ORDER.length;
  return unique.sort((a, b) => rank(a) - rank(b));
};

/** An administrator covers every county: '*'; anyone else the counties ticked. */
const countiesFor = (role: string, ticked: readonly string[]): '*' | string[] =>
  role === 'admin' ? '*' : orderedCounties(ticked);

/**
 * `POST /api/staff`'s body. The issuer is left out when it is the deployment's own (`defaultIssuer`,
 * which the form starts with) or empty: the API then uses the issuer it signs staff in with.
 */
export const newStaffFromForm = (values: StaffFormValues, defaultIssuer?: string): FormOutcome<NewStaff> => {
  const issuer = values.issuer?.trim() ?? '';
  // Optional: an empty field sends none; anything typed goes to the rules, which normalise or refuse it.
  const contact = values.contact?.trim() ?? '';
  const body: Record<string, unknown> = {
    subject: values.subject?.trim() ?? '',
    displayName: values.displayName.trim(),
    role: values.role,
    counties: countiesFor(values.role, values.counties),
    ...(issuer && issuer !== defaultIssuer ? { issuer } : {}),
    ...(contact ? { contact } : {}),
  };
  return formOutcome(validateNewStaff(body));
};

/** `POST /api/staff/invitations`'s body: the entry whoever redeems the link gets. */
export const invitationFromForm = (values: StaffFormValues): FormOutcome<Invitation> => {
  const body = {
    displayName: values.displayName.trim(),
    role: values.role,
    counties: countiesFor(values.role, values.counties),
  };
  return formOutcome(validateInvitation(body));
};

/** The boxes an entry's counties tick: a reviewer of every county ('*', from the command line) ticks them all. */
const ticked = (entry: StaffMember): readonly string[] =>
  entry.counties === '*' ? COUNTY_ORDER : entry.counties;

const sameCounties = (a: '*' | readonly string[], b: '*' | readonly string[]): boolean =>
  a === '*' || b === '*' ? a === b : a.length === b.length && a.every((code, i) => code === b[i]);

/**
 * `POST /api/staff/{staffId}`'s body: only what differs from the entry as listed (an empty body: nothing
 * to send; an emptied contact: `contact: null`, which removes it). A reviewer's counties always go with a change of role, as the API requires.
 */
export const staffChangeFromForm = (
  entry: StaffMember,
  values: StaffFormValues,
): FormOutcome<StaffChange> => {
  const body: Record<string, unknown> = {};
  const displayName = values.displayName.trim();
  if (displayName !== entry.displayName) body.displayName = displayName;
  if (values.role !== entry.role) body.role = values.role;
  const counties = countiesFor(values.role, values.counties);
  const current = entry.role === 'admin' ? '*' : orderedCounties(ticked(entry));
  if (values.role !== 'admin' && (body.role !== undefined || !sameCounties(counties, current)))
    body.counties = counties;
  // The reminder mobile: emptied removes it (null); typed anew goes to the rules to normalise or refuse;
  // the same number however written (spaces, +86) is no change.
  if (values.contact !== undefined) {
    const contact = values.contact.trim();
    if (!contact) {
      if (entry.contact) body.contact = null;
    } else if (normaliseContact(contact) !== entry.contact) body.contact = contact;
  }
  return formOutcome(validateStaffChange(body));
};

/** Whether a change body changes nothing. */
export const isEmptyChange = (change: StaffChange): boolean => Object.keys(change).length === 0;

/** The form's values for an entry, to start the editor with. */
export const formValuesOf = (entry: StaffMember): StaffFormValues => ({
  displayName: entry.displayName,
  role: entry.role,
  counties: entry.role === 'admin' ? [] : orderedCounties(ticked(entry)),
  contact: entry.contact ?? '',
});

/** The address to hand to the invited person: the API's `path` on this site. */
export const invitationLink = (origin: string, path: string): string => new URL(path, origin).href;
