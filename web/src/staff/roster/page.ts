/**
 * The staff list (`/staff`), for administrators: who may sign in to the staff pages, as what and for
 * which counties. Signed in as on the console (staff/common/sign-in.ts, same tab session); the roster is read
 * and changed through `/api/staff` (staff/common/staff-api.ts), and every form is checked by the API's own rules
 * before it is sent (form.ts, shared/domain/staff.ts). Reviewers are told the page is for
 * administrators; the API refuses them anyway.
 */
import { catalog } from '../../../../shared/catalog/index';
import { fieldMessage } from '../../../../shared/domain/messages';
import { maskPhone } from '../../../../shared/domain/phone';
import { byId, formatDateTime, h, setChildren } from '../../common/dom';
import { clearFieldErrors, focusTarget, inPageOrder, setFieldError } from '../../common/field-errors';
import { currentLocale, onLocaleChange, startLanguage } from '../../common/i18n';
import { type ReviewProblem, reviewProblemMessage } from '../common/api';
import { countiesLabel, countyName, labelledCell, roleLabel } from '../common/format';
import { type Key, t } from '../common/i18n';
import type { SignedIn } from '../common/session';
import { createSignIn } from '../common/sign-in';
import {
  addStaff,
  changeStaff,
  type InvitationMade,
  listStaff,
  makeInvitation,
  type StaffMember,
} from '../common/staff-api';
import {
  type FormOutcome,
  type FormProblem,
  formValuesOf,
  invitationFromForm,
  invitationLink,
  isEmptyChange,
  newStaffFromForm,
  type StaffFormValues,
  staffChangeFromForm,
} from './form';

startLanguage();

const staffBody = byId('staff-body');
const onlyAdmins = byId('only-admins');
const adminArea = byId('admin-area');
const message = byId('staff-message');
const rosterHeading = byId('roster-heading');
const rosterRows = byId('roster-rows');
const rosterStatus = byId('roster-status');
const refreshButton = byId<HTMLButtonElement>('roster-refresh');
const editor = byId('editor');
const editorHeading = byId('editor-heading');
const editorAccount = byId('editor-account');
const inviteResult = byId('invite-result');
const inviteLinkInput = byId<HTMLInputElement>('invite-link');
const inviteExpires = byId('invite-expires');
const inviteCopy = byId<HTMLButtonElement>('invite-copy');
const inviteCopyStatus = byId('invite-copy-status');

type FormName = 'add' | 'edit' | 'invite';

interface ShownProblem {
  field: string;
  text: () => string;
}

/** One of the page's three forms: its controls are named `<name>-<field>` (`add-subject`, …). */
interface StaffFormView {
  name: FormName;
  form: HTMLFormElement;
  submit: HTMLButtonElement;
  /** The form's own line: a problem that belongs to no one field, or "check the marked fields". */
  problemLine: HTMLElement;
  problems: ShownProblem[];
  formProblem: (() => string) | undefined;
  busy: boolean;
}

const formView = (name: FormName): StaffFormView => ({
  name,
  form: byId<HTMLFormElement>(`${name}-form`),
  submit: byId<HTMLButtonElement>(`${name}-submit`),
  problemLine: byId(`${name}-problem`),
  problems: [],
  formProblem: undefined,
  busy: false,
});

const addView = formView('add');
const editView = formView('edit');
const inviteView = formView('invite');
const FORMS = [addView, editView, inviteView];

// ——— State ———

let who: SignedIn | undefined;
let roster: StaffMember[] = [];
let rosterState: 'idle' | 'loading' | 'loaded' | 'failed' = 'idle';
let rosterProblem: ReviewProblem | undefined;
let editing: StaffMember | undefined;
let invitation: InvitationMade | undefined;
let copyMessage: Key | undefined;
/** The issuer staff added by subject alone belong to: the site's own sign-in (`/review-config.json`). */
let defaultIssuer: string | undefined;
/** The line above the list, as a function so that it re-words itself. */
let messageText: (() => string) | undefined;

const problemText = (problem: ReviewProblem): string => reviewProblemMessage(problem, currentLocale());

// ——— Form controls ———

