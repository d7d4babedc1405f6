import { PermanentJobError, type JobContext } from "./context";
import { runCronTask } from "./cron";
import { jobMessageSchema } from "./messages";

export class InvalidJobError extends PermanentJobError {
  override name = "InvalidJobError";
}

/** Runs one queued message; throws to ask the queue for a retry. */
export async function runJob(context: JobContext, message: unknown) {
  const parsed = jobMessageSchema.safeParse(message);
  if (!parsed.success) {
    throw new InvalidJobError(`Malformed job message: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  }
  const job = parsed.data;
  switch (job.type) {
    case "cron":
      return runCronTask(context, job.task, job.scheduledFor);
  }
}
