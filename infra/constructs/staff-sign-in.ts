/**
 * How union staff sign in to the reviewer console, on either target: Amazon Cognito (global AWS, the
 * default: reviewer-sign-in.ts) or the union's own OpenID Connect provider (Keycloak, Authing, a
 * government SSO…), given as CDK context:
 *
 *   -c oidcIssuer=https://sso.example.cn/realms/union -c oidcClientId=review-console
 *   [-c oidcAudience=… (comma-separated)] [-c oidcScopes="openid profile email"]
 *
 * Either way the HTTP API's JWT authorizer checks the token's signature against the issuer's keys, the
 * issuer, the audience (the console's client id, plus any configured audience) and expiry; what a
 * signed-in person may do is decided by the staff roster, not by the token. With an OIDC issuer there is
 * no Cognito resource at all; in the China Regions that is the only way (Cognito user pools are not
 * offered there: infra/china/availability.ts).
 *
 * The console reads `/review-config.json` (shared/web/sign-in-config.ts), the same shape for both, and
 * fetches the issuer's discovery document, token endpoint and keys from the browser: the site's CSP lets
 * it reach the issuer's origin (and, for Cognito, the hosted sign-in domain that serves the token
 * endpoint).
 */
import { Token } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { Construct } from 'constructs';
import {
  type ConsoleSignInSettings,
  consoleSignInSettings,
  DEFAULT_OIDC_SCOPES,
  isClientId,
  normaliseScopes,
} from '../../shared/web/sign-in-config';
import { ReviewerSignIn } from './reviewer-sign-in';

/** CDK context keys for an OpenID Connect provider. */
export const OIDC_CONTEXT = {
  issuer: 'oidcIssuer',
  clientId: 'oidcClientId',
  audience: 'oidcAudience',
  scopes: 'oidcScopes',
} as const;

export interface OidcSignInSettings {
  readonly provider: 'oidc';
  /** Exactly the `iss` claim of the provider's tokens; https. */
  readonly issuer: string;
  /** The console's client id at the provider: a public client, authorization code with PKCE. */
  readonly clientId: string;
  /** Further accepted `aud` values, beside the client id. */
  readonly audiences?: readonly string[];
  /** @default DEFAULT_OIDC_SCOPES */
  readonly scopes?: string;
}

export interface CognitoSignInSettings {
  readonly provider: 'cognito';
  /** The hosted sign-in pages' domain prefix. @default `<stack name, lowercased>-<account id>` */
  readonly domainPrefix?: string;
}

export type SignInSettings = OidcSignInSettings | CognitoSignInSettings;

const contextString = (scope: Construct, key: string): string | undefined => {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value.trim() : JSON.stringify(value);
  return text === '' ? undefined : text;
};

/** Throws naming what is wrong; returns the settings, scopes normalised, otherwise. */
export const validateOidcSettings = (settings: OidcSignInSettings): OidcSignInSettings => {
  const { issuer, clientId } = settings;
  if (!Token.isUnresolved(issuer)) {
    const url = URL.canParse(issuer) ? new URL(issuer) : undefined;
    if (url?.protocol !== 'https:' || url.username || url.password || url.search || url.hash) {
      throw new Error(
        `-c ${OIDC_CONTEXT.issuer} must be the provider's https issuer URL, exactly as the "iss" claim of its tokens (no query or fragment), got "${issuer}"`,
      );
    }
  }
  if (!Token.isUnresolved(clientId) && !isClientId(clientId)) {
    throw new Error(
      `-c ${OIDC_CONTEXT.clientId} must be the console's client id (no spaces), got "${clientId}"`,
    );
  }
  const audiences = settings.audiences ?? [];
  const badAudience = audiences.find((audience) => !Token.isUnresolved(audience) && !isClientId(audience));
  if (badAudience !== undefined) {
    throw new Error(
      `-c ${OIDC_CONTEXT.audience} takes comma-separated audiences without spaces, got "${badAudience}"`,
    );
  }
  const scopes = normaliseScopes(settings.scopes ?? DEFAULT_OIDC_SCOPES);
  if (!scopes) {
    throw new Error(
      `-c ${OIDC_CONTEXT.scopes} must be space-separated OAuth scopes including openid, got "${settings.scopes}"`,
    );
  }
  return {
    ...settings,
    audiences: [...new Set(audiences)].filter((audience) => audience !== clientId),
    scopes,
  };
};

/**
 * The OpenID Connect provider from context, or undefined when neither issuer nor client id is given
 * (Cognito, on global AWS). Half a provider is an error naming the other half.
 */
