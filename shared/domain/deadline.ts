/** The decision deadline of an application: a number of working days after its submission (Beijing). */
import { addWorkingDays, beijingDate, workingDaysBetween } from './working-days';

export const DEFAULT_DECISION_WORKING_DAYS = 15;

/** The due date (YYYY-MM-DD, Beijing): `workingDays` working days after the Beijing date of submission. */
export const dueDateOf = (submittedAtIso: string, workingDays = DEFAULT_DECISION_WORKING_DAYS): string =>
  addWorkingDays(beijingDate(submittedAtIso), workingDays);

export type DeadlineState = 'due' | 'due_today' | 'overdue';

export interface Deadline {
  state: DeadlineState;
  /**
   * Working days left when due; when overdue, working days after the due date up to today (at least 1,
   * so a weekend right after the due date reads "overdue 1"); 0 on the day.
   */
  workingDays: number;
}

/** Where `today` (YYYY-MM-DD, Beijing) stands against `dueDate`. */
export const deadlineOf = (dueDate: string, today: string): Deadline => {
  if (today === dueDate) return { state: 'due_today', workingDays: 0 };
  const left = workingDaysBetween(today, dueDate);
  if (today < dueDate) return { state: 'due', workingDays: Math.max(left, 0) };
  return { state: 'overdue', workingDays: Math.max(-left, 1) };
};
