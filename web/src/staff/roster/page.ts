/**
 * The staff list (`/staff`), for administrators: who may sign in to the staff pages, as what and for
 * which counties. Signed in as on the console (staff/common/sign-in.ts, same tab session); the roster
 * (list.ts) is read and changed through `/api/staff` (staff/common/staff-api.ts), and every form (editor.ts,
 * add.ts, invite.ts) is checked by the API's own rules before it is sent (form.ts, shared/domain/staff.ts).
 * Reviewers are told the page is for administrators; the API refuses them anyway.
 */

import { byId } from '../../common/dom';
import { onLocaleChange, startLanguage } from '../../common/i18n';
import { createSignIn } from '../common/sign-in';
import { createAddForm } from './add';
import type { RosterPage } from './context';
import { createEditor } from './editor';
import { relabelCountyChoices } from './form-controls';
import { t } from './i18n';
import { createInviteForm } from './invite';
import { createRosterList } from './list';

startLanguage();

const onlyAdmins = byId('only-admins');
const adminArea = byId('admin-area');
const message = byId('staff-message');

let defaultIssuer: string | undefined;
/** The line above the list, as a function so that it re-words itself. */
let messageText: (() => string) | undefined;

const say = (text: (() => string) | undefined) => {
  messageText = text;
  message.textContent = text ? text() : '';
};

const page: RosterPage = {
  who: () => signIn.who(),
  defaultIssuer: () => defaultIssuer,
  refused: (problem) => signIn.refused(problem),
  say,
  changedMeanwhile: () => {
    editor.close();
    say(() => t('staff.changedMeanwhile'));
    void roster.load();
  },
};

const roster = createRosterList(page, (entry) => editor.open(entry));
const editor = createEditor(page, roster);
const addForm = createAddForm(page, roster);
const inviteForm = createInviteForm(page);

const reset = () => {
  roster.reset();
  editor.reset();
  addForm.reset();
  inviteForm.reset();
  say(undefined);
  onlyAdmins.hidden = true;
  adminArea.hidden = true;
};

const signIn = createSignIn({
  body: byId('staff-body'),
  signedIn: (person) => {
    reset();
    const admin = person.role === 'admin';
    onlyAdmins.hidden = admin;
    adminArea.hidden = !admin;
    if (!admin) return;
    void signIn.settings().then((settings) => {
      defaultIssuer = settings?.issuer;
      addForm.issuerKnown();
      roster.relabel();
    });
    void roster.load();
  },
  signedOut: reset,
});

onLocaleChange(() => {
  signIn.relabel();
  relabelCountyChoices();
  roster.relabel();
  editor.relabel();
  addForm.relabel();
  inviteForm.relabel();
  message.textContent = messageText ? messageText() : '';
});

reset();
void signIn.start();
