import { describe, expect, test } from "vitest";
import { needsModeration } from "./content-rules";

describe("needsModeration", () => {
  test.each([
    "See https://example.test/offer",
    "see http://x.y",
    "visit www.cheap-sessions for more",
    "Book me directly at example.com instead",
    "mail me: coach.anna.co",
    "This was SHIT",
    "a shitty session",
    "what a bastard",
  ])("holds %j", (comment) => {
    expect(needsModeration(comment)).toBe(true);
  });

  test.each([
    "Clear and practical.",
    "",
    "Great session.Thanks a lot",
    "e.g. the value was fine, i.e. worth it",
    "From Scunthorpe, loved it",
  ])("lets %j through", (comment) => {
    expect(needsModeration(comment)).toBe(false);
  });
});
