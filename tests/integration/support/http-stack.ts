/**
 * The harness's handlers behind the real local gateway (routing from the wiring, JWT verification as
 * the HTTP API authorizer does it), on a loopback port, with tokens from the local issuer.
 */

import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { createAuditHandler } from '../../../functions/audit/audit';
import { createMembersHandler } from '../../../functions/members/members';
import { createReportsHandler } from '../../../functions/reports/reports';
import { createReviewHandler } from '../../../functions/review/review';
import { createStaffHandler } from '../../../functions/staff/staff';
import { createUnionsHandler } from '../../../functions/unions/unions';
import { enrol } from '../../../local/enrol';
import { type HttpHandler, startGateway } from '../../../local/gateway';
import { lambdaContext } from '../../../local/lambda-context';
import { localTokenVerifier, signLocalToken, type TokenRequest } from '../../../local/local-issuer';
import { createLocalOidcProvider } from '../../../local/oidc/provider';
import { freePort } from '../../../local/ports';
import { applicationStore } from '../../../shared/storage/applications';
import { notificationOutboxStore } from '../../../shared/storage/notification-outbox';
import { personStore } from '../../../shared/storage/people';
import { reportStore } from '../../../shared/storage/reports';
import { reviewStore } from '../../../shared/storage/review';
import { rosterStore } from '../../../shared/storage/staff';
import { unionStore } from '../../../shared/storage/unions';
import { FUNCTIONS, type FunctionName } from '../../../shared/wiring';
import { checkAnswer } from '../../support/api-contract';
import type { Harness } from './harness';

export const startHttpStack = async (
  harness: Harness,
  handlers: Partial<Record<FunctionName, HttpHandler>> = {},
) => {
  const issuerDir = mkdtempSync(join(tmpdir(), 'issuer-'));
  const logger = new Logger({ serviceName: 'test', logLevel: process.env.DEBUG_LOGS ? 'DEBUG' : 'SILENT' });
  // Each function over its own client, checked against its own grants (harness.dbFor).
  const storesOf = (name: FunctionName) => ({
    applications: applicationStore(harness.dbFor(name), harness.tableName),
    people: personStore(harness.dbFor(name), harness.tableName),
    review: reviewStore(harness.dbFor(name), harness.tableName),
    // Read on every request here (no cache window), so a test sees a roster change at once.
    roster: rosterStore(harness.dbFor(name), harness.tableName),
  });
  const reviewDeps = {
    ...storesOf('review'),
    notifications: harness.notifications,
    outbox: notificationOutboxStore(harness.dbFor('review'), harness.tableName),
  };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The local OpenID provider, as npm start mounts it: the one issuer of this stack's tokens.
  const identity = createLocalOidcProvider({ origin: url, dataDir: issuerDir });
  const issuer = identity.issuer;
  const server: Server = await startGateway({
    port,
    handlers: {
      intake: harness.intake as unknown as HttpHandler,
      status: harness.statusHandler as unknown as HttpHandler,
      review: createReviewHandler({
        ...reviewDeps,
        hashKey: async () => harness.key,
        logger,
      }) as unknown as HttpHandler,
      members: createMembersHandler({
        hashKey: async () => harness.key,
        roster: storesOf('members').roster,
        review: storesOf('members').review,
        logger,
      }) as unknown as HttpHandler,
      audit: createAuditHandler({
        hashKey: async () => harness.key,
        roster: storesOf('audit').roster,
        review: storesOf('audit').review,
        logger,
      }) as unknown as HttpHandler,
      reports: createReportsHandler({
        roster: storesOf('reports').roster,
        reports: reportStore(harness.dbFor('reports'), harness.tableName),
        logger,
      }) as unknown as HttpHandler,
      staff: createStaffHandler({
        store: storesOf('staff').roster,
        roster: storesOf('staff').roster,
        hashKey: async () => harness.key,
        defaultIssuer: issuer,
        logger,
      }) as unknown as HttpHandler,
      unions: createUnionsHandler({
        ...storesOf('unions'),
        unions: unionStore(harness.dbFor('unions'), harness.tableName),
        hashKey: async () => harness.key,
        logger,
      }) as unknown as HttpHandler,
      ...handlers,
    },
    context: (name) => lambdaContext(name, FUNCTIONS[name].timeoutSeconds),
    isReady: () => true,
    verifyToken: await localTokenVerifier(issuerDir, issuer),
    localIdentity: identity,
    log: () => undefined,
  });
  return {
    url,
    /** The review function's stores (over its own client), for a review handler of a test's own. */
    reviewDeps,
    issuerDir,
    /** The local provider's issuer URL (`<url>/oidc`). */
    issuer,
    /** A staff member's token: their roster entry written to the harness's table, then the token signed. */
    token: async (request: TokenRequest) => {
      await enrol(harness.db, harness.tableName, request, issuer);
      return signLocalToken(issuerDir, request, issuer);
    },
    async call(
      method: string,
      path: string,
      options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
    ) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      checkAnswer(method, path, { status: response.status, headers: response.headers, body });
      return { status: response.status, headers: response.headers, body };
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
};

export type HttpStack = Awaited<ReturnType<typeof startHttpStack>>;