export const oidcSettingsFromContext = (scope: Construct): OidcSignInSettings | undefined => {
  const issuer = contextString(scope, OIDC_CONTEXT.issuer);
  const clientId = contextString(scope, OIDC_CONTEXT.clientId);
  const audience = contextString(scope, OIDC_CONTEXT.audience);
  const scopes = contextString(scope, OIDC_CONTEXT.scopes);
  if (!issuer && !clientId) {
    const stray = [audience && OIDC_CONTEXT.audience, scopes && OIDC_CONTEXT.scopes].filter(Boolean);
    if (stray.length > 0) {
      throw new Error(
        `-c ${stray.join(' and -c ')} configure an OpenID Connect provider: set -c ${OIDC_CONTEXT.issuer}=… and -c ${OIDC_CONTEXT.clientId}=… too`,
      );
    }
    return undefined;
  }
  if (!issuer || !clientId) {
    throw new Error(
      `an OpenID Connect provider needs both -c ${OIDC_CONTEXT.issuer}=… and -c ${OIDC_CONTEXT.clientId}=…: ${issuer ? OIDC_CONTEXT.clientId : OIDC_CONTEXT.issuer} is missing`,
    );
  }
  return validateOidcSettings({
    provider: 'oidc',
    issuer,
    clientId,
    ...(audience
      ? {
          audiences: audience
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean),
        }
      : {}),
    ...(scopes ? { scopes } : {}),
  });
};

/** `https://host[:port]` of a URL, or the whole value when it is a CloudFormation token. */
const originOf = (url: string): string => (Token.isUnresolved(url) ? url : new URL(url).origin);

export interface StaffSignIn {
  readonly settings: SignInSettings;
  /** The Cognito pool, client and hosted sign-in domain; only with `provider: 'cognito'`. */
  readonly cognito?: ReviewerSignIn;
  /** The tokens' issuer, as the authorizer checks it. */
  readonly issuer: string;
  /** The console's client id: the audience every token must carry (with `audiences`). */
  readonly clientId: string;
  readonly audiences: readonly string[];
  /** For every `auth: 'jwt'` route. */
  readonly authorizer: HttpJwtAuthorizer;
  /** `/review-config.json`. */
  readonly consoleSettings: ConsoleSignInSettings;
  /** Origins the console's pages fetch sign-in from (the CSP's connect-src). */
  readonly connectSources: readonly string[];
}

export interface StaffSignInProps {
  readonly settings: SignInSettings;
  /** `https://<site>/review`: the redirect URI to register with the provider (Cognito: its only callback). */
  readonly consoleUrl: string;
}

/**
 * Staff sign-in for the stack: Cognito's resources (as `ReviewerSignIn`, directly under `scope` so their
 * logical ids stay what they were) or none, and the JWT authorizer either way.
 */
export const staffSignIn = (scope: Construct, props: StaffSignInProps): StaffSignIn => {
  const { settings, consoleUrl } = props;
  if (settings.provider === 'oidc') {
    const oidc = validateOidcSettings(settings);
    const audiences = oidc.audiences ?? [];
    return {
      settings: oidc,
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      audiences,
      authorizer: jwtAuthorizer(oidc.issuer, [oidc.clientId, ...audiences]),
      consoleSettings: consoleSignInSettings({
        issuer: oidc.issuer,
        clientId: oidc.clientId,
        scopes: oidc.scopes ?? DEFAULT_OIDC_SCOPES,
        redirectUri: consoleUrl,
      }),
      connectSources: [originOf(oidc.issuer)],
    };
  }
  const cognito = new ReviewerSignIn(scope, 'ReviewerSignIn', {
    consoleUrl,
    ...(settings.domainPrefix ? { domainPrefix: settings.domainPrefix } : {}),
  });
  const clientId = cognito.consoleClient.userPoolClientId;
  return {
    settings,
    cognito,
    issuer: cognito.issuer,
    clientId,
    audiences: [],
    authorizer: jwtAuthorizer(cognito.issuer, [clientId]),
    consoleSettings: consoleSignInSettings({
      issuer: cognito.issuer,
      clientId,
      scopes: cognito.scopes,
      redirectUri: consoleUrl,
    }),
    // Discovery and JWKS are on the issuer's origin; the authorization and token endpoints on the
    // hosted sign-in domain.
    connectSources: [cognito.issuerOrigin, cognito.hostedUiUrl],
  };
};

const jwtAuthorizer = (issuer: string, audience: readonly string[]): HttpJwtAuthorizer =>
  new HttpJwtAuthorizer('ReviewerAuthorizer', issuer, {
    jwtAudience: [...audience],
    identitySource: ['$request.header.Authorization'],
    authorizerName: 'reviewer-console',
  });
