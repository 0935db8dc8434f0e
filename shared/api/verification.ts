/** Proving a phone: the proof-of-work challenge, then an SMS code (shared/domain/verification-rules.ts). */
import * as z from 'zod';
import { MAX_ALTCHA_LENGTH } from '../domain/verification-rules';
import { instant, Locale, mobileNumber } from './common';
import { INTERNAL, jsonBody, STORAGE } from './errors';
import type { Operations } from './operation';
import { named } from './registry';

export const AltchaChallenge = named(
  'AltchaChallenge',
  'An ALTCHA v1 challenge: find n ≤ maxnumber with SHA-256(salt + n) = challenge. Good once, for 5 minutes.',
  z.object({
    algorithm: z.literal('SHA-256'),
    challenge: z.string().regex(/^[0-9a-f]{64}$/),
    maxnumber: z.int().min(1),
    salt: z.string().describe('Random hex, then `?expires=<epoch seconds>&`.'),
    signature: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  [
    {
      algorithm: 'SHA-256',
      challenge: 'a2c1f0d6c3b54e0f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817',
      maxnumber: 50000,
      salt: '4f8e2a9c1b7d3e6f?expires=1796040000&',
      signature: '9b8a7c6d5e4f30211a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081',
    },
  ],
);
export type AltchaChallenge = z.infer<typeof AltchaChallenge>;

export const CodeRequest = named(
  'CodeRequest',
  'Ask for a 6-digit code by SMS to the phone. One code a minute per phone, and a few an hour and a day.',
  z.object({
    phone: mobileNumber,
    altcha: z
      .string()
      .min(1)
      .max(MAX_ALTCHA_LENGTH)
      .describe(
        'The solved challenge: base64 of `{"algorithm","challenge","number","salt","signature","took"}`.',
      ),
    locale: Locale.optional().describe('The language of the SMS (default: Accept-Language, else zh-CN).'),
  }),
);
export type CodeRequest = z.infer<typeof CodeRequest>;

export const CodeSent = named(
  'CodeSent',
  'The code is on its way: valid 10 minutes and 5 tries, for one application.',
  z.object({
    verificationId: z.string().regex(/^V[A-Za-z0-9_-]{22}$/),
    expiresAt: instant,
    resendAfterSeconds: z.int().min(0).describe('When another code may be asked for this phone.'),
  }),
);
export type CodeSent = z.infer<typeof CodeSent>;

export const verificationOperations: Operations = {
  'GET /api/challenge': {
    operationId: 'getChallenge',
    tag: 'applicants',
    summary: 'A proof-of-work challenge',
    description:
      'A code request needs one solved (ALTCHA v1, self-hosted): a few hundred thousand SHA-256 on a phone, ' +
      'which makes flooding the SMS route costly.',
    answers: {
      200: {
        description: 'A new challenge.',
        body: AltchaChallenge,
        headers: { 'Cache-Control': 'no-store' },
      },
    },
    errors: [INTERNAL],
  },
  'POST /api/phone-verifications': {
    operationId: 'requestCode',
    tag: 'applicants',
    summary: 'Send an SMS code to a phone',
    description:
      'The answer is the same whatever the phone’s history: nothing here looks at applications or members.',
    requestBody: {
      schema: CodeRequest,
      example: { phone: '+86 138-1234-5678', altcha: 'eyJhbGdvcml0aG0iOiJTSEEtMjU2Ii…' },
    },
    answers: {
      202: {
        description: 'Sent.',
        body: CodeSent,
        example: {
          verificationId: 'VpX2cQ9rT4mZ8bN1kL6hJ3w',
          expiresAt: '2026-11-28T02:10:00.000Z',
          resendAfterSeconds: 60,
        },
      },
    },
    errors: [
      jsonBody(8),
      {
        400: {
          validation_failed:
            'a field is wrong, missing or unknown; `altcha` invalid, expired or used; `phone` refused by the SMS provider',
        },
        429: { too_many_requests: 'past a limit for this phone or this address' },
        503: { sms_failed: 'the SMS provider is down: retry after Retry-After seconds' },
      },
      STORAGE,
      INTERNAL,
    ],
  },
};
