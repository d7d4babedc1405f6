import { expect, test } from "vitest";
import { BoundedCache } from "./bounded-cache";

test("a kept result is computed once, a failure is not kept, and a full cache starts afresh", () => {
  const cache = new BoundedCache<string, number>(2);
  let computed = 0;
  const square = (n: number) => () => {
    computed += 1;
    return n * n;
  };
  expect(cache.get("3", square(3))).toBe(9);
  expect(cache.get("3", square(3))).toBe(9);
  expect(computed).toBe(1);
  expect(() =>
    cache.get("bad", () => {
      throw new RangeError("no");
    }),
  ).toThrow(RangeError);
  expect(cache.get("4", square(4))).toBe(16);
  // Full at two: the third key drops both, so "3" is computed again.
  expect(cache.get("5", square(5))).toBe(25);
  expect(cache.get("3", square(3))).toBe(9);
  expect(computed).toBe(4);
});
