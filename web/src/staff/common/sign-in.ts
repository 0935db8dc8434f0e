/**
 * Signing in to the staff pages (`/review`, `/reports`, `/staff`, `/unions`): "Sign in with the union
 * account" (OpenID Connect, oidc.ts) first, a pasted token from `npm run token` for testing; then the
 * roster decides (`GET /api/staff/me`): staff see the page with the role and counties the roster gives
 * them; anyone else is told they are signed in but not on the staff list, with the identifier an
 * administrator needs to add them. An invitation opened from a link is redeemed first.
 *
 * The markup it expects comes from web/pages/partials (staff-sign-in.html: `#sign-in`, `#not-staff`;
 * staff-bar.html: `#signed-in`, `#sign-out`, `#to-staff`, shown to administrators); sign-in-screens.ts
 * draws it.
 */

import type { StaffDigest } from '../../../../shared/domain/digest';
import type { OidcConsoleSettings } from '../../../../shared/web/sign-in-config';
import { byId } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { configureApi, type ReviewProblem, reviewProblemMessage } from './api';
import { type Key, t } from './i18n';
import { keepInvitationFromAddress, pendingInvitation } from './invitation';
import {
  completeSignIn,
  isProviderAnswer,
  leaveForProviderSignOut,
  loadSignInSettings,
  prepareSignIn,
  SIGNED_OUT_KEY,
} from './oidc';
import { checkRoster } from './roster-check';
import {
  clearToken,
  isExpired,
  loadToken,
  pastedTokenProblem,
  readStored,
  type SignedIn,
  saveToken,
  sessionStore,
  signInMethod,
  tokenExpiresAt,
  writeStored,
} from './session';
import { createSignInScreens, type Screen } from './sign-in-screens';
import { getMe, type Identity, type Me, signedInFrom } from './staff-api';

export interface SignInHooks {
  /** What the page shows once a member of staff is signed in (hidden until then). */
  body: HTMLElement;
  /** `digest`: today's working-day digest of this member of staff, when there is one. */
  signedIn(who: SignedIn, digest?: StaffDigest): void;
  /** Clear everything personal from the page. */
  signedOut(): void;
}

export interface StaffSignIn {
  who(): SignedIn | undefined;
  signOut(notice?: Key): void;
  /**
   * For a 403 from the API: the roster is read again; someone no longer on it sees why, someone whose
   * role or counties changed gets the page afresh, anyone else is signed out. False for other problems.
   */
  refused(problem: ReviewProblem): boolean;
  /** Re-words what the module shows after a language change. */
  relabel(): void;
  /** The site's sign-in settings (`/review-config.json`), once read; undefined when it has none. */
  settings(): Promise<OidcConsoleSettings | undefined>;
  /** Finishes a sign-in coming back from the provider, or picks up the tab's token, or asks. */
  start(): Promise<void>;
}

const sameAccess = (a: SignedIn, b: SignedIn): boolean =>
  a.role === b.role && JSON.stringify(a.counties) === JSON.stringify(b.counties);

