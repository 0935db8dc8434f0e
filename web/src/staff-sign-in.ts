/**
 * Signing in to the staff pages (`/review`, `/reports`): a pasted token locally, the union account on AWS.
 * Both pages use this one module and the same sessionStorage key (review-session.ts), so a sign-in on one
 * page holds on the other in the same browser tab. The page passes what it shows once someone is signed
 * in (`body`) and what to do on signing in and out; the API calls get the token through `configureApi`.
 *
 * The markup it expects: `#sign-in` (with `#sign-in-heading`, `#sign-in-message`, `#token-form`,
 * `#token`, `#token-error`, `#oauth-sign-in`, `#oauth-button`), `#signed-in` and `#sign-out`.
 */
import { byId, formatDateTime } from './dom';
import { setFieldError } from './field-errors';
import { currentLocale } from './i18n';
import { type OAuthConfig, parseCallback } from './pkce';
import { configureApi } from './review-api';
import { countiesLabel, roleLabel } from './review-format';
import {
  finishOAuthSignIn,
  loadOAuthConfig,
  rememberReturnPath,
  signOutOfHostedPages,
  startOAuthSignIn,
  takeReturnPath,
} from './review-oauth';
import {
  clearToken,
  decodeJwtPayload,
  isExpired,
  loadToken,
  looksLikeJwt,
  normaliseToken,
  type SignedIn,
  saveToken,
  sessionStore,
  signedInFrom,
  signInMethod,
} from './review-session';
import { type Key, t } from './staff-i18n';

export interface SignInHooks {
  /** What the page shows once someone is signed in (hidden until then). */
  body: HTMLElement;
  signedIn(who: SignedIn): void;
  /** Clear everything personal from the page. */
  signedOut(): void;
}

export interface StaffSignIn {
  who(): SignedIn | undefined;
  signOut(notice?: Key): void;
  /** Re-words the sign-in form and the "signed in" line after a language change. */
  relabel(): void;
  /** Finishes a sign-in coming back from the union account, or picks up the tab's token, or asks. */
  start(): Promise<void>;
}

export const createSignIn = (hooks: SignInHooks): StaffSignIn => {
  const storage = sessionStore();
  const signInSection = byId('sign-in');
  const signInHeading = byId('sign-in-heading');
  const signInMessage = byId('sign-in-message');
  const tokenForm = byId<HTMLFormElement>('token-form');
  const tokenInput = byId<HTMLTextAreaElement>('token');
  const oauthBox = byId('oauth-sign-in');
  const signedInLine = byId('signed-in');

  let token: string | undefined;
  let who: SignedIn | undefined;
  let oauthConfig: OAuthConfig | undefined;
  let signInNotice: Key | undefined;
  let tokenProblem: Key | undefined;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  const renderSignIn = () => {
    signInMessage.textContent = signInNotice ? t(signInNotice) : '';
    setFieldError(tokenForm, 'token', tokenProblem ? t(tokenProblem) : undefined);
    oauthBox.hidden = !oauthConfig;
  };

  const renderWho = () => {
    if (!who) return;
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

  const showSignIn = (notice?: Key) => {
    signInNotice = notice;
    hooks.body.hidden = true;
    signInSection.hidden = false;
    renderSignIn();
  };

  const signOut = (notice?: Key) => {
    clearTimeout(expiryTimer);
    token = undefined;
    who = undefined;
    clearToken(storage);
    signedInLine.textContent = '';
    hooks.signedOut();
    showSignIn(notice);
    signInHeading.focus();
  };

  configureApi({
    token: () => token,
    locale: currentLocale,
    onUnauthorized: () => signOut('review.problem.unauthorized'),
  });

  const begin = (next: string) => {
    const claims = decodeJwtPayload(next);
    const person = claims ? signedInFrom(claims) : undefined;
    if (!person || isExpired(person, Date.now())) {
      clearToken(storage);
      return showSignIn('review.problem.unauthorized');
    }
    token = next;
    who = person;
    // Nothing personal stays on a shared screen once the sign-in has run out (the API would refuse it anyway).
    clearTimeout(expiryTimer);
    if (person.expiresAt !== undefined) {
      const left = Math.min(person.expiresAt - Date.now(), 2 ** 31 - 1);
      expiryTimer = setTimeout(() => signOut('review.problem.unauthorized'), left);
    }
    tokenInput.value = '';
    tokenProblem = undefined;
    signInNotice = undefined;
    renderSignIn();
    signInSection.hidden = true;
    hooks.body.hidden = false;
    renderWho();
    hooks.signedIn(person);
  };

  // A token has no line breaks: Enter signs in (Shift+Enter still makes a new line).
  tokenInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      tokenForm.requestSubmit();
    }
  });

  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const pasted = normaliseToken(tokenInput.value);
    const claims = looksLikeJwt(pasted) ? decodeJwtPayload(pasted) : undefined;
    tokenProblem = !pasted
      ? 'review.token.required'
      : !claims
        ? 'review.token.notJwt'
        : isExpired(signedInFrom(claims), Date.now())
          ? 'review.token.expired'
          : undefined;
    signInNotice = undefined;
    renderSignIn();
    if (tokenProblem) {
      tokenInput.focus();
      return;
    }
    saveToken(storage, pasted, 'token');
    begin(pasted);
  });

  byId('oauth-button').addEventListener('click', () => {
    if (!oauthConfig) return;
    // The union account sends people back to the console's address; from there they return here.
    rememberReturnPath(storage, window.location.pathname, oauthConfig);
    void startOAuthSignIn(oauthConfig, storage, currentLocale());
  });

  byId('sign-out').addEventListener('click', () => {
    const viaHostedPages = signInMethod(storage) === 'oauth';
    signOut('review.signIn.signedOut');
    // A deliberate sign-out ends the hosted sign-in session too, so the next person must sign in.
    if (viaHostedPages && oauthConfig) signOutOfHostedPages(oauthConfig);
  });

  return {
    who: () => who,
    signOut,
    relabel: () => {
      renderSignIn();
      renderWho();
    },
    start: async () => {
      const configLoading = loadOAuthConfig().then((config) => {
        oauthConfig = config;
        renderSignIn();
        return config;
      });
      if (parseCallback(window.location.search).kind !== 'none') {
        showSignIn('review.signIn.checking');
        const returned = await finishOAuthSignIn(await configLoading, storage);
        if (returned.kind === 'signed-in') {
          saveToken(storage, returned.token, 'oauth');
          const back = takeReturnPath(storage);
          if (back && back !== window.location.pathname) {
            window.location.replace(back);
            return;
          }
          return begin(returned.token);
        }
        if (returned.kind === 'failed') {
          takeReturnPath(storage);
          return showSignIn('review.signIn.failed');
        }
      }
      const stored = loadToken(storage);
      if (stored) begin(stored);
      else showSignIn();
    },
  };
};
