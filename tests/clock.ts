import type { Clock } from "../load-context";

/** A clock tests move by hand. */
export function createTestClock(start = new Date("2026-06-01T12:00:00Z")) {
  let now = start.getTime();
  const clock: Clock & { advance(ms: number): void; set(at: Date): void } = {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
    set(at) {
      now = at.getTime();
    },
  };
  return clock;
}