export const createSignIn = (hooks: SignInHooks): StaffSignIn => {
  const storage = sessionStore();
  const screens = createSignInScreens(hooks.body);
  const signInHeading = byId('sign-in-heading');
  const oidcButton = byId<HTMLButtonElement>('oidc-button');
  const tokenDetails = byId<HTMLDetailsElement>('token-sign-in');
  const retryButton = byId<HTMLButtonElement>('sign-in-retry');
  const notStaffHeading = byId('not-staff-heading');

  let screen: Screen = 'busy';
  let token: string | undefined;
  let who: SignedIn | undefined;
  let identity: Identity | undefined;
  let settings: OidcConsoleSettings | undefined;
  let settingsKnown = false;
  let settingsLoading: Promise<OidcConsoleSettings | undefined> = Promise.resolve(undefined);
  /** The line on the sign-in form, as a function so that it re-words itself. */
  let notice: (() => string) | undefined;
  let tokenProblem: Key | undefined;
  let invitationProblem: Key | undefined;
  let sessionNotice: Key | undefined;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  let rechecking = false;

  const render = () =>
    screens.render({
      screen,
      notice,
      invited: pendingInvitation(storage) !== undefined,
      tokenProblem,
      oidcUnavailable: settingsKnown && !settings,
      who,
      identity,
      invitationProblem,
      sessionNotice,
    });

  const show = (next: Screen, message?: () => string) => {
    screen = next;
    notice = message;
    render();
  };

  /** Forgets the token and everything shown for it, and asks again (saying why, when there is a reason). */
  const signOut = (reason?: Key) => {
    clearTimeout(expiryTimer);
    token = undefined;
    who = undefined;
    identity = undefined;
    invitationProblem = undefined;
    sessionNotice = undefined;
    clearToken(storage);
    hooks.signedOut();
    show('signed-out', reason ? () => t(reason) : undefined);
    signInHeading.focus();
  };

  configureApi({
    token: () => token,
    locale: currentLocale,
    onUnauthorized: () => signOut('review.problem.unauthorized'),
  });

  const checkFailed = (problem: ReviewProblem) => {
    show('check-failed', () =>
      t('review.signIn.checkFailed', { problem: reviewProblemMessage(problem, currentLocale()) }),
    );
    signInHeading.focus();
  };

  const showNotStaff = (me: Me) => {
    who = undefined;
    identity = me.identity;
    show('not-staff');
    notStaffHeading.focus();
  };

  const begin = (person: SignedIn, digest?: StaffDigest) => {
    who = person;
    identity = undefined;
    screens.clearToken();
    tokenProblem = undefined;
    show('signed-in');
    hooks.signedIn(person, digest);
  };

  /** With a token in hand (from any sign-in): the roster says who this is and what they may do. */
  const enter = async (next: string): Promise<void> => {
    const expiresAt = tokenExpiresAt(next);
    if (isExpired(expiresAt, Date.now())) return signOut('review.problem.unauthorized');
    token = next;
    clearTimeout(expiryTimer);
    // Nothing personal stays on a shared screen once the sign-in has run out (the API would refuse it anyway).
    if (expiresAt !== undefined) {
      const left = Math.min(expiresAt - Date.now(), 2 ** 31 - 1);
      expiryTimer = setTimeout(() => signOut('review.problem.unauthorized'), left);
    }
    invitationProblem = undefined;
    sessionNotice = undefined;
    show('busy', () => t('review.signIn.checkingStaff'));
    const answer = await checkRoster(storage, () => token === next);
    if (answer.kind === 'dropped') return;
    if (answer.kind === 'failed') return checkFailed(answer.problem);
    if (answer.kind === 'not-staff') {
      invitationProblem = answer.invitationProblem;
      return showNotStaff(answer.me);
    }
    sessionNotice = answer.notice;
    begin(signedInFrom(answer.staff, expiresAt), answer.digest);
  };

  const recheck = async () => {
    const before = who;
    const current = token;
    if (rechecking || !before || !current) return;
    rechecking = true;
    try {
      const me = await getMe();
      if (token !== current) return;
      if (!me.ok) return checkFailed(me.problem);
      const staff = me.value.staff;
      hooks.signedOut();
      if (!staff) return showNotStaff(me.value);
      const now = signedInFrom(staff, before.expiresAt);
      // The same access refused again: the roster and the API disagree for now (it caches for half a minute).
      if (sameAccess(before, now)) return signOut('review.problem.forbidden');
      begin(now, me.value.digest);
    } finally {
      rechecking = false;
    }
  };

  const signOutEverywhere = async () => {
    const idToken = token;
    const viaProvider = signInMethod(storage) === 'oidc';
    signOut('review.signIn.signedOut');
    if (!viaProvider || !idToken) return;
    const chosen = settings ?? (await settingsLoading);
    if (!chosen) return;
    await leaveForProviderSignOut(chosen, idToken, storage);
  };

  screens.tokenSubmitted((pasted) => {
    tokenProblem = pastedTokenProblem(pasted, Date.now());
    notice = undefined;
    render();
    if (tokenProblem) return screens.focusToken();
    saveToken(storage, pasted, 'token');
    void enter(pasted);
  });

  oidcButton.addEventListener('click', async () => {
    const chosen = settings ?? (await settingsLoading);
    if (!chosen) return render();
    show('busy', () => t('review.signIn.redirecting'));
    try {
      window.location.assign(
        await prepareSignIn(chosen, storage, {
          path: window.location.pathname,
          locale: currentLocale(),
          now: Date.now(),
        }),
      );
    } catch {
      show('signed-out', () => t('review.signIn.failed'));
      oidcButton.focus();
    }
  });

  /** The same sign-in, checked again (the roster may have changed meanwhile: `npm run staff`, an administrator). */
  const checkAgain = () => {
    const current = token ?? loadToken(storage);
    if (current) void enter(current);
    else signOut();
  };
  retryButton.addEventListener('click', checkAgain);

  byId('sign-out').addEventListener('click', () => void signOutEverywhere());
  byId('not-staff-sign-out').addEventListener('click', () => void signOutEverywhere());
  byId('not-staff-retry').addEventListener('click', checkAgain);

  return {
    who: () => who,
    signOut,
    refused: (problem) => {
      if (problem.kind !== 'forbidden') return false;
      void recheck();
      return true;
    },
    relabel: render,
    settings: () => settingsLoading,
    start: async () => {
      keepInvitationFromAddress(storage, window.location, (url) =>
        window.history.replaceState(null, '', url),
      );
      settingsLoading = loadSignInSettings().then((loaded) => {
        settings = loaded;
        settingsKnown = true;
        // With no union account to sign in with (a bare local stack), the token form is the way in.
        if (!loaded) tokenDetails.open = true;
        render();
        return loaded;
      });
      const signedOutAtProvider = readStored(storage, SIGNED_OUT_KEY) !== undefined;
      writeStored(storage, SIGNED_OUT_KEY, undefined);
      if (isProviderAnswer(window.location.search)) {
        const callback = window.location.href;
        // The code is single-use, but keep it out of the address bar, history and bookmarks all the same.
        window.history.replaceState(null, '', window.location.pathname);
        show('busy', () => t('review.signIn.checking'));
        const returned = await completeSignIn(await settingsLoading, storage, callback, Date.now());
        if (returned.kind === 'failed') return show('signed-out', () => t('review.signIn.failed'));
        saveToken(storage, returned.token, 'oidc');
        if (returned.returnTo && returned.returnTo !== window.location.pathname) {
          window.location.replace(returned.returnTo);
          return;
        }
        return enter(returned.token);
      }
      const stored = loadToken(storage);
      if (stored) return enter(stored);
      show('signed-out', signedOutAtProvider ? () => t('review.signIn.signedOut') : undefined);
    },
  };
};
