/** Turns what is in the form into the body the API expects (before validation). */
import type { Locale } from '../../../shared/catalog/index';
import { fieldSchemas } from '../../../shared/domain/application-rules';

type FormValues = Pick<FormData, 'get' | 'getAll'>;

/**
 * Empty text fields are left out, so the rules say "required" rather than "too short"; an unchosen
 * trade or county is sent as '' so the rules ask the person to choose one.
 */
export const applicationBody = (
  data: FormValues,
  extras: { source?: string | undefined; locale: Locale; verificationId?: string | undefined },
): Record<string, unknown> => {
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  const body: Record<string, unknown> = {};
  const addText = (name: string) => {
    if (text(name).trim() !== '') body[name] = text(name);
  };
  addText('fullName');
  addText('phone');
  addText('idNumber');
  body.trade = text('trade');
  body.platforms = data.getAll('platforms').filter((value): value is string => typeof value === 'string');
  addText('platformOther');
  body.county = text('county');
  addText('workplace');
  if (extras.source) body.source = extras.source;
  body.consent = data.get('consent') !== null;
  body.locale = extras.locale;
  // The code the worker typed, and the verification it belongs to (kept by the page when it asked for it).
  if (extras.verificationId) body.verificationId = extras.verificationId;
  addText('verificationCode');
  return body;
};

/** The `?source=` QR/event code, when it passes the API's own rule; anything else is silently dropped. */
export const sourceFromQuery = (search: string): string | undefined => {
  const source = new URLSearchParams(search).get('source') ?? undefined;
  if (source === undefined) return undefined;
  return fieldSchemas().source.safeParse(source).success ? source : undefined;
};

/** What the confirmation says (keys of strings.ts), by the status of the application the API answered with. */
export interface ConfirmationWords {
  heading: 'confirm.heading' | 'confirm.headingMember';
  /** Said only to the same person applying again: their existing application came back. */
  repeat?: 'confirm.repeatPending' | 'confirm.repeatMember';
  /** The "what happens next" steps, which do not apply to a member. */
  nextSteps: boolean;
}

export const confirmationWords = (status: string): ConfirmationWords => {
  if (status === 'approved')
    return { heading: 'confirm.headingMember', repeat: 'confirm.repeatMember', nextSteps: false };
  if (status === 'pending_review')
    return { heading: 'confirm.heading', repeat: 'confirm.repeatPending', nextSteps: true };
  return { heading: 'confirm.heading', nextSteps: true };
};
