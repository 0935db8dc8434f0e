/**
 * What the parts of the `/unions` page (the list, the union panel, the members, the set-up form) share:
 * the unions as last read, who is signed in, and the page's own line for what just happened.
 */
import { currentLocale } from '../../common/i18n';
import { type ReviewProblem, reviewProblemMessage } from '../common/api';
import type { ListedUnion } from './api';
import { t } from './i18n';

export interface UnionsPage {
  /** Every union the signed-in person may see, as last read. */
  unions(): readonly ListedUnion[];
  isAdmin(): boolean;
  /** Reads the unions again (their member counts change with every move) and shows them. */
  reload(): Promise<void>;
  /** For a 403: the sign-in reads the roster again. True when it took the problem over. */
  refused(problem: ReviewProblem): boolean;
  /** The line under the page's heading, saying what was just done (a function, to re-word itself). */
  say(text: (() => string) | undefined): void;
}

/** A problem in plain words: "not found" here means a union or member outside the caller's counties. */
export const problemText = (problem: ReviewProblem): string =>
  problem.kind === 'not_found'
    ? t('unions.problem.notFound')
    : problem.kind === 'changed_meanwhile'
      ? t('unions.changedMeanwhile')
      : reviewProblemMessage(problem, currentLocale());
