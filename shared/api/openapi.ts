/**
 * The OpenAPI 3.1 document of the HTTP API: the routes and their security from shared/wiring.ts and the
 * static documents under /api/ from shared/web/static-documents.ts, each one's description from
 * shared/api/*, the schemas from zod (JSON Schema 2020-12, which OpenAPI 3.1 uses). `npm run api:write`
 * keeps shared/api/openapi.json, which is served as the static document /api/openapi.json, equal to it.
 */
import * as z from 'zod';
import { STATUS_BY_CODE } from '../http/error-mapping';
import { API_DOCUMENTS, type ApiDocument, STATIC_DOCUMENTS } from '../web/static-documents';
import { type HttpMethod, ROUTES, type RouteDeclaration, routeKey } from '../wiring';
import { applicationOperations } from './applications';
import { auditOperations } from './audit';
import { catalogOperations } from './catalog';
import type { ErrorCode } from './errors';
import { membersOperations } from './members';
import type { ErrorAnswers, OperationSpec, Operations, ParameterSpec, SuccessSpec } from './operation';
import { TAGS } from './operation';
import { apiSchemas } from './registry';
import { reportsOperations } from './reports';
import { reviewOperations } from './review';
import { staffOperations } from './staff';
import { unionsOperations } from './unions';
import { verificationOperations } from './verification';

export const OPERATIONS: Operations = {
  ...catalogOperations,
  ...verificationOperations,
  ...applicationOperations,
  ...reviewOperations,
  ...membersOperations,
  ...auditOperations,
  ...reportsOperations,
  ...staffOperations,
  ...unionsOperations,
};

type Json = Record<string, unknown>;

/** What the document describes: each route of the wiring, and each static document under /api/. */
type Described =
  | { kind: 'route'; method: HttpMethod; path: RouteDeclaration['path']; auth: RouteDeclaration['auth'] }
  | { kind: 'static'; method: 'GET'; path: ApiDocument['path']; auth: 'public'; document: ApiDocument };

const DESCRIBED: readonly Described[] = [
  ...API_DOCUMENTS.map(
    (document): Described => ({
      kind: 'static',
      method: 'GET',
      path: document.path,
      auth: 'public',
      document,
    }),
  ),
  ...ROUTES.map((route): Described => ({ kind: 'route', ...route })),
];

const SCHEMAS = '#/components/schemas/';
const refTo = (id: string) => ({ $ref: `${SCHEMAS}${id}` });

/** zod writes what OpenAPI keeps elsewhere ($schema, $id) and the safe-integer bounds of every integer. */
const tidy = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(tidy);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === 'minimum' && item === Number.MIN_SAFE_INTEGER) continue;
    if (key === 'maximum' && item === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(item);
  }
  return out;
};

const componentSchemas = (): Json =>
  tidy(
    z.toJSONSchema(apiSchemas, { target: 'draft-2020-12', uri: (id) => `${SCHEMAS}${id}` }).schemas,
  ) as Json;

/** A body's schema: always a named one, so integrators (and the types) have a name for it. */
const bodySchema = (schema: z.ZodType, where: string) => {
  const id = apiSchemas.get(schema)?.id;
  if (!id) throw new Error(`${where}: the body's schema has no name (shared/api/registry.ts named)`);
  return refTo(id);
};

/** A parameter's schema: a named one by reference, else written out (it may not use named ones inside). */
const parameterSchema = (schema: z.ZodType, where: string) => {
  const id = apiSchemas.get(schema)?.id;
  if (id) return refTo(id);
  const written = tidy(z.toJSONSchema(schema, { target: 'draft-2020-12' })) as Json;
  if ('$defs' in written) throw new Error(`${where}: a parameter may name a named schema, not nest one`);
  return written;
};

const parameter = (spec: ParameterSpec, where: string) => ({
  name: spec.name,
  in: spec.in,
  ...(spec.in === 'path' || spec.required ? { required: true } : {}),
  description: spec.description,
  schema: parameterSchema(spec.schema, `${where} ${spec.name}`),
  ...(spec.example !== undefined ? { example: spec.example } : {}),
});

const CSV_FILE = {
  description: 'A CSV file to save (`attachment; filename="…csv"`).',
  schema: { type: 'string', pattern: '^attachment; filename="[^"]+\\.csv"$' },
};

