import { Cron } from "croner";
import type { JobQueue } from "../load-context";
import { cronSchedules, enqueueCronTick } from "../jobs/cron";

export interface Scheduler {
  stop(): void;
}

/** Node's stand-in for Cron Triggers: each tick enqueues its tasks, like the Worker's scheduled(). */
export function startScheduler(queue: JobQueue): Scheduler {
  const crons = Object.values(cronSchedules).map(
    (expression) =>
      new Cron(expression, { timezone: "UTC", protect: true }, async (self: Cron) => {
        const tick = self.currentRun()?.getTime() ?? Date.now();
        try {
          await enqueueCronTick(queue, expression, tick);
        } catch (error) {
          console.error(`Cron "${expression}" could not enqueue its tasks:`, error);
        }
      }),
  );
  return {
    stop() {
      for (const cron of crons) cron.stop();
    },
  };
}
