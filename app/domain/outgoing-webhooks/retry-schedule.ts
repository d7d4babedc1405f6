// When a failed delivery is tried again: the Standard Webhooks / Svix schedule, about 27 hours in all.
const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** The wait before each retry; a delivery gets the first attempt plus one per entry. */
export const retryDelaysMs = [5 * second, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 10 * hour] as const;

export const maxDeliveryAttempts = retryDelaysMs.length + 1;

/** The wait after the `attempts`-th failed attempt, or null when the delivery has used them all. */
export function retryDelayAfter(attempts: number): number | null {
  return retryDelaysMs[attempts - 1] ?? null;
}

/** An endpoint failing with no success for this long is disabled once one of its deliveries gives up. */
export const disableAfterFailingMs = 24 * hour;