const control = <T extends HTMLElement>(view: StaffFormView, field: string): T | null =>
  view.form.querySelector<T>(`[name="${view.name}-${field}"]`);

const countyBoxes = (view: StaffFormView): HTMLInputElement[] =>
  Array.from(view.form.querySelectorAll<HTMLInputElement>(`input[name="${view.name}-counties"]`));

const buildCountyChoices = (view: StaffFormView) => {
  const place = byId(`${view.name}-counties-choices`);
  setChildren(
    place,
    ...catalog.counties.map((county) =>
      h(
        'label',
        { class: 'choice' },
        h('input', {
          type: 'checkbox',
          name: `${view.name}-counties`,
          value: county.code,
          id: `${view.name}-counties-${county.code}`,
        }),
        h('span', { 'data-county': county.code }, countyName(county.code)),
      ),
    ),
  );
};

const relabelCountyChoices = () => {
  for (const span of Array.from(document.querySelectorAll<HTMLElement>('span[data-county]'))) {
    span.textContent = countyName(span.dataset.county ?? '');
  }
};

const valuesOf = (view: StaffFormView): StaffFormValues => ({
  ...(control(view, 'subject') ? { subject: control<HTMLInputElement>(view, 'subject')?.value ?? '' } : {}),
  ...(control(view, 'issuer') ? { issuer: control<HTMLInputElement>(view, 'issuer')?.value ?? '' } : {}),
  ...(control(view, 'contact') ? { contact: control<HTMLInputElement>(view, 'contact')?.value ?? '' } : {}),
  displayName: control<HTMLInputElement>(view, 'displayName')?.value ?? '',
  role: control<HTMLSelectElement>(view, 'role')?.value ?? '',
  counties: countyBoxes(view)
    .filter((box) => box.checked)
    .map((box) => box.value),
});

/** An administrator covers every county: their boxes are not for choosing. */
const syncRole = (view: StaffFormView) => {
  const admin = control<HTMLSelectElement>(view, 'role')?.value === 'admin';
  byId<HTMLFieldSetElement>(`${view.name}-counties-field`).disabled = admin;
  if (admin) setFieldError(view.form, `${view.name}-counties`, undefined);
};

const setValues = (view: StaffFormView, values: StaffFormValues) => {
  const subject = control<HTMLInputElement>(view, 'subject');
  if (subject) subject.value = values.subject ?? '';
  const issuer = control<HTMLInputElement>(view, 'issuer');
  if (issuer) issuer.value = values.issuer ?? '';
  const contact = control<HTMLInputElement>(view, 'contact');
  if (contact) contact.value = values.contact ?? '';
  const name = control<HTMLInputElement>(view, 'displayName');
  if (name) name.value = values.displayName;
  const role = control<HTMLSelectElement>(view, 'role');
  if (role) role.value = values.role;
  for (const box of countyBoxes(view)) box.checked = values.counties.includes(box.value);
  syncRole(view);
};

const emptyValues = (): StaffFormValues => ({
  subject: '',
  issuer: defaultIssuer ?? '',
  displayName: '',
  role: 'reviewer',
  counties: [],
  contact: '',
});

const renderProblems = (view: StaffFormView) => {
  clearFieldErrors(view.form);
  const unplaced: string[] = [];
  for (const problem of view.problems) {
    if (!setFieldError(view.form, `${view.name}-${problem.field}`, problem.text()))
      unplaced.push(problem.text());
  }
  const lines = [view.formProblem?.(), ...unplaced].filter(Boolean);
  view.problemLine.textContent =
    lines.length > 0 ? lines.join(' ') : view.problems.length > 0 ? t('staff.form.problems') : '';
};

/** Shows the problems beside their fields and puts the keyboard on the first one. */
const showProblems = (view: StaffFormView, problems: ShownProblem[], formProblem?: () => string) => {
  view.problems = problems;
  view.formProblem = formProblem;
  renderProblems(view);
  const ordered = inPageOrder(
    view.form,
    problems.map((p) => ({ field: `${view.name}-${p.field}`, message: '' })),
  );
  const target = ordered.map((p) => focusTarget(view.form, p.field)).find((c) => c !== undefined);
  if (target) target.focus();
  else if (view.problemLine.textContent) view.problemLine.focus();
};

