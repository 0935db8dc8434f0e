/**
 * The API reference page (`/api`): renders the OpenAPI document the API serves (`/api/openapi.json`)
 * for people — every route by tag, who may call it, its parameters, request body fields, answers and
 * example bodies, then every named schema. Text only (`textContent`), no inline style or script.
 */

/*
 * Its own few DOM helpers rather than ./dom's: sharing that module would split it into a chunk of its
 * own and add a request (and a few hundred bytes) to every other page.
 */
type Child = Node | string;
const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
};
const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element;
};

interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  description?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minimum?: number;
  maximum?: number;
  examples?: unknown[];
}
interface Media {
  schema?: Schema;
  example?: unknown;
}
interface Header {
  $ref?: string;
  description?: string;
  required?: boolean;
  schema?: Schema;
}
interface Parameter {
  $ref?: string;
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
  example?: unknown;
}
interface Answer {
  description: string;
  headers?: Record<string, Header>;
  content?: Record<string, Media>;
}
interface Operation {
  operationId: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content: Record<string, Media> };
  responses: Record<string, Answer>;
}
interface ApiDocument {
  info: { title: string; version: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    parameters?: Record<string, Parameter>;
    headers?: Record<string, Header>;
  };
}

const nameOf = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);
const code = (text: string) => h('code', {}, text);
/** `METHOD /a/path`, free to break after each slash on a narrow screen. */
const route = (method: string, path: string) =>
  h(
    'code',
    {},
    `${method.toUpperCase()} `,
    ...path.split('/').flatMap((part, i) => (i === 0 ? [part] : [h('wbr'), `/${part}`])),
  );

/** `code` and **strong** inside a line of the descriptions. */
const inline = (text: string): Child[] =>
  text
    .split(/(`[^`]+`|\*\*[^*]+\*\*)/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith('`')
        ? code(part.slice(1, -1))
        : part.startsWith('**')
          ? h('strong', {}, part.slice(2, -2))
          : part,
    );

/** The descriptions' little Markdown: paragraphs, and lists of `- ` lines (continued by indented lines). */
const blocks = (text: string | undefined): Node[] =>
  (text ?? '')
    .split(/\n\s*\n/)
    .filter((block) => block.trim())
    .map((block) => {
      if (!block.trimStart().startsWith('- ')) return h('p', {}, ...inline(block.replace(/\s*\n\s*/g, ' ')));
      const items = block.split(/\n(?=- )/).map((item) => item.replace(/^- /, '').replace(/\s*\n\s*/g, ' '));
      return h('ul', {}, ...items.map((item) => h('li', {}, ...inline(item))));
    });

const exampleBlock = (example: unknown) =>
  h('div', { class: 'table-scroll' }, h('pre', {}, code(JSON.stringify(example, null, 2))));

/** A table on a desk; on a phone the console's queue style makes each row a card, labelled cell by cell. */
const table = (headings: string[], rows: Array<Array<Node | string | Child[]>>) =>
  h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'queue-table' },
      h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', { scope: 'col' }, heading)))),
      h(
        'tbody',
        {},
        ...rows.map((cells) =>
          h(
            'tr',
            {},
            ...cells.map((cell, i) =>
              h('td', { 'data-label': headings[i] ?? '' }, ...(Array.isArray(cell) ? cell : [cell])),
            ),
          ),
        ),
      ),
    ),
  );

