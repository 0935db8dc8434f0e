/**
 * Every answer a test receives, checked against the API description (shared/api/openapi.ts): its status
 * must be one the route documents, its content type one of that answer's, its body valid against the
 * schema (Ajv, JSON Schema 2020-12 with formats), its required headers present and their values valid.
 * A violation throws, naming the route, the status and the schema path.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../shared/api/openapi';

type Json = Record<string, unknown>;

export interface ReceivedAnswer {
  status: number;
  /** Header names in any case. */
  headers: Record<string, string> | Headers;
  /** The body: parsed JSON, or the text when it is not JSON; undefined or '' when there is none. */
  body: unknown;
  /** The body could not be read (a browser keeps a file download's to itself): its type is checked, not it. */
  bodyUnread?: boolean;
}

export class ApiContractViolation extends Error {
  override name = 'ApiContractViolation';
}

const DOCUMENT_ID = 'openapi.json';
const document = openApiDocument() as unknown as Json & { paths: Record<string, Record<string, Json>> };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// The whole document, so that fragments (`#/paths/…/schema`) and their `#/components/…` references resolve.
ajv.addSchema(document, DOCUMENT_ID);

const pointer = (...parts: string[]) =>
  `#/${parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

const validators = new Map<string, ValidateFunction>();
const validatorAt = (at: string): ValidateFunction => {
  let validate = validators.get(at);
  if (!validate) {
    validate = ajv.getSchema(`${DOCUMENT_ID}${at}`);
    if (!validate) throw new Error(`no schema at ${at}`);
    validators.set(at, validate);
  }
  return validate;
};

const resolve = (value: Json): Json => {
  const ref = value.$ref;
  if (typeof ref !== 'string') return value;
  return ref
    .slice(2)
    .split('/')
    .reduce<Json>((node, part) => node[part.replaceAll('~1', '/').replaceAll('~0', '~')] as Json, document);
};

const templates = Object.keys(document.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  parameters: (template.match(/\{/g) ?? []).length,
}));

/** The documented path a request path falls under: a literal path wins over one with parameters. */
export const documentedPath = (path: string): string | undefined => {
  const bare = path.split('?')[0] ?? path;
  return templates
    .filter((t) => t.pattern.test(bare))
    .sort((a, b) => a.parameters - b.parameters)
    .map((t) => t.template)[0];
};

const headerOf = (headers: ReceivedAnswer['headers'], name: string): string | undefined => {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
};

/** Ajv's schema paths start over at the schema a reference led to; `base` names the first one. */
const describeErrors = (errors: ErrorObject[] | null | undefined, base = ''): string =>
  (errors ?? [])
    .slice(0, 8)
    .map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
      const schemaPath = e.schemaPath.startsWith('#/components/')
        ? e.schemaPath
        : `${base}${e.schemaPath.slice(1)}`;
      return `  ${e.instancePath || '(body)'}: ${e.message}${extra} — schema ${schemaPath}`;
    })
    .join('\n');

/**
 * Checks one answer of `method` + `path` (a request path, with or without its query, or the documented
 * template such as `/api/unions/{id}`). Answers of paths the description does not have (the local
 * `/api/health`, a route that does not exist) are not the API's: they pass.
 */
export const checkAnswer = (method: string, path: string, answer: ReceivedAnswer): void => {
  const template = document.paths[path] ? path : documentedPath(path);
  const operation = template ? document.paths[template]?.[method.toLowerCase()] : undefined;
  if (!template || !operation) return;
  const route = `${method.toUpperCase()} ${template}`;
  const fail = (problem: string): never => {
    throw new ApiContractViolation(`${route} answered ${answer.status}: ${problem}`);
  };
  const responses = operation.responses as Record<string, Json>;
  const response = responses[String(answer.status)];
  if (!response)
    fail(`a status the API description does not list (it lists ${Object.keys(responses).join(', ')})`);
  const declared = response as Json;

  for (const [name, header] of Object.entries((declared.headers ?? {}) as Record<string, Json>)) {
    const spec = resolve(header);
    const value = headerOf(answer.headers, name);
    if (value === undefined) {
      if (spec.required) fail(`no ${name} header, which the API description requires`);
      continue;
    }
    const schema = spec.schema as Json;
    const typed = schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
    const at = pointer('paths', template, method.toLowerCase(), 'responses', String(answer.status));
    const headerAt = header.$ref
      ? `${String(header.$ref).slice(1)}/schema`
      : `${at.slice(1)}/headers/${name}/schema`;
    const validate = validatorAt(`#${headerAt.replace(/^#/, '')}`);
    if (!validate(typed))
      fail(`header ${name}: ${JSON.stringify(value)}\n${describeErrors(validate.errors)}`);
  }

  const content = (declared.content ?? {}) as Record<string, Json>;
  const mediaType =
    (headerOf(answer.headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const hasBody = answer.bodyUnread || (answer.body !== undefined && answer.body !== '');
  if (!hasBody) {
    if (Object.keys(content).length > 0)
      fail(`no body (${mediaType || 'no content type'}), where the API description has one`);
    return;
  }
  if (!content[mediaType])
    fail(
      `a ${mediaType || 'untyped'} body; the API description has ${Object.keys(content).join(', ') || 'none'}`,
    );
  if (answer.bodyUnread) return;
  if (mediaType !== 'application/json') {
    if (typeof answer.body !== 'string') fail(`a ${mediaType} body that is not text`);
    return;
  }
  const at = pointer(
    'paths',
    template,
    method.toLowerCase(),
    'responses',
    String(answer.status),
    'content',
    mediaType,
    'schema',
  );
  const validate = validatorAt(at);
  if (!validate(answer.body)) {
    const named = (content[mediaType]?.schema as Json | undefined)?.$ref;
    const base = typeof named === 'string' ? named : at;
    fail(`a body the API description does not allow:\n${describeErrors(validate.errors, base)}`);
  }
};