const clearProblems = (view: StaffFormView) => {
  view.problems = [];
  view.formProblem = undefined;
  renderProblems(view);
};

/** The rules' problems, worded in the page language (and re-worded when it changes). */
const ruleProblems = (problems: FormProblem[]): ShownProblem[] =>
  problems.map(({ field, code }) => ({ field, text: () => fieldMessage(code, currentLocale()) }));

const setBusy = (view: StaffFormView, busy: boolean) => {
  view.busy = busy;
  view.submit.disabled = busy;
  view.form.setAttribute('aria-busy', String(busy));
};

/**
 * Checks a form by the API's rules and, when it passes, sends it; a refusal is shown the same way as a
 * problem found here: the API's 400 names the fields, already worded in the page language.
 */
const submitForm = async <T, R>(
  view: StaffFormView,
  checked: FormOutcome<T>,
  send: (body: T) => Promise<{ ok: true; value: R } | { ok: false; problem: ReviewProblem }>,
  done: (value: R) => void,
): Promise<void> => {
  if (view.busy) return;
  if (!checked.ok) return showProblems(view, ruleProblems(checked.problems));
  clearProblems(view);
  setBusy(view, true);
  const result = await send(checked.body);
  setBusy(view, false);
  if (result.ok) return done(result.value);
  const problem = result.problem;
  if (problem.kind === 'invalid') {
    return showProblems(
      view,
      Object.entries(problem.fields).map(([field, text]) => ({ field, text: () => text })),
    );
  }
  if (problem.kind === 'changed_meanwhile') {
    closeEditor();
    say(() => t('staff.changedMeanwhile'));
    void loadRoster();
    return;
  }
  if (problem.kind === 'forbidden' && signIn.refused(problem)) return;
  showProblems(view, [], () => problemText(problem));
};

// ——— The list ———

const BY_WORDS: Record<string, Key> = {
  invitation: 'staff.by.invitation',
  'token CLI': 'staff.by.tokenCli',
  'command line': 'staff.by.commandLine',
};

const changedBy = (entry: StaffMember): string =>
  t('staff.changed', {
    who: BY_WORDS[entry.updatedBy] ? t(BY_WORDS[entry.updatedBy] as Key) : entry.updatedBy,
    time: formatDateTime(entry.updatedAt, currentLocale()),
  });

const isSelf = (entry: StaffMember): boolean => entry.staffId === who?.staffId;

const actionButton = (text: string, label: string, action: string, staffId: string) =>
  h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-label': label,
      'data-action': action,
      'data-staff-id': staffId,
    },
    text,
  );

const rosterRow = (entry: StaffMember): HTMLTableRowElement => {
  const name = { name: entry.displayName };
  const account = [
    h('strong', {}, entry.displayName, isSelf(entry) ? t('staff.you') : ''),
    h('span', { class: 'small' }, h('code', { class: 'subject' }, entry.subject)),
  ];
  // Someone signed in by another provider than the site's own: say which.
  if (defaultIssuer && entry.issuer !== defaultIssuer)
    account.push(h('span', { class: 'small' }, h('code', {}, entry.issuer)));
  const actions = [actionButton(t('staff.edit'), t('staff.edit.for', name), 'edit', entry.staffId)];
  // An administrator cannot lock themselves out (the API refuses it too): someone else must.
  if (!isSelf(entry)) {
    actions.push(
      entry.active
        ? actionButton(t('staff.deactivate'), t('staff.deactivate.for', name), 'deactivate', entry.staffId)
        : actionButton(t('staff.reactivate'), t('staff.reactivate.for', name), 'reactivate', entry.staffId),
    );
  }
  return h(
    'tr',
    {
      class: 'roster-row',
      'data-staff-id': entry.staffId,
      'data-subject': entry.subject,
      'data-active': String(entry.active),
    },
    labelledCell('col-applicant', t('staff.col.name'), ...account),
    labelledCell('col-role', t('staff.col.role'), roleLabel(entry.role)),
    labelledCell('col-counties', t('staff.col.counties'), countiesLabel(entry.counties)),
    // The reminder mobile, masked as the console masks applicants' phones; the editor shows it whole.
    labelledCell(
      'col-contact',
      t('staff.col.contact'),
      h('span', { class: 'staff-contact' }, entry.contact ? maskPhone(entry.contact) : '—'),
    ),
    labelledCell(
      'col-state',
      t('staff.col.state'),
      h(
        'span',
        { class: `badge ${entry.active ? 'state-active' : 'state-inactive'}` },
        t(entry.active ? 'staff.state.active' : 'staff.state.inactive'),
      ),
    ),
    labelledCell('col-changed', t('staff.col.changed'), changedBy(entry)),
    labelledCell('col-actions', t('staff.col.actions'), h('div', { class: 'roster-actions' }, ...actions)),
  );
};