const success = (spec: SuccessSpec, where: string) => {
  const headers: Json = {};
  const sent = spec.headers ?? {};
  if (sent['Cache-Control'] !== undefined) {
    headers['Cache-Control'] = { required: true, schema: { type: 'string', const: sent['Cache-Control'] } };
  }
  if (sent.Location !== undefined) {
    headers.Location = { required: true, description: sent.Location, schema: { type: 'string' } };
  }
  // Sent with the CSV only: required when the answer is never JSON.
  if (sent['Content-Disposition']) headers['Content-Disposition'] = { required: !spec.body, ...CSV_FILE };
  const content: Json = {};
  if (spec.body) {
    content['application/json'] = {
      schema: bodySchema(spec.body, where),
      ...(spec.example !== undefined ? { example: spec.example } : {}),
    };
  }
  if (spec.csv) content['text/csv'] = { schema: { type: 'string' } };
  return {
    description: spec.description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content,
  };
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Refused: the request is not right.',
  401: 'Not signed in.',
  403: 'Not allowed.',
  404: 'Not found.',
  409: 'In conflict with the current state.',
  413: 'Too large.',
  415: 'Not JSON.',
  422: 'Not processable.',
  429: 'Too many requests.',
  500: 'Failed.',
  503: 'Unavailable for now: retry after Retry-After seconds.',
};

const EDGE_THROTTLE =
  'On AWS, API Gateway’s throttle of this route answers by itself, with `{"message": "Too Many Requests"}` and ' +
  'no Retry-After: wait a second or two.';
const EDGE_UNAUTHORIZED = 'On AWS, the JWT authorizer answers by itself, with `{"message": "Unauthorized"}`.';

/** The route's error answers, merged by status, each code checked against the status it is mapped to. */
const errorAnswers = (route: Described, spec: OperationSpec, where: string): Json => {
  const merged: Record<number, Partial<Record<ErrorCode, string>>> = { 429: {} };
  for (const answers of spec.errors as ErrorAnswers[]) {
    for (const [status, codes] of Object.entries(answers)) {
      merged[Number(status)] = { ...merged[Number(status)], ...codes };
    }
  }
  if (route.auth === 'jwt' && !merged[401]) throw new Error(`${where}: a staff route answers 401`);
  const responses: Json = {};
  for (const [status, codes] of Object.entries(merged).sort(([a], [b]) => Number(a) - Number(b))) {
    const code = Number(status);
    for (const error of Object.keys(codes)) {
      const mapped = error === 'internal_error' ? 500 : STATUS_BY_CODE[error];
      if (mapped !== code) throw new Error(`${where}: ${error} is answered ${mapped}, not ${code}`);
    }
    const own = Object.entries(codes).map(([error, when]) => `- \`${error}\`: ${when}`);
    const byEdge = code === 429 ? EDGE_THROTTLE : code === 401 ? EDGE_UNAUTHORIZED : undefined;
    const bodies = [
      ...(own.length > 0 ? [refTo('Error')] : []),
      ...(byEdge ? [refTo('GatewayMessage')] : []),
    ];
    const retryAfter = code === 429 ? 'RetryAfterUnlessEdge' : code === 503 ? 'RetryAfter' : undefined;
    responses[status] = {
      description: [STATUS_TEXT[code] ?? 'Refused.', '', ...own, ...(byEdge ? [`- ${byEdge}`] : [])].join(
        '\n',
      ),
      ...(retryAfter ? { headers: { 'Retry-After': { $ref: `#/components/headers/${retryAfter}` } } } : {}),
      content: { 'application/json': { schema: bodies.length === 1 ? bodies[0] : { anyOf: bodies } } },
    };
  }
  return responses;
};

/**
 * A static document: its one answer, 200, with its declared Cache-Control. It has no error of its own
 * to document (no function, no throttle, no language), and takes no parameters.
 */
