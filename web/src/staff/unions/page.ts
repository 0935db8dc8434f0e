/**
 * The grassroots unions page (`/unions`): signed in as on the console (staff/common/sign-in.ts, same tab
 * session), the unions of the counties one may see, grouped by county with what each covers and how many
 * members it has; a union's members, each of whom can be recorded as leaving. Administrators also set
 * unions up, rename and dissolve them, move a platform's members from the county's fallback union into
 * its new union in bulk, and move one member to another union. Every form is checked by the API's own
 * rules first (form.ts); the API refuses reviewers anyway.
 */

import { byId } from '../../common/dom';
import { onLocaleChange, startLanguage } from '../../common/i18n';
import { createSignIn } from '../common/sign-in';
import type { UnionsPage } from './context';
import { createSetUpForm } from './create';
import { createDirectory } from './directory';
import { createMemberList } from './members';
import { createUnionPanel, type PanelMode } from './panel';

startLanguage();

const message = byId('unions-message');
/** The line under the page's heading, as a function so that it re-words itself. */
let messageText: (() => string) | undefined;

const say = (text: (() => string) | undefined) => {
  messageText = text;
  message.textContent = text ? text() : '';
};

const isAdmin = () => signIn.who()?.role === 'admin';

const page: UnionsPage = {
  unions: () => directory.unions(),
  isAdmin,
  reload: () => directory.load(),
  refused: (problem) => signIn.refused(problem),
  say,
};

const directory = createDirectory({
  who: () => signIn.who(),
  refused: page.refused,
  chosen: (action, union) => {
    say(undefined);
    // One thing at a time: a list of members shown beside a move would go stale.
    if (action === 'members') {
      panel.close();
      return members.open(union);
    }
    members.close();
    if (action === 'finish') void panel.finishDissolving(union);
    else panel.open(action as PanelMode, union);
  },
  loaded: () => members.refresh(),
});
const panel = createUnionPanel(page);
const members = createMemberList(page);
const setUp = createSetUpForm(page);

// The link scrolls to the set-up form; the keyboard goes to its first field.
byId('to-create').addEventListener('click', () => byId('create-name').focus());

const showAdministration = (shown: boolean) => {
  byId('create').hidden = !shown;
  byId('to-create').hidden = !shown;
};

const reset = () => {
  directory.reset();
  say(undefined);
  panel.close();
  members.close();
  setUp.reset();
  showAdministration(false);
  byId('read-only').hidden = true;
};

const signIn = createSignIn({
  body: byId('unions-body'),
  signedIn: () => {
    reset();
    showAdministration(isAdmin());
    byId('read-only').hidden = isAdmin();
    directory.renderFilter();
    void directory.load();
  },
  signedOut: reset,
});

onLocaleChange(() => {
  signIn.relabel();
  directory.relabel();
  panel.relabel();
  members.relabel();
  setUp.relabel();
  message.textContent = messageText ? messageText() : '';
});

reset();
void signIn.start();