const renderRoster = () => {
  setChildren(rosterRows, ...roster.map(rosterRow));
  const active = roster.filter((entry) => entry.active).length;
  rosterStatus.textContent =
    rosterState === 'loading'
      ? t('staff.roster.loading')
      : rosterState === 'failed' && rosterProblem
        ? problemText(rosterProblem)
        : rosterState === 'loaded'
          ? roster.length === 0
            ? t('staff.roster.empty')
            : t('staff.roster.count', { count: roster.length, active })
          : '';
  refreshButton.disabled = rosterState === 'loading';
};

const sortRoster = () => roster.sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));

const replaceEntry = (entry: StaffMember) => {
  roster = roster.some((e) => e.staffId === entry.staffId)
    ? roster.map((e) => (e.staffId === entry.staffId ? entry : e))
    : [...roster, entry];
  sortRoster();
  renderRoster();
};

const loadRoster = async (): Promise<void> => {
  rosterState = 'loading';
  rosterProblem = undefined;
  renderRoster();
  const listed = await listStaff();
  if (!who) return;
  if (!listed.ok) {
    rosterState = 'failed';
    rosterProblem = listed.problem;
    renderRoster();
    if (listed.problem.kind === 'forbidden') signIn.refused(listed.problem);
    return;
  }
  roster = listed.value;
  sortRoster();
  rosterState = 'loaded';
  renderRoster();
};

const say = (text: (() => string) | undefined) => {
  messageText = text;
  message.textContent = text ? text() : '';
};

// ——— Changing an entry ———

const openEditor = (entry: StaffMember) => {
  editing = entry;
  clearProblems(editView);
  setValues(editView, formValuesOf(entry));
  editorAccount.textContent = t('staff.editor.account', { subject: entry.subject });
  editor.hidden = false;
  editor.scrollIntoView({ block: 'nearest' });
  editorHeading.focus();
};

const closeEditor = () => {
  const was = editing;
  editing = undefined;
  editor.hidden = true;
  clearProblems(editView);
  return was;
};

/** After the editor closes, the keyboard goes back to the row's own button. */
const focusRow = (staffId: string, action = 'edit') => {
  const button = rosterRows.querySelector<HTMLButtonElement>(
    `button[data-staff-id="${CSS.escape(staffId)}"][data-action="${action}"]`,
  );
  (button ?? rosterHeading).focus();
};

const setActive = async (entry: StaffMember, active: boolean) => {
  const name = { name: entry.displayName };
  if (!window.confirm(t(active ? 'staff.reactivate.confirm' : 'staff.deactivate.confirm', name))) return;
  say(() => t('staff.sending'));
  const result = await changeStaff(entry.staffId, { active });
  if (!result.ok) {
    const problem = result.problem;
    if (problem.kind === 'forbidden' && signIn.refused(problem)) return;
    if (problem.kind === 'changed_meanwhile') {
      say(() => t('staff.changedMeanwhile'));
      return loadRoster();
    }
    return say(() => problemText(problem));
  }
  replaceEntry(result.value);
  say(() => t(active ? 'staff.reactivated' : 'staff.deactivated', { name: result.value.displayName }));
  focusRow(entry.staffId, active ? 'deactivate' : 'reactivate');
};

rosterRows.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
  const entry = roster.find((e) => e.staffId === button?.dataset.staffId);
  if (!button || !entry) return;
  if (button.dataset.action === 'edit') openEditor(entry);
  else void setActive(entry, button.dataset.action === 'reactivate');
});

