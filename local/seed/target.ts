/**
 * The seed writes a few hundred fake applications and decisions: it must never reach a deployment. It
 * talks only to a loopback address, and only once that address has shown it is the local stack, by
 * serving the local OpenID provider's discovery document for its own origin (no deployment has one:
 * on AWS staff sign in elsewhere).
 */
import { OIDC_MOUNT_PATH } from '../local-issuer';

export class NotTheLocalStack extends Error {
  override name = 'NotTheLocalStack';
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const isLoopback = (url: URL): boolean => LOOPBACK_HOSTS.has(url.hostname);

/** The base URL to seed, parsed; refused unless plain HTTP(S) on a loopback host, without a path. */
export const loopbackOrigin = (raw: string): URL => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new NotTheLocalStack(`not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new NotTheLocalStack(`only http(s) URLs, got ${url.protocol}`);
  if (!isLoopback(url))
    throw new NotTheLocalStack(
      `the seed only runs against the local stack on this machine (localhost, 127.0.0.1, ::1), not ${url.hostname}`,
    );
  if (url.username || url.password) throw new NotTheLocalStack('no credentials in the URL');
  return new URL(url.origin);
};

const samePlace = (a: URL, b: URL) => isLoopback(a) && isLoopback(b) && a.port === b.port;

/**
 * Checks that `raw` is the local stack; returns its origin and its issuer (which the seed's staff
 * token must name). `fetchJson` is `fetch` in use, a stand-in in the tests.
 */
export const confirmLocalStack = async (
  raw: string,
  fetchJson: (url: string) => Promise<{ status: number; body: unknown }>,
): Promise<{ origin: URL; issuer: string }> => {
  const origin = loopbackOrigin(raw);
  const discovery = new URL(`${OIDC_MOUNT_PATH}/.well-known/openid-configuration`, origin).href;
  let answer: { status: number; body: unknown };
  try {
    answer = await fetchJson(discovery);
  } catch (error) {
    throw new NotTheLocalStack(
      `nothing answers at ${origin.origin} (${error instanceof Error ? error.message : String(error)}): is npm start running?`,
    );
  }
  const issuer = (answer.body as { issuer?: unknown } | undefined)?.issuer;
  let issuerUrl: URL | undefined;
  try {
    issuerUrl = typeof issuer === 'string' ? new URL(issuer) : undefined;
  } catch {
    issuerUrl = undefined;
  }
  if (
    answer.status !== 200 ||
    !issuerUrl ||
    issuerUrl.pathname !== OIDC_MOUNT_PATH ||
    !samePlace(issuerUrl, origin)
  )
    throw new NotTheLocalStack(
      `${origin.origin} does not answer as the local stack (no local sign-in provider at ${OIDC_MOUNT_PATH}): refusing to seed it`,
    );
  return { origin, issuer: issuerUrl.href.replace(/\/$/, '') };
};

/** `fetch`, reading JSON when there is some; a short timeout, since the target is this machine. */
export const fetchJson = async (url: string): Promise<{ status: number; body: unknown }> => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
  const body: unknown = await response.json().catch(() => undefined);
  return { status: response.status, body };
};
