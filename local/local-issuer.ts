/**
 * The local issuer's keys and tokens: one RS256 key pair under DATA_DIR that the local OpenID provider
 * (local/oidc/provider.ts) signs ID tokens with and `npm run token` signs its tokens with, for the
 * provider's issuer URL (`<origin>/oidc`); and verification exactly as the HTTP API JWT authorizer does
 * it (signature, issuer, audience, expiry; RS256 only). Nothing of this exists in the AWS deployment.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPKCS8, importSPKI, type JWTPayload, jwtVerify, SignJWT } from 'jose';

/** The console's client id at the local provider, and so the audience of its ID tokens. */
export const LOCAL_CLIENT_ID = 'review-console';
export const LOCAL_AUDIENCE = LOCAL_CLIENT_ID;
export const LOCAL_KEY_ID = 'local';
/** A working day: how long a local ID token (from the provider or the CLI) is good for. */
export const TOKEN_LIFETIME_SECONDS = 8 * 3600;
/** Where the local provider is mounted on the gateway. */
export const OIDC_MOUNT_PATH = '/oidc';
/** The issuer of a local stack that answers at `origin`. */
export const localIssuerOf = (origin: string): string => `${origin.replace(/\/$/, '')}${OIDC_MOUNT_PATH}`;
export const DEFAULT_LOCAL_ISSUER = localIssuerOf('http://localhost:3000');
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

/**
 * The claims of an ID token for such a user, as the local provider puts them in its own ID tokens: who
 * it is (`sub`) and a name to show. Nothing about role or counties: the staff roster says what an
 * identity may do (the token CLI writes the entry, local/enrol.ts).
 */
export const claimsFor = (request: TokenRequest): JWTPayload => {
  const sub = request.sub ?? `local-${request.role}`;
  return { sub, name: sub, preferred_username: sub };
};

/** A token as the local provider would issue it to `request.sub`, signed with its key, for `issuer`. */
export const signLocalToken = async (
  dataDir: string,
  request: TokenRequest,
  issuer: string,
  now = new Date(),
): Promise<string> => {
  const { privatePem } = ensureIssuerKeys(dataDir);
  const key = await importPKCS8(privatePem, ALGORITHM);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresIn = request.expiresInSeconds ?? TOKEN_LIFETIME_SECONDS;
  return new SignJWT(claimsFor(request))
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: LOCAL_KEY_ID })
    .setIssuer(issuer)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(Math.min(issuedAt, issuedAt + expiresIn))
    .setExpirationTime(issuedAt + expiresIn)
    .sign(key);
};

export type TokenVerifier = (token: string) => Promise<JWTPayload | undefined>;

/** Undefined for anything the HTTP API authorizer would refuse: bad signature, alg, issuer, audience, expiry. */
export const localTokenVerifier = async (
  dataDir: string,
  issuer: string | (() => string),
): Promise<TokenVerifier> => {
  const { publicPem } = ensureIssuerKeys(dataDir);
  const key = await importSPKI(publicPem, ALGORITHM);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: typeof issuer === 'function' ? issuer() : issuer,
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
