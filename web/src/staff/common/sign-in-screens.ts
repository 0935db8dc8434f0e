/**
 * The sign-in's screens on a staff page, drawn from its state: the sign-in form (`#sign-in`: the union
 * account button, the token form, the line saying what is going on), the not-on-the-roster screen
 * (`#not-staff`, with the identifier an administrator needs), and once signed in, the line naming who
 * it is, the session notice under it and, for administrators, the link to `/staff`.
 */
import { byId, formatDateTime, h } from '../../common/dom';
import { setFieldError } from '../../common/field-errors';
import { currentLocale } from '../../common/i18n';
import { countiesLabel, roleLabel } from './format';
import { type Key, t } from './i18n';
import { normaliseToken, type SignedIn } from './session';
import { firstAdminCommand, type Identity } from './staff-api';

export type Screen = 'signed-out' | 'busy' | 'check-failed' | 'not-staff' | 'signed-in';

export interface SignInState {
  screen: Screen;
  /** The line on the sign-in form, as a function so that it re-words itself. */
  notice: (() => string) | undefined;
  /** An invitation waits in this tab, to be redeemed once signed in. */
  invited: boolean;
  tokenProblem: Key | undefined;
  /** The site has no union account to sign in with (known once its settings are read). */
  oidcUnavailable: boolean;
  who: SignedIn | undefined;
  /** Signed in, but not on the roster: who the token proves. */
  identity: Identity | undefined;
  invitationProblem: Key | undefined;
  sessionNotice: Key | undefined;
}

/** `body`: what the page shows once a member of staff is signed in. */
export const createSignInScreens = (body: HTMLElement) => {
  const signInSection = byId('sign-in');
  const signInMessage = byId('sign-in-message');
  const controls = byId('sign-in-controls');
  const oidcButton = byId<HTMLButtonElement>('oidc-button');
  const oidcUnavailable = byId('oidc-unavailable');
  const tokenForm = byId<HTMLFormElement>('token-form');
  const tokenInput = byId<HTMLTextAreaElement>('token');
  const retryButton = byId<HTMLButtonElement>('sign-in-retry');
  const notStaffSection = byId('not-staff');
  const notStaffMessage = byId('not-staff-message');
  const notStaffInvitation = byId('not-staff-invitation');
  const notStaffSubject = byId('not-staff-subject');
  const notStaffIssuer = byId('not-staff-issuer');
  const notStaffCommand = byId('not-staff-command');
  const signedInLine = byId('signed-in');
  const staffLink = document.getElementById('to-staff');
  const sessionNoticeLine = h('p', { id: 'session-notice', class: 'session-notice', role: 'status' });
  (signedInLine.closest('.signed-in-bar') ?? signedInLine).after(sessionNoticeLine);

  const renderWho = (who: SignedIn | undefined) => {
    if (!who) {
      signedInLine.textContent = '';
      return;
    }
    const parts = [who.name, roleLabel(who.role), countiesLabel(who.counties)];
    if (who.expiresAt)
      parts.push(
        t('review.expiresAt', {
          time: formatDateTime(new Date(who.expiresAt).toISOString(), currentLocale()),
        }),
      );
    signedInLine.textContent = `${t('review.signedIn')}${parts.join(' · ')}`;
    signedInLine.dataset.role = who.role;
  };

  const renderNotStaff = (identity: Identity | undefined, invitationProblem: Key | undefined) => {
    if (!identity) return;
    notStaffMessage.textContent = t('notStaff.message', { name: identity.displayName });
    notStaffSubject.textContent = identity.subject;
    notStaffIssuer.textContent = identity.issuer;
    notStaffCommand.textContent = firstAdminCommand(identity);
    notStaffInvitation.textContent = invitationProblem ? t(invitationProblem) : '';
    notStaffInvitation.hidden = !invitationProblem;
  };

  // A token has no line breaks: Enter signs in (Shift+Enter still makes a new line).
  tokenInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      tokenForm.requestSubmit();
    }
  });

  return {
    /** `handler`: the pasted token, as a bare token (no "Bearer ", no spaces or line breaks). */
    tokenSubmitted: (handler: (pasted: string) => void): void =>
      tokenForm.addEventListener('submit', (event) => {
        event.preventDefault();
        handler(normaliseToken(tokenInput.value));
      }),
    focusToken: (): void => tokenInput.focus(),
    clearToken: (): void => {
      tokenInput.value = '';
    },
    render: (state: SignInState): void => {
      const { screen, notice } = state;
      signInSection.hidden = !['signed-out', 'busy', 'check-failed'].includes(screen);
      controls.hidden = screen === 'busy';
      retryButton.hidden = screen !== 'check-failed';
      notStaffSection.hidden = screen !== 'not-staff';
      body.hidden = screen !== 'signed-in';
      const invited = screen === 'signed-out' && state.invited;
      signInMessage.textContent = notice ? notice() : invited ? t('review.signIn.invitation') : '';
      setFieldError(tokenForm, 'token', state.tokenProblem ? t(state.tokenProblem) : undefined);
      oidcButton.disabled = state.oidcUnavailable;
      oidcUnavailable.hidden = !state.oidcUnavailable;
      if (staffLink) staffLink.hidden = state.who?.role !== 'admin';
      sessionNoticeLine.textContent =
        state.sessionNotice && screen === 'signed-in' ? t(state.sessionNotice) : '';
      sessionNoticeLine.hidden = !sessionNoticeLine.textContent;
      renderWho(state.who);
      renderNotStaff(state.identity, state.invitationProblem);
    },
  };
};
