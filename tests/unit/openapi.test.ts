import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/api/openapi';
import committed from '../../shared/api/openapi.json';
import { STATUS_BY_CODE } from '../../shared/http/error-mapping';
import { API_DOCUMENTS, STATIC_DOCUMENTS } from '../../shared/web/static-documents';
import { ROUTES, routeKey } from '../../shared/wiring';

type Json = Record<string, unknown>;
type Operation = Json & { responses: Record<string, Json>; security?: unknown[]; parameters?: Json[] };

const document = JSON.parse(JSON.stringify(openApiDocument())) as Json & {
  paths: Record<string, Record<string, Operation>>;
  components: Json & { schemas: Record<string, Json> };
};
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
);
const staticKeys = API_DOCUMENTS.map((d) => `GET ${d.path}`);
/** The operations of the wiring's routes (the static documents' are files: a 200 alone). */
const routeOperations = operations.filter((o) => !staticKeys.includes(o.key));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, 'openapi.json');
const validatorAt = (pointer: string) => {
  const validate = ajv.getSchema(`openapi.json${pointer}`);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  return validate;
};
const escapePointer = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');

/** Every `$ref` in the document, with where it is. */
const references = (value: unknown, at = '#'): Array<{ ref: string; at: string }> => {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === '$ref' && typeof item === 'string'
      ? [{ ref: item, at }]
      : references(item, `${at}/${escapePointer(key)}`),
  );
};
const resolves = (ref: string) =>
  ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, part) => (node as Json | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')],
      document,
    ) !== undefined;

const ERROR_SCHEMAS = new Set(['#/components/schemas/Error', '#/components/schemas/GatewayMessage']);
const schemaRefs = (response: Json): string[] => references(response.content).map((r) => r.ref);

describe('the API description', () => {
  it('is an OpenAPI 3.1 document whose references all resolve and whose schemas are JSON Schema 2020-12', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    for (const { ref, at } of references(document)) expect(resolves(ref), `${at}: ${ref}`).toBe(true);
    for (const name of Object.keys(document.components.schemas)) {
      expect(() => validatorAt(`#/components/schemas/${name}`), name).not.toThrow();
    }
  });

  it('is what shared/api/openapi.json holds (npm run api:write), which is served as a static document', () => {
    expect(committed).toEqual(document);
  });

  it('describes every route of the wiring and every static document under /api/, and nothing else', () => {
    expect(operations.map((o) => o.key).sort()).toEqual([...ROUTES.map(routeKey), ...staticKeys].sort());
    expect(staticKeys).toEqual(expect.arrayContaining(['GET /api/catalog', 'GET /api/openapi.json']));
  });

  it.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s: its security', (key, route) => {
    const operation = operations.find((o) => o.key === key)?.operation as Operation;
    if (route.auth === 'jwt') {
      expect(operation.security).toEqual([{ staffToken: [] }]);
      expect(document.components).toMatchObject({
        securitySchemes: { staffToken: { type: 'http', scheme: 'bearer' } },
      });
    } else {
      expect(operation.security ?? []).toEqual([]);
    }
  });

  it.each(routeOperations.map((o) => [o.key, o.operation] as const))(
    '%s: answers a 4xx, and every error with the shared error schemas',
    (_key, operation) => {
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((status) => /^4\d\d$/.test(status))).toBe(true);
      expect(statuses.some((status) => /^2\d\d$/.test(status))).toBe(true);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        const refs = schemaRefs(operation.responses[status] as Json);
        expect(refs.length, status).toBeGreaterThan(0);
        for (const ref of refs) expect(ERROR_SCHEMAS.has(ref), `${status}: ${ref}`).toBe(true);
      }
    },
  );

  it('documents every error code the API answers with, each under its status', () => {
    const documented = new Set(
      operations.flatMap(({ operation }) =>
        Object.entries(operation.responses).flatMap(([status, response]) =>
          [...String(response.description).matchAll(/^- `([a-z_]+)`:/gm)].map((m) => `${status} ${m[1]}`),
        ),
      ),
    );
    for (const [code, status] of Object.entries(STATUS_BY_CODE)) {
      expect(documented.has(`${status} ${code}`), `${status} ${code}`).toBe(true);
    }
  });

  it('gives each operation its own operationId', () => {
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares each path parameter of each path', () => {
    for (const { key, operation } of operations) {
      const names = [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared, key).toEqual(names);
    }
  });

  it('has examples that its own schemas accept', () => {
    let checked = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const at = `#/paths/${escapePointer(path)}/${method}`;
        const media: Array<[string, Json]> = [];
        const body = (operation.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
        if (body?.['application/json'])
          media.push([`${at}/requestBody/content/application~1json`, body['application/json']]);
        for (const [status, response] of Object.entries(operation.responses)) {
          const json = (response.content as Record<string, Json> | undefined)?.['application/json'];
          if (json) media.push([`${at}/responses/${status}/content/application~1json`, json]);
        }
        for (const [pointer, content] of media.filter(([, c]) => c.example !== undefined)) {
          const validate = validatorAt(`${pointer}/schema`);
          expect(validate(content.example), `${pointer}: ${JSON.stringify(validate.errors)}`).toBe(true);
          checked++;
        }
      }
    }
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const example of (schema.examples as unknown[] | undefined) ?? []) {
        const validate = validatorAt(`#/components/schemas/${name}`);
        expect(validate(example), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});

describe('the static documents under /api/', () => {
  it.each(API_DOCUMENTS.map((d) => [d.path, d] as const))(
    '%s: public, no parameters, one answer (200) with its declared Cache-Control, said to be a static file',
    (path, declared) => {
      const operation = document.paths[path]?.get as Operation;
      expect(Object.keys(document.paths[path] ?? {})).toEqual(['get']);
      expect(operation.security).toEqual([]);
      expect(operation.parameters).toBeUndefined();
      expect(Object.keys(operation.responses)).toEqual(['200']);
      expect(operation.responses[200]?.headers).toEqual({
        'Cache-Control': { required: true, schema: { type: 'string', const: declared.cacheControl } },
      });
      expect(Object.keys(operation.responses[200]?.content as Json)).toEqual([
        declared.contentType.split(';')[0],
      ]);
      expect(operation.description).toMatch(/static file.*CloudFront/);
    },
  );

  it('names the other paths of the same file (the catalogue is /catalog.json too)', () => {
    const body = (path: string) => STATIC_DOCUMENTS.find((d) => d.path === path)?.body();
    const twins = STATIC_DOCUMENTS.filter(
      (d) => d.path !== '/api/catalog' && d.body() === body('/api/catalog'),
    );
    expect(twins.map((d) => d.path)).toContain('/catalog.json');
    for (const twin of twins)
      expect(document.paths['/api/catalog']?.get?.description).toContain(`\`${twin.path}\``);
  });

  it('/api/openapi.json is this description, byte for byte what shared/api/openapi.json holds, compacted', () => {
    const served = STATIC_DOCUMENTS.find((d) => d.path === '/api/openapi.json');
    expect(served?.body()).toBe(JSON.stringify(committed));
    expect(JSON.parse(served?.body() ?? '')).toEqual(document);
  });
});
