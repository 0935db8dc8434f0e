/**
 * The local HTTP gateway: routes from the wiring declarations to the same handlers Lambda runs,
 * with API Gateway HTTP API (payload 2.0) events, plus the local-only `GET /api/health`; the built
 * pages and static documents as CloudFront serves them from S3.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { errorMessage, resolveLocale } from '../shared/domain/messages';
import { securityHeaders } from '../shared/web/pages';
import { type FunctionName, ROUTES } from '../shared/wiring';
import { matchPath, toHttpApiEvent } from './http-event';
import { asAuthorizerClaims, type TokenVerifier } from './local-issuer';
import { serveStatic } from './static-files';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface GatewayOptions {
  port: number;
  host?: string;
  handlers: Record<string, HttpHandler>;
  context: (name: FunctionName) => Context;
  isReady: () => boolean;
  /** Verifies bearer tokens for `auth: 'jwt'` routes, as the HTTP API JWT authorizer does. */
  verifyToken: TokenVerifier;
  /** The local OpenID provider (`/oidc/*`) and the console's sign-in settings it answers. */
  localIdentity?: { handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> };
  /** The built web pages and static documents; served like CloudFront serves them from S3. */
  webRoot?: string;
  /**
   * Origins the pages may call besides their own (CSP connect-src), as CloudFront allows the sign-in
   * provider's: the local provider answers at both localhost and 127.0.0.1, under one issuer.
   */
  connectSources?: readonly string[];
  log: (message: string, details?: Record<string, unknown>) => void;
}

/** API Gateway's own payload limit; the handlers apply their stricter ones. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

const send = (
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(body);
};

const sendError = (request: IncomingMessage, response: ServerResponse, status: number, code: string) => {
  const locale = resolveLocale(request.headers['accept-language']);
  send(response, status, JSON.stringify({ error: code, message: errorMessage(code, locale) }));
};

const readBody = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolveBody(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });

const writeResult = (response: ServerResponse, result: APIGatewayProxyResultV2) => {
  if (typeof result === 'string' || result === undefined || result === null || !('statusCode' in result)) {
    send(response, 200, typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(
    result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined,
  );
};

export const startGateway = async (options: GatewayOptions): Promise<Server> => {
  const headers = Object.entries(securityHeaders(options.connectSources));
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    for (const [name, value] of headers) response.setHeader(name, value);
    const api = url.pathname.startsWith('/api/');
    if (!api && (await options.localIdentity?.handle(request, response, url))) return;
    // The pages, their assets and the static documents, /api/catalog among them: as CloudFront sends
    // those to the site bucket, ahead of /api/* (infra/constructs/web-hosting.ts).
    if (options.webRoot && (await serveStatic(options.webRoot, method, url.pathname, response))) return;
    if (!api) return sendError(request, response, 404, 'route_not_found');
    if (url.pathname === '/api/health' && method === 'GET') {
      if (options.isReady()) send(response, 200, JSON.stringify({ status: 'ok' }));
      else send(response, 503, JSON.stringify({ status: 'starting' }));
      return;
    }
    const candidates = ROUTES.map((route) => ({ route, params: matchPath(route.path, url.pathname) })).filter(
      (c) => c.params !== undefined,
    );
    if (candidates.length === 0) return sendError(request, response, 404, 'route_not_found');
    // As API Gateway does: a literal path (`/api/staff/invitations`) wins over a parameter (`/api/staff/{id}`).
    const byParameters = (c: (typeof candidates)[number]) => Object.keys(c.params ?? {}).length;
    const match = [...candidates]
      .sort((a, b) => byParameters(a) - byParameters(b))
      .find((c) => c.route.method === method);
    if (!match) {
      response.setHeader('allow', candidates.map((c) => c.route.method).join(', '));
      return sendError(request, response, 405, 'method_not_allowed');
    }
    let claims: Record<string, string> | undefined;
    if (match.route.auth === 'jwt') {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const payload = token ? await options.verifyToken(token) : undefined;
      if (!payload) return sendError(request, response, 401, 'unauthorized');
      claims = asAuthorizerClaims(payload);
    }
    const body = await readBody(request);
    if (body === undefined) return sendError(request, response, 413, 'payload_too_large');
    const handler = options.handlers[match.route.function];
    if (!handler) throw new Error(`no handler for ${match.route.function}`);
    const routeKey = `${match.route.method} ${match.route.path}`;
    const event = toHttpApiEvent(request, url, body, {
      routeKey,
      ...(Object.keys(match.params ?? {}).length > 0 ? { pathParameters: match.params } : {}),
    });
    if (claims) Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes: null } } });
    const started = performance.now();
    const result = await handler(event, options.context(match.route.function));
    writeResult(response, result);
    options.log('request', {
      routeKey,
      status: response.statusCode,
      ms: Math.round(performance.now() - started),
    });
  };

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      options.log('gateway error', { error: error instanceof Error ? error.name : String(error) });
      if (!response.headersSent) sendError(request, response, 500, 'internal_error');
      else response.end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolveListen());
  });
  return server;
};
