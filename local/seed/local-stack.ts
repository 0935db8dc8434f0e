/** What the seed needs from the running local stack: that it is one, its outbox, and an admin token. */
import { isRunning, readLocalEndpoints } from '../endpoints';
import { enrolLocally } from '../enrol';
import { signLocalToken, type TokenRequest } from '../local-issuer';
import { confirmLocalStack, fetchJson, NotTheLocalStack } from './target';

/** The administrator the seed signs in as (on the roster as any `npm run token` identity is). */
export const SEED_ADMIN: TokenRequest = { role: 'admin', sub: 'demo-seed' };

export interface SeedTarget {
  origin: URL;
  smsOutboxFile: string;
  adminToken: string;
}

/**
 * Refuses unless `url` is the local stack and `dataDir` its data folder (the stack's SMS codes and the
 * key that signs its staff tokens are there); then enrols the seed's administrator and signs its token.
 */
export const seedTarget = async (dataDir: string, url: string): Promise<SeedTarget> => {
  const { origin, issuer } = await confirmLocalStack(url, fetchJson);
  const endpoints = readLocalEndpoints(dataDir);
  if (!endpoints || !isRunning(endpoints) || endpoints.oidcIssuer !== issuer)
    throw new NotTheLocalStack(
      `the stack at ${origin.origin} was not started with DATA_DIR=${dataDir}: run the seed with the DATA_DIR of that npm start`,
    );
  const { issuer: enrolledFor } = await enrolLocally(dataDir, SEED_ADMIN);
  return {
    origin,
    smsOutboxFile: endpoints.smsOutboxFile,
    adminToken: await signLocalToken(dataDir, SEED_ADMIN, enrolledFor),
  };
};