const staticOperation = (document: ApiDocument, spec: OperationSpec, where: string) => {
  const { 200: found, ...others } = spec.answers;
  if (
    !found ||
    Object.keys(others).length > 0 ||
    spec.errors.length > 0 ||
    spec.parameters ||
    spec.requestBody
  ) {
    throw new Error(`${where}: a static document is described by its 200 answer alone`);
  }
  if (found.headers) throw new Error(`${where}: its headers are the static document's declared ones`);
  const twins = STATIC_DOCUMENTS.filter((other) => other !== document && other.body === document.body);
  const served = [
    'A static file, not a function: CloudFront serves it from the site bucket (locally, the gateway serves',
    'the built file), the same for everyone until the next deployment, which refreshes CloudFront’s copy;',
    `browsers may keep it as its \`Cache-Control: ${document.cacheControl}\` says.`,
    ...twins.map((twin) => `The same file is at \`${twin.path}\`.`),
  ].join(' ');
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: spec.description ? `${spec.description}\n\n${served}` : served,
    security: [],
    responses: {
      200: success({ ...found, headers: { 'Cache-Control': document.cacheControl } }, where),
    },
  };
};

const operation = (route: Described, spec: OperationSpec) => {
  const where = routeKey(route);
  if (route.kind === 'static') return staticOperation(route.document, spec, where);
  const answers = Object.entries(spec.answers).map(([status, answer]) => [status, success(answer, where)]);
  const body = spec.requestBody;
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: route.auth === 'jwt' ? [{ staffToken: [] }] : [],
    parameters: [
      ...(spec.parameters ?? []).map((p) => parameter(p, where)),
      { $ref: '#/components/parameters/AcceptLanguage' },
    ],
    ...(body
      ? {
          requestBody: {
            required: !body.optional,
            ...(body.description ? { description: body.description } : {}),
            content: {
              'application/json': { schema: bodySchema(body.schema, where), example: body.example },
            },
          },
        }
      : {}),
    responses: { ...Object.fromEntries(answers), ...errorAnswers(route, spec, where) },
  };
};

const DESCRIPTION = `The membership onboarding API of the union: the public routes the application form and the
status page use, and the staff routes of the reviewer console, the unions page, the coverage dashboard and
the staff roster.

- **Errors** have the body \`Error\`: a stable \`error\` code and a \`message\` in Chinese by default, in English
  with \`Accept-Language: en\` (or \`"locale": "en"\` in a body). A 400 \`validation_failed\` names each faulty field
  in \`fields\`. A 429 or 503 says in \`Retry-After\` how many seconds to wait.
- **Staff routes** need \`Authorization: Bearer <token>\`: an access token of the deployment's sign-in (its
  issuer and audience), for someone on the staff roster.
- **Patterns** are ECMAScript regular expressions read with the \`u\` flag: \`\\p{…}\` are Unicode properties.
  Free text is trimmed before it is checked, so the patterns let blanks around it through.
- **Rules no schema says** (the ID number's check digit, a phone's prefix, platforms serving the trade…) are
  in the descriptions; the API checks them and names the field.`;

export const openApiDocument = () => {
  const paths: Record<string, Json> = {};
  for (const route of DESCRIBED) {
    const spec = OPERATIONS[routeKey(route)];
    if (!spec) throw new Error(`${routeKey(route)} is not described in shared/api`);
    if (paths[route.path]?.[route.method.toLowerCase()]) throw new Error(`${routeKey(route)} twice`);
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, spec) };
  }
  const described = Object.keys(OPERATIONS).filter(
    (key) => !DESCRIBED.some((route) => routeKey(route) === key),
  );
  if (described.length > 0)
    throw new Error(`described but neither routed nor a static document: ${described.join(', ')}`);
  return {
    openapi: '3.1.0',
    info: { title: 'Gig-worker union membership API', version: '1.0.0', description: DESCRIPTION },
    servers: [{ url: '/', description: 'The same origin as the web pages.' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An access token of the deployment’s staff sign-in (Cognito, the union’s OIDC provider, or the local one).',
        },
      },
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          description: 'The language of messages: `en`, else Chinese (zh-CN).',
          schema: { type: 'string' },
          example: 'en',
        },
      },
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before trying again.',
          required: true,
          schema: { type: 'integer', minimum: 1 },
        },
        RetryAfterUnlessEdge: {
          description: 'Seconds to wait before trying again; absent on API Gateway’s own throttling answer.',
          schema: { type: 'integer', minimum: 1 },
        },
      },
    },
  };
};

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
