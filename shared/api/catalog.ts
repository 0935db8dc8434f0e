/**
 * The static documents under /api/ (shared/web/static-documents.ts): the catalogue, and this API
 * description. Files, not routes: the generator adds where they come from and their Cache-Control.
 */
import * as z from 'zod';
import type { Operations } from './operation';
import { named } from './registry';

const LocalisedName = z.object({ 'zh-CN': z.string(), en: z.string() });
const CatalogEntry = z.object({ code: z.string(), name: LocalisedName });

export const Catalog = named(
  'Catalog',
  'The trades, platforms (with the trades they serve; `head`: a head platform of the coverage reports) and counties.',
  z.object({
    trades: z.array(CatalogEntry),
    platforms: z.array(CatalogEntry.extend({ trades: z.array(z.string()), head: z.boolean() })),
    counties: z.array(CatalogEntry),
  }),
);
export type Catalog = z.infer<typeof Catalog>;

export const OpenApiDocument = named(
  'OpenApiDocument',
  'An OpenAPI 3.1 document: this one.',
  z.looseObject({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.looseObject({}),
    paths: z.looseObject({}),
  }),
);
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;

export const catalogOperations: Operations = {
  'GET /api/catalog': {
    operationId: 'getCatalog',
    tag: 'applicants',
    summary: 'The catalogue of trades, platforms and counties',
    answers: {
      200: {
        description: 'The catalogue.',
        body: Catalog,
        example: {
          trades: [{ code: 'delivery_rider', name: { 'zh-CN': '网约配送员', en: 'Food-delivery rider' } }],
          platforms: [
            {
              code: 'meituan',
              name: { 'zh-CN': '美团', en: 'Meituan' },
              trades: ['delivery_rider'],
              head: true,
            },
          ],
          counties: [{ code: 'zhaoyang', name: { 'zh-CN': '昭阳区', en: 'Zhaoyang District' } }],
        },
      },
    },
    errors: [],
  },
  'GET /api/openapi.json': {
    operationId: 'getApiDescription',
    tag: 'meta',
    summary: 'This API description (OpenAPI 3.1)',
    description: 'Rendered for people at `/api`.',
    answers: {
      200: {
        description: 'The OpenAPI document.',
        body: OpenApiDocument,
      },
    },
    errors: [],
  },
};