const renderer = (doc: ApiDocument) => {
  const resolve = (schema: Schema): Schema =>
    schema.$ref ? (doc.components.schemas[nameOf(schema.$ref)] ?? {}) : schema;

  const join = (parts: Array<Child[]>, word: string): Child[] =>
    parts.flatMap((part, i) => (i === 0 ? part : [` ${word} `, ...part]));

  /** A schema's type in words, with links to the named schemas it uses. */
  const typeOf = (schema: Schema): Child[] => {
    if (schema.$ref) return [h('a', { href: `#schema-${nameOf(schema.$ref)}` }, nameOf(schema.$ref))];
    const choices = schema.oneOf ?? schema.anyOf;
    if (choices) return join(choices.map(typeOf), 'or');
    if (schema.const !== undefined) return [code(JSON.stringify(schema.const))];
    if (schema.enum)
      return [
        'one of ',
        ...join(
          schema.enum.map((value) => [code(JSON.stringify(value))]),
          ',',
        ),
      ];
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.includes('array')) return ['array of ', ...typeOf(schema.items ?? {})];
    if (types.includes('object') && typeof schema.additionalProperties === 'object' && !schema.properties)
      return ['map of names to ', ...typeOf(schema.additionalProperties)];
    if (types.length === 0) return ['any value'];
    return [types.join(' or ') + (schema.format ? ` (${schema.format})` : '')];
  };

  const constraints = (schema: Schema): Child[] => {
    const said: Array<Child[]> = [];
    if (schema.minLength !== undefined || schema.maxLength !== undefined)
      said.push([`${schema.minLength ?? 0}–${schema.maxLength ?? '∞'} characters`]);
    if (schema.minItems !== undefined || schema.maxItems !== undefined)
      said.push([`${schema.minItems ?? 0}–${schema.maxItems ?? '∞'} items`]);
    if (schema.uniqueItems) said.push(['no repeats']);
    if (schema.minimum !== undefined || schema.maximum !== undefined)
      said.push([`${schema.minimum ?? '−∞'}–${schema.maximum ?? '∞'}`]);
    if (schema.pattern) said.push(['pattern ', code(schema.pattern)]);
    return said.length > 0 ? [h('span', { class: 'small' }, ...join(said, ';'))] : [];
  };

  /** One row per property; inline objects (and arrays of them) continue with their own properties. */
  const fieldRows = (schema: Schema, prefix = '', depth = 0): Array<Array<Node | string | Child[]>> =>
    Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
      const path = `${prefix}${name}`;
      const row = [
        [code(path)],
        typeOf(property),
        (schema.required ?? []).includes(name) ? 'yes' : 'no',
        [
          ...inline(property.description ?? resolve(property).description?.split('\n')[0] ?? ''),
          ...constraints(property),
        ],
      ];
      const nested = property.type === 'array' ? property.items : property;
      const inner = nested && !nested.$ref && nested.properties && depth < 3 ? nested : undefined;
      const more = inner
        ? fieldRows(inner, `${path}${property.type === 'array' ? '[]' : ''}.`, depth + 1)
        : [];
      return [row, ...more];
    });

  /** A schema's fields: a table per object (per variant, when it is one of several). */
  const fields = (schema: Schema): Node[] => {
    const resolved = resolve(schema);
    const variants = resolved.oneOf ?? resolved.anyOf;
    if (variants?.every((variant) => resolve(variant).properties)) {
      return variants.flatMap((variant, i) => [
        h(
          'p',
          {},
          `${resolved.oneOf ? 'Exactly one' : 'At least one'} of ${variants.length} forms; form ${i + 1}:`,
        ),
        ...fields(variant),
      ]);
    }
    if (!resolved.properties) return [h('p', {}, 'A value: ', ...typeOf(resolved), ...constraints(resolved))];
    return [table(['Field', 'Type', 'Required', 'Description'], fieldRows(resolved))];
  };

  const parameterOf = (parameter: Parameter): Parameter =>
    parameter.$ref ? (doc.components.parameters?.[nameOf(parameter.$ref)] ?? parameter) : parameter;
  const headerOf = (header: Header): Header =>
    header.$ref ? (doc.components.headers?.[nameOf(header.$ref)] ?? header) : header;

  const responseSection = (status: string, response: Answer): Node => {
    const headers = Object.entries(response.headers ?? {}).map(([name, header]) => {
      const spec = headerOf(header);
      return h(
        'li',
        {},
        code(name),
        spec.required ? ' (always)' : ' (sometimes)',
        ...(spec.schema?.const !== undefined ? [': ', code(String(spec.schema.const))] : []),
        ...(spec.description ? [' — ', ...inline(spec.description)] : []),
      );
    });
    const content = Object.entries(response.content ?? {});
    return h(
      'div',
      { class: 'api-response' },
      h('h5', {}, code(status), ' ', ...inline(response.description.split('\n')[0] ?? '')),
      ...blocks(response.description.split('\n').slice(1).join('\n')),
      headers.length > 0 ? h('p', {}, 'Headers:') : '',
      headers.length > 0 ? h('ul', {}, ...headers) : '',
      ...content.flatMap(([type, media]) => [
        h('p', {}, code(type), ...(media.schema ? [': ', ...typeOf(media.schema)] : [])),
        ...(media.example !== undefined ? [exampleBlock(media.example)] : []),
      ]),
    );
  };

  const operationSection = (method: string, path: string, operation: Operation): Node => {
    const staff = (operation.security ?? []).length > 0;
    const parameters = (operation.parameters ?? []).map(parameterOf);
    const body = operation.requestBody?.content['application/json'];
    return h(
      'section',
      { id: `op-${operation.operationId}`, class: 'api-operation' },
      h('h3', {}, route(method, path)),
      h(
        'p',
        {},
        h('strong', {}, operation.summary ?? ''),
        ' ',
        h('span', { class: 'badge' }, staff ? 'Staff: Bearer token' : 'Public'),
      ),
      ...blocks(operation.description),
      h('h4', {}, 'Parameters'),
      table(
        ['Name', 'In', 'Type', 'Required', 'Description'],
        parameters.map((p) => [
          [code(p.name)],
          p.in,
          typeOf(p.schema ?? {}),
          p.required ? 'yes' : 'no',
          [
            ...inline(p.description ?? ''),
            ...constraints(p.schema ?? {}),
            ...(p.example !== undefined
              ? [h('span', { class: 'small' }, 'e.g. ', code(String(p.example)))]
              : []),
          ],
        ]),
      ),
      ...(body?.schema
        ? [
            h(
              'h4',
              {},
              'Request body ',
              operation.requestBody?.required ? '(required)' : '(optional)',
              ': ',
              ...typeOf(body.schema),
            ),
            ...blocks(resolve(body.schema).description),
            ...fields(body.schema),
            ...(body.example !== undefined ? [h('p', {}, 'Example:'), exampleBlock(body.example)] : []),
          ]
        : []),
      h('h4', {}, 'Answers'),
      ...Object.entries(operation.responses).map(([status, response]) => responseSection(status, response)),
    );
  };

  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
  );
  const tags = doc.tags ?? [];
  const inTag = (tag: string) => operations.filter((o) => (o.operation.tags ?? [])[0] === tag);

  return {
    introduction: () => [
      h('p', {}, `${doc.info.title}, version ${doc.info.version}.`),
      ...blocks(doc.info.description),
    ],
    contents: () =>
      tags.flatMap((tag) => [
        h('h3', {}, h('a', { href: `#tag-${tag.name}` }, tag.name)),
        h(
          'ul',
          {},
          ...inTag(tag.name).map(({ method, path, operation }) =>
            h(
              'li',
              {},
              h('a', { href: `#op-${operation.operationId}` }, route(method, path)),
              ` ${operation.summary ?? ''}`,
            ),
          ),
        ),
      ]),
    reference: () => [
      ...tags.flatMap((tag) => [
        h('h2', { id: `tag-${tag.name}` }, tag.name),
        ...blocks(tag.description),
        ...inTag(tag.name).map(({ method, path, operation }) => operationSection(method, path, operation)),
      ]),
      h('h2', { id: 'schemas' }, 'Schemas'),
      ...Object.entries(doc.components.schemas).map(([name, schema]) =>
        h(
          'section',
          { id: `schema-${name}`, class: 'api-schema' },
          h('h3', {}, name),
          ...blocks(schema.description),
          ...fields(schema),
          ...(schema.examples ?? []).map(exampleBlock),
        ),
      ),
    ],
  };
};

const show = async (): Promise<void> => {
  const status = byId('api-status');
  let doc: ApiDocument;
  try {
    const response = await fetch('/api/openapi.json', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`the API answered ${response.status}`);
    doc = (await response.json()) as ApiDocument;
  } catch (error) {
    status.textContent = `Could not read /api/openapi.json (${error instanceof Error ? error.message : String(error)}). Reload to try again.`;
    return;
  }
  const page = renderer(doc);
  byId('api-introduction').append(...page.introduction());
  const contents = byId('api-contents');
  contents.append(...page.contents());
  contents.hidden = false;
  byId('api-reference').append(...page.reference());
  status.textContent = '';
  // The address may name a route (#op-…) that did not exist before the page was drawn.
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
};

void show();

// A module, so that its types stay its own (without an import it would be a script of globals).
export {};
