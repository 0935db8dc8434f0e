/**
 * How each route is described, by route key (`POST /api/unions/{id}`): its parameters, body and every
 * answer it can give. shared/api/openapi.ts turns these into the OpenAPI document.
 */
import type * as z from 'zod';
import type { RouteKey } from '../wiring';
import type { ErrorCode } from './errors';

export const TAGS = {
  applicants: 'What the application form and the status page use: public, no sign-in.',
  review: 'Reviewers: the county-scoped queue, an application in full (audited), contact log, decisions.',
  members: 'Members by trade and platform (audited), and the export for administrators.',
  unions: 'Grassroots unions: set up, rename, dissolve; members by union, transfers, leaving.',
  reports: 'Coverage reports, weekly, monthly or for any period.',
  audit: 'The audit trail, for administrators.',
  staff: 'The staff roster and invitations.',
  meta: 'This description itself.',
} as const;
export type Tag = keyof typeof TAGS;

/** Per status, each error code the route can answer with and when. */
export type ErrorAnswers = Readonly<Partial<Record<number, Readonly<Partial<Record<ErrorCode, string>>>>>>;

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  description: string;
  schema: z.ZodType;
  required?: boolean;
  example?: string | number;
}

export interface ResponseHeaders {
  /** The value the route sends. */
  'Cache-Control'?: string;
  /** Where the new resource is, and what it is. */
  Location?: string;
  /** A CSV answer's file name. */
  'Content-Disposition'?: true;
}

export interface SuccessSpec {
  description: string;
  /** The JSON body's named schema (shared/api/registry.ts). */
  body?: z.ZodType;
  /** The answer can be text/csv too (`?format=csv`), or only (`body` absent). */
  csv?: boolean;
  headers?: ResponseHeaders;
  example?: unknown;
}

export interface OperationSpec {
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  parameters?: readonly ParameterSpec[];
  requestBody?: {
    /** A named schema. */
    schema: z.ZodType;
    /** A POST without any body is fine (every field has a default). */
    optional?: boolean;
    description?: string;
    example: unknown;
  };
  /** 2xx answers by status. */
  answers: Readonly<Record<number, SuccessSpec>>;
  /** Refusals and failures, merged from the shared sets (shared/api/errors.ts) and the route's own. */
  errors: readonly ErrorAnswers[];
}

export type Operations = Readonly<Partial<Record<RouteKey, OperationSpec>>>;

export const pathId = (description: string, schema: z.ZodType, example: string): ParameterSpec => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema,
  example,
});
