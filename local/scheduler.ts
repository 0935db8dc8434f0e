/** The declared schedules, run in-process by croner with the same cron expressions and time zones. */
import { Cron } from 'croner';
import type { ScheduleDeclaration } from '../shared/wiring';

export interface LocalSchedules {
  stop(): void;
}

export const startSchedules = (
  schedules: readonly ScheduleDeclaration[],
  run: (schedule: ScheduleDeclaration) => Promise<unknown>,
  onError: (schedule: ScheduleDeclaration, error: unknown) => void,
): LocalSchedules => {
  const jobs = schedules.map(
    (schedule) =>
      new Cron(
        schedule.cron,
        { timezone: schedule.timeZone, protect: true, name: schedule.name },
        async () => {
          try {
            await run(schedule);
          } catch (error) {
            onError(schedule, error);
          }
        },
      ),
  );
  return {
    stop: () => {
      for (const job of jobs) job.stop();
    },
  };
};
