/** The shape of `/review-config.json`, the one sign-in settings file for every provider. */
import { describe, expect, it } from 'vitest';
import { REVIEW_CONFIG_FILE } from '../../shared/web/pages';
import {
  type ConsoleSignInSettings,
  consoleSignInSettings,
  DEFAULT_OIDC_SCOPES,
  normaliseScopes,
  parseConsoleSignInSettings,
} from '../../shared/web/sign-in-config';

const keycloak = {
  issuer: 'https://sso.example.cn/realms/union',
  clientId: 'review-console',
  scopes: DEFAULT_OIDC_SCOPES,
  redirectUri: 'https://join.example.cn/review',
};
const cognito = {
  issuer: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_AbCdEf123',
  clientId: '4abc5defghij6klmnop7qrstu',
  scopes: 'openid profile email',
  redirectUri: 'https://d111111abcdef8.cloudfront.net/review',
};

describe(`/${REVIEW_CONFIG_FILE}`, () => {
  it('is one "oidc" object with exactly issuer, clientId, scopes and redirectUri, for any provider', () => {
    for (const settings of [keycloak, cognito]) {
      const file: ConsoleSignInSettings = consoleSignInSettings({ ...settings, extra: 'dropped' } as never);
      expect(Object.keys(file)).toEqual(['oidc']);
      expect(file.oidc).toEqual(settings);
      expect(JSON.parse(JSON.stringify(file))).toEqual({ oidc: settings });
    }
  });

  it('asks for openid, profile and email by default: sub and a display name, nothing about roles', () => {
    expect(DEFAULT_OIDC_SCOPES.split(' ')).toEqual(['openid', 'profile', 'email']);
  });

  it('reads back what the stack writes', () => {
    expect(parseConsoleSignInSettings(consoleSignInSettings(keycloak))).toEqual({ oidc: keycloak });
    expect(parseConsoleSignInSettings(JSON.parse(JSON.stringify({ oidc: cognito })))).toEqual({
      oidc: cognito,
    });
  });

  it('accepts http only for this machine (a local provider while developing)', () => {
    const local = {
      ...keycloak,
      issuer: 'http://localhost:8080/realms/union',
      redirectUri: 'http://127.0.0.1:3000/review',
    };
    expect(parseConsoleSignInSettings({ oidc: local })).toEqual({ oidc: local });
  });

  it.each([
    ['no body', undefined],
    ['the old Cognito-only shape', { cognito: { clientId: 'x', redirectUri: keycloak.redirectUri } }],
    ['an http issuer elsewhere', { oidc: { ...keycloak, issuer: 'http://sso.example.cn/realms/union' } }],
    ['an issuer with a query', { oidc: { ...keycloak, issuer: `${keycloak.issuer}?x=1` } }],
    ['an issuer with a fragment', { oidc: { ...keycloak, issuer: `${keycloak.issuer}#x` } }],
    ['credentials in the issuer', { oidc: { ...keycloak, issuer: 'https://a:b@sso.example.cn/' } }],
    ['not a URL', { oidc: { ...keycloak, redirectUri: 'review' } }],
    ['an http redirect elsewhere', { oidc: { ...keycloak, redirectUri: 'http://join.example.cn/review' } }],
    ['no client id', { oidc: { ...keycloak, clientId: '' } }],
    ['a client id with a space', { oidc: { ...keycloak, clientId: 'review console' } }],
    ['a numeric client id', { oidc: { ...keycloak, clientId: 42 } }],
    ['scopes without openid', { oidc: { ...keycloak, scopes: 'profile email' } }],
    ['no scopes', { oidc: { ...keycloak, scopes: undefined } }],
  ])('refuses %s', (_case, body) => {
    expect(parseConsoleSignInSettings(body)).toBeUndefined();
  });

  it('normalises scopes to single spaces, once each, openid required', () => {
    expect(normaliseScopes('  openid   profile\temail openid ')).toBe('openid profile email');
    expect(normaliseScopes('openid')).toBe('openid');
    expect(normaliseScopes('profile')).toBeUndefined();
    expect(normaliseScopes('openid "quoted"')).toBeUndefined();
  });
});
