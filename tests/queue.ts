import type { JobQueue } from "../load-context";
import type { JobMessage } from "../jobs/messages";

/** A queue that only records what is sent to it (into `sent`, when given), as Cloudflare Queues would receive it. */
export function recordingQueue(sent: JobMessage[] = []) {
  const queue: JobQueue = { enqueue: async (message) => void sent.push(message) };
  return { queue, sent };
}