refreshButton.addEventListener('click', () => void loadRoster());

editView.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const entry = editing;
  if (!entry) return;
  const checked = staffChangeFromForm(entry, valuesOf(editView));
  if (checked.ok && isEmptyChange(checked.body)) {
    closeEditor();
    say(() => t('staff.editor.unchanged'));
    focusRow(entry.staffId);
    return;
  }
  void submitForm(
    editView,
    checked,
    (change) => changeStaff(entry.staffId, change),
    (saved) => {
      closeEditor();
      replaceEntry(saved);
      say(() => t('staff.saved', { name: saved.displayName }));
      focusRow(saved.staffId);
    },
  );
});

byId('edit-cancel').addEventListener('click', () => {
  const was = closeEditor();
  if (was) focusRow(was.staffId);
});

// ——— Adding and inviting ———

addView.form.addEventListener('submit', (event) => {
  event.preventDefault();
  void submitForm(
    addView,
    newStaffFromForm(valuesOf(addView), defaultIssuer),
    (body) => addStaff(body),
    (added) => {
      replaceEntry(added);
      setValues(addView, emptyValues());
      say(() => t('staff.added', { name: added.displayName }));
      rosterHeading.focus();
    },
  );
});

const renderInvitation = () => {
  inviteResult.hidden = !invitation;
  inviteLinkInput.value = invitation ? invitationLink(window.location.origin, invitation.path) : '';
  inviteExpires.textContent = invitation
    ? t('staff.invite.expires', { time: formatDateTime(invitation.expiresAt, currentLocale()) })
    : '';
  inviteCopyStatus.textContent = copyMessage ? t(copyMessage) : '';
};

inviteView.form.addEventListener('submit', (event) => {
  event.preventDefault();
  void submitForm(
    inviteView,
    invitationFromForm(valuesOf(inviteView)),
    (body) => makeInvitation(body),
    (made) => {
      const name = control<HTMLInputElement>(inviteView, 'displayName')?.value.trim() ?? '';
      invitation = made;
      copyMessage = undefined;
      renderInvitation();
      setValues(inviteView, emptyValues());
      say(() => t('staff.invite.made', { name }));
      inviteLinkInput.focus();
      inviteLinkInput.select();
    },
  );
});

inviteCopy.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(inviteLinkInput.value);
    copyMessage = 'staff.invite.copied';
  } catch {
    inviteLinkInput.focus();
    inviteLinkInput.select();
    copyMessage = 'staff.invite.copyFailed';
  }
  renderInvitation();
});

for (const view of FORMS) {
  buildCountyChoices(view);
  control(view, 'role')?.addEventListener('change', () => syncRole(view));
  view.problemLine.tabIndex = -1;
}

// ——— Sign-in ———

const reset = () => {
  who = undefined;
  roster = [];
  rosterState = 'idle';
  rosterProblem = undefined;
  invitation = undefined;
  copyMessage = undefined;
  closeEditor();
  for (const view of FORMS) {
    clearProblems(view);
    setValues(view, emptyValues());
  }
  say(undefined);
  renderRoster();
  renderInvitation();
  onlyAdmins.hidden = true;
  adminArea.hidden = true;
};

const signIn = createSignIn({
  body: staffBody,
  signedIn: (person) => {
    reset();
    who = person;
    const admin = person.role === 'admin';
    onlyAdmins.hidden = admin;
    adminArea.hidden = !admin;
    if (!admin) return;
    void signIn.settings().then((settings) => {
      defaultIssuer = settings?.issuer;
      const issuer = control<HTMLInputElement>(addView, 'issuer');
      if (issuer && !issuer.value && defaultIssuer) issuer.value = defaultIssuer;
      renderRoster();
    });
    void loadRoster();
  },
  signedOut: reset,
});

onLocaleChange(() => {
  signIn.relabel();
  relabelCountyChoices();
  renderRoster();
  for (const view of FORMS) renderProblems(view);
  if (editing) editorAccount.textContent = t('staff.editor.account', { subject: editing.subject });
  message.textContent = messageText ? messageText() : '';
  renderInvitation();
});

reset();
void signIn.start();
