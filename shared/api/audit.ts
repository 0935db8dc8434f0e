/** The audit trail: who did what, when. */
import * as z from 'zod';
import { AUDIT_ACTIONS } from '../storage/audit';
import { instant, nextCursor } from './common';
import { ADMIN, INTERNAL, LISTING, STORAGE } from './errors';
import { pageParameters } from './listing';
import type { Operations } from './operation';
import { named } from './registry';

export const AuditEntry = named(
  'AuditEntry',
  'One entry of the audit trail.',
  z.object({
    at: instant,
    actor: z.string().describe('The display name of who did it.'),
    actorRole: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    target: z.string().optional().describe('What it was done to: an application, member, union or staff id.'),
    details: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
      .optional(),
  }),
);
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = named(
  'AuditPage',
  'A page of the trail, newest first.',
  z.object({ items: z.array(AuditEntry), nextCursor }),
);
export type AuditPage = z.infer<typeof AuditPage>;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const auditOperations: Operations = {
  'GET /api/audit': {
    operationId: 'listAudit',
    tag: 'audit',
    summary: 'The audit trail (administrators)',
    description: 'At most 92 days at once; 100 pages deep at most.',
    parameters: [
      {
        name: 'from',
        in: 'query',
        description: 'The first day, UTC (default: 6 days before `to`).',
        schema: z.string().regex(DAY_PATTERN),
        example: '2026-11-24',
      },
      {
        name: 'to',
        in: 'query',
        description: 'The last day, UTC (default: today).',
        schema: z.string().regex(DAY_PATTERN),
        example: '2026-11-30',
      },
      ...pageParameters,
    ],
    answers: {
      200: {
        description: 'A page of entries.',
        body: AuditPage,
        headers: { 'Cache-Control': 'no-store' },
        example: {
          items: [
            {
              at: '2026-11-30T03:00:00.000Z',
              actor: '李审核',
              actorRole: 'reviewer',
              action: 'decision.approve',
              target: 'A261128-7K3F9QXM',
              details: { dueDate: '2026-12-18' },
            },
          ],
          nextCursor: null,
        },
      },
    },
    errors: [ADMIN, LISTING, STORAGE, INTERNAL],
  },
};
