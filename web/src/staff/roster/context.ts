/**
 * What the parts of the `/staff` page (the list, the editor, the add and invitation forms) share: who is
 * signed in, the site's own issuer, the page's line for what was just done, and one way of sending a form.
 */
import { currentLocale } from '../../common/i18n';
import { type Result, type ReviewProblem, reviewProblemMessage } from '../common/api';
import type { FormOutcome } from '../common/form-outcome';
import {
  apiProblems,
  clearProblems,
  type FormView,
  ruleProblems,
  setBusy,
  showProblems,
} from '../common/form-view';
import type { SignedIn } from '../common/session';

export interface RosterPage {
  who(): SignedIn | undefined;
  /** The issuer staff added by subject alone belong to: the site's own sign-in (`/review-config.json`). */
  defaultIssuer(): string | undefined;
  /** For a 403: the sign-in reads the roster again. True when it took the problem over. */
  refused(problem: ReviewProblem): boolean;
  /** The line above the list, saying what was just done (a function, to re-word itself). */
  say(text: (() => string) | undefined): void;
  /** Another administrator changed the entry since it was read: the editor closes, the list is read again. */
  changedMeanwhile(): void;
}

export const problemText = (problem: ReviewProblem): string => reviewProblemMessage(problem, currentLocale());

/**
 * Checks a form by the API's rules and, when it passes, sends it; a refusal is shown the same way as a
 * problem found here: the API's 400 names the fields, already worded in the page language.
 */
export const submitForm = async <T, R>(
  page: RosterPage,
  view: FormView,
  checked: FormOutcome<T>,
  send: (body: T) => Promise<Result<R>>,
  done: (value: R) => void,
): Promise<void> => {
  if (view.busy) return;
  if (!checked.ok) return showProblems(view, ruleProblems(checked.problems));
  clearProblems(view);
  setBusy(view, true);
  const result = await send(checked.body);
  setBusy(view, false);
  if (result.ok) return done(result.value);
  const problem = result.problem;
  if (problem.kind === 'invalid') return showProblems(view, apiProblems(problem.fields));
  if (problem.kind === 'changed_meanwhile') return page.changedMeanwhile();
  if (problem.kind === 'forbidden' && page.refused(problem)) return;
  showProblems(view, [], () => problemText(problem));
};
