/**
 * What the parts of the dashboard (the picker, the report, the downloads, the form that makes a report)
 * share: who is signed in, what to do with a 403, and how a problem is said.
 */
import { currentLocale } from '../../common/i18n';
import { type ReviewProblem, reviewProblemMessage } from '../common/api';
import { t } from './i18n';

export interface Dashboard {
  isAdmin(): boolean;
  /** For a 403: the sign-in reads the roster again. True when it took the problem over. */
  refused(problem: ReviewProblem): boolean;
}

/** A problem in plain words: "not found" here means a report gone, or of counties not the caller's. */
export const problemText = (problem: ReviewProblem): string =>
  problem.kind === 'not_found'
    ? t('reports.problem.notFound')
    : reviewProblemMessage(problem, currentLocale());
