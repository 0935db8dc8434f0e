/**
 * The schemas both public forms use — the application (application-rules.ts) and the request for an SMS
 * code (verification-rules.ts) — so the verification function bundles these two and not the application's
 * whole form. Browser-safe (zod/mini).
 */
import * as z from 'zod/mini';
import { normalisePhone } from './phone';

export const phoneSchema = z.pipe(
  z.string('required'),
  z.transform((raw: string, ctx) => {
    const phone = normalisePhone(raw);
    if (phone === null) {
      ctx.issues.push({ code: 'custom', message: 'phone.format', input: raw });
      return z.NEVER;
    }
    return phone;
  }),
);

export const localeSchema = z.optional(z.enum(['zh-CN', 'en'], 'locale.unknown'));
