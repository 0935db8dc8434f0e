/**
 * What checking a staff page's form by the API's own rules (shared/domain) answers: the request's body,
 * or the fields the rules refused with their message codes (shared/domain/messages.ts). Pure.
 */

/** A field the request's rules refused, with the rule's message code. */
export interface FormProblem {
  field: string;
  code: string;
}

export type FormOutcome<T> = { ok: true; body: T } | { ok: false; problems: FormProblem[] };

/** A rule's answer (shared/domain validators) as a form's outcome. */
export const formOutcome = <T>(
  checked: { ok: true; value: T } | { ok: false; fields: Record<string, string | undefined> },
): FormOutcome<T> =>
  checked.ok
    ? { ok: true, body: checked.value }
    : {
        ok: false,
        problems: Object.entries(checked.fields).map(([field, code]) => ({ field, code: code ?? 'invalid' })),
      };
