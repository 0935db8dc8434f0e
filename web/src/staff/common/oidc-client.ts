/**
 * The OpenID Connect side of staff sign-in, done by oauth4webapi: discovery from the issuer, the
 * authorization code flow with PKCE (S256), state and nonce as a public client (no secret), the ID
 * token checked (issuer, audience, nonce, expiry) on the way back, and RP-initiated logout.
 * oidc.ts loads this module on demand (a dynamic import), so a staff page that only picks up the
 * tab's token never downloads it.
 */
import {
  AuthorizationResponseError,
  type AuthorizationServer,
  allowInsecureRequests,
  authorizationCodeGrantRequest,
  type Client,
  calculatePKCECodeChallenge,
  customFetch,
  discoveryRequest,
  generateRandomCodeVerifier,
  generateRandomNonce,
  generateRandomState,
  getValidatedIdTokenClaims,
  None,
  processAuthorizationCodeResponse,
  processDiscoveryResponse,
  ResponseBodyError,
  validateAuthResponse,
} from 'oauth4webapi';
import type { OidcConsoleSettings } from '../../../../shared/web/sign-in-config';

/** Tests hand in a fetch that plays the provider; the pages use the browser's. */
export interface Transport {
  fetch?: typeof fetch;
}

/** What the tab must remember while the browser is at the provider. */
export interface SignInSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignInRequest extends SignInSecrets {
  /** Where to send the browser: the provider's authorization endpoint with the request. */
  url: string;
}

export interface SignedInWithProvider {
  /** The ID token: the bearer token the API's JWT authorizer accepts (audience = the client id). */
  idToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Why a sign-in did not finish, in words a test (and a log) can check, with the error behind it (kept on
 * a field of its own: Error's `cause` option is ES2022, which the older browsers drop).
 */
export class SignInFailed extends Error {
  constructor(
    readonly reason: string,
    readonly underlying?: unknown,
  ) {
    super(`sign-in failed: ${reason}`);
    this.name = 'SignInFailed';
  }
}

const isHttp = (url: string): boolean => new URL(url).protocol === 'http:';

// The settings parser lets plain http through only for this machine (the local provider).
const requestOptions = (settings: OidcConsoleSettings, transport: Transport) => ({
  ...(isHttp(settings.issuer) ? { [allowInsecureRequests]: true } : {}),
  ...(transport.fetch ? { [customFetch]: transport.fetch } : {}),
});

const clientOf = (settings: OidcConsoleSettings): Client => ({ client_id: settings.clientId });

/** An endpoint from the discovery document: https, or http only when the issuer itself is local http. */
const endpointUrl = (value: unknown, settings: OidcConsoleSettings): URL | undefined => {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isHttp(settings.issuer))) return url;
  } catch {
    // not a URL
  }
  return undefined;
};

/** The provider's metadata from `<issuer>/.well-known/openid-configuration`, its issuer checked. */
export const discover = async (
  settings: OidcConsoleSettings,
  transport: Transport = {},
): Promise<AuthorizationServer> => {
  const issuer = new URL(settings.issuer);
  try {
    return await processDiscoveryResponse(
      issuer,
      await discoveryRequest(issuer, requestOptions(settings, transport)),
    );
  } catch (error) {
    throw new SignInFailed('discovery', error);
  }
};

/** A fresh authorization request: new PKCE verifier, state and nonce, and the URL carrying them. */
export const signInRequest = async (
  as: AuthorizationServer,
  settings: OidcConsoleSettings,
  locale: string,
): Promise<SignInRequest> => {
  const endpoint = endpointUrl(as.authorization_endpoint, settings);
  if (!endpoint) throw new SignInFailed('no_authorization_endpoint');
  const codeVerifier = generateRandomCodeVerifier();
  const state = generateRandomState();
  const nonce = generateRandomNonce();
  const parameters: Record<string, string> = {
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    scope: settings.scopes,
    state,
    nonce,
    code_challenge: await calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ui_locales: locale,
    // Cognito's hosted pages read `lang` instead; every other provider ignores it (OIDC Core §3.1.2.1).
    lang: locale,
  };
  for (const [name, value] of Object.entries(parameters)) endpoint.searchParams.set(name, value);
  return { url: endpoint.href, state, nonce, codeVerifier };
};

const reasonOf = (error: unknown): string => {
  if (error instanceof SignInFailed) return error.reason;
  if (error instanceof AuthorizationResponseError) return error.error || 'authorization_error';
  if (error instanceof ResponseBodyError) return `token_${error.error || error.status}`;
  // oauth4webapi's own errors carry a code (OAUTH_…, ERR_…); a bare TypeError is fetch failing.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof TypeError ? 'offline' : 'failed';
};

/**
 * Finishes the flow at the redirect URI: checks the answer's state (and `iss` when the provider sends
 * it), exchanges the code with the PKCE verifier, and checks the ID token (issuer, audience, nonce,
 * expiry, signing algorithm). The token came straight from the token endpoint over TLS, so its
 * signature is left to the API's authorizer (OIDC Core §3.1.3.7).
 */
export const finishSignIn = async (
  as: AuthorizationServer,
  settings: OidcConsoleSettings,
  callback: URL,
  secrets: SignInSecrets,
  transport: Transport = {},
): Promise<SignedInWithProvider> => {
  const client = clientOf(settings);
  try {
    const parameters = validateAuthResponse(as, client, callback, secrets.state);
    const response = await authorizationCodeGrantRequest(
      as,
      client,
      None(),
      parameters,
      settings.redirectUri,
      secrets.codeVerifier,
      requestOptions(settings, transport),
    );
    const result = await processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: secrets.nonce,
      requireIdToken: true,
    });
    const claims = getValidatedIdTokenClaims(result);
    if (!result.id_token || !claims) throw new SignInFailed('no_id_token');
    return { idToken: result.id_token, expiresAt: claims.exp * 1000 };
  } catch (error) {
    throw error instanceof SignInFailed ? error : new SignInFailed(reasonOf(error), error);
  }
};

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the provider's end-session URL, or
 * undefined when its discovery document names none (then signing out only clears this tab).
 */
export const endSessionUrl = (
  as: AuthorizationServer,
  settings: OidcConsoleSettings,
  idToken: string,
  postLogoutRedirectUri: string,
): string | undefined => {
  const endpoint = endpointUrl(as.end_session_endpoint, settings);
  if (!endpoint) return undefined;
  endpoint.searchParams.set('client_id', settings.clientId);
  endpoint.searchParams.set('id_token_hint', idToken);
  endpoint.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
  return endpoint.href;
};
