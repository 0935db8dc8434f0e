/** The line under a list read from the API: loading, the problem, that it is empty, or how many. */
import type { ReviewProblem } from './api';

export type ListState = 'idle' | 'loading' | 'loaded' | 'failed';

export interface ListWords {
  loading(): string;
  problem(problem: ReviewProblem): string;
  empty(): string;
  count(count: number): string;
}

/** Nothing before the list is first read. */
export const listStatusText = (
  state: ListState,
  problem: ReviewProblem | undefined,
  count: number,
  words: ListWords,
): string => {
  if (state === 'loading') return words.loading();
  if (state === 'failed') return problem ? words.problem(problem) : '';
  if (state === 'loaded') return count === 0 ? words.empty() : words.count(count);
  return '';
};
