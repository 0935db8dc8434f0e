/**
 * The local stand-in for Cognito: an RS256 key pair under DATA_DIR, tokens with the claims Cognito
 * puts in an ID token, and verification exactly as the HTTP API JWT authorizer does it (signature,
 * issuer, audience, expiry; RS256 only). Nothing of this exists in the AWS deployment.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPKCS8, importSPKI, type JWTPayload, jwtVerify, SignJWT } from 'jose';

export const LOCAL_ISSUER = 'urn:gig-union-onboarding:local-issuer';
export const LOCAL_AUDIENCE = 'review-console';
const ALGORITHM = 'RS256';

const keyPaths = (dataDir: string) => ({
  dir: join(dataDir, 'issuer'),
  privateKey: join(dataDir, 'issuer', 'private.pem'),
  publicKey: join(dataDir, 'issuer', 'public.pem'),
});

/** Makes the key pair once per data folder. */
export const ensureIssuerKeys = (dataDir: string): { privatePem: string; publicPem: string } => {
  const paths = keyPaths(dataDir);
  if (!existsSync(paths.privateKey) || !existsSync(paths.publicKey)) {
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    writeFileSync(paths.privateKey, privateKey, { mode: 0o600 });
    writeFileSync(paths.publicKey, publicKey, { mode: 0o644 });
  }
  return {
    privatePem: readFileSync(paths.privateKey, 'utf8'),
    publicPem: readFileSync(paths.publicKey, 'utf8'),
  };
};

export type TokenRole = 'reviewer' | 'admin' | 'none';

export interface TokenRequest {
  role: TokenRole;
  counties?: string;
  sub?: string;
  expiresInSeconds?: number;
}

/** The claims Cognito would put in an ID token for such a user. */
export const claimsFor = (request: TokenRequest): JWTPayload => {
  const sub = request.sub ?? `local-${request.role}`;
  const groups = request.role === 'admin' ? ['admins'] : request.role === 'reviewer' ? ['reviewers'] : [];
  return {
    sub,
    'cognito:username': sub,
    ...(groups.length > 0 ? { 'cognito:groups': groups } : {}),
    ...(request.role === 'reviewer' ? { 'custom:counties': request.counties ?? '*' } : {}),
    token_use: 'id',
  };
};

export const signLocalToken = async (
  dataDir: string,
  request: TokenRequest,
  now = new Date(),
): Promise<string> => {
  const { privatePem } = ensureIssuerKeys(dataDir);
  const key = await importPKCS8(privatePem, ALGORITHM);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresIn = request.expiresInSeconds ?? 8 * 3600;
  return new SignJWT(claimsFor(request))
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: 'local' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(Math.min(issuedAt, issuedAt + expiresIn))
    .setExpirationTime(issuedAt + expiresIn)
    .sign(key);
};

export type TokenVerifier = (token: string) => Promise<JWTPayload | undefined>;

/** Undefined for anything the HTTP API authorizer would refuse: bad signature, alg, issuer, audience, expiry. */
export const localTokenVerifier = async (dataDir: string): Promise<TokenVerifier> => {
  const { publicPem } = ensureIssuerKeys(dataDir);
  const key = await importSPKI(publicPem, ALGORITHM);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: [ALGORITHM],
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch {
      return undefined;
    }
  };
};

/** How the HTTP API hands claims to a Lambda: every value a string, arrays as "[a b]". */
export const asAuthorizerClaims = (payload: JWTPayload): Record<string, string> =>
  Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
