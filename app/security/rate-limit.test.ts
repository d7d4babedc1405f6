import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { rateLimitHits } from "../../db/schema";
import { createTestClock } from "../../tests/clock";
import { concurrencyTestLimitMs } from "../../tests/limits";
import { connectOverHttp, createTestDatabase, openConnections, type TestDatabase } from "../../tests/test-database";
import {
  checkLoginRateLimits,
  clearLoginRateLimit,
  clearRateLimit,
  clientKey,
  consumeRateLimit,
  pruneRateLimitHits,
  rateLimitedReply,
  rateLimitedResponse,
  rateLimitFor,
  rateLimitHeaders,
  rateLimitMessage,
  rateLimits,
  type RateLimit,
} from "./rate-limit.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
});
afterEach(() => database.cleanup());

const minute = 60_000;
const fivePerMinute: RateLimit = { key: "test:a", limit: 5, windowMs: minute };

function consume(limit: RateLimit = fivePerMinute) {
  return consumeRateLimit(database.db, clock.now(), limit);
}

async function consumeTimes(times: number, limit: RateLimit = fivePerMinute) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await consume(limit));
  return results;
}

async function hitsFor(key: string) {
  return database.db.select().from(rateLimitHits).where(eq(rateLimitHits.key, key)).orderBy(asc(rateLimitHits.at));
}

describe("consumeRateLimit", () => {
  test("allows exactly `limit` hits in the window, then refuses without recording", async () => {
    const results = await consumeTimes(5);
    expect(results.every((result) => result.allowed)).toBe(true);
    expect(await consume()).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await consume()).toMatchObject({ allowed: false });
    expect(await hitsFor("test:a")).toHaveLength(5);
  });

  test("the window slides: a place frees up when the oldest hit leaves it", async () => {
    await consume(); // at 0 s
    clock.advance(20_000);
    await consumeTimes(4); // at 20 s
    clock.advance(39_999); // 59.999 s: the first hit is still inside
    expect(await consume()).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1); // exactly 60 s: (now − window, now] no longer holds it
    expect(await consume()).toEqual({ allowed: true });
    expect(await consume()).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  test("Retry-After counts from the oldest hit in the window, rounded up", async () => {
    await consume();
    clock.advance(12_300);
    await consumeTimes(4);
    clock.advance(5_000); // oldest hit leaves at 60 s; now is 17.3 s
    expect(await consume()).toEqual({ allowed: false, retryAfterSeconds: 43 });
  });

  test("hits older than the window don't count at all", async () => {
    await consumeTimes(5);
    clock.advance(10 * minute);
    expect(await consumeTimes(5)).toEqual(Array(5).fill({ allowed: true }));
    expect(await consume()).toMatchObject({ allowed: false });
  });

  test("50 concurrent attempts against a limit of 10: exactly 10 get through", { timeout: concurrencyTestLimitMs }, async () => {
    const limit = { key: "test:race", limit: 10, windowMs: minute };
    const results = await Promise.all(Array.from({ length: 50 }, () => consumeRateLimit(database.db, clock.now(), limit)));
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    expect(await hitsFor("test:race")).toHaveLength(10);
  });

  test("50 concurrent attempts over separate connections: still exactly 10", { timeout: concurrencyTestLimitMs }, async () => {
    const connections = openConnections(database.url, 5);
    try {
      const limit = { key: "test:race", limit: 10, windowMs: minute };
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => consumeRateLimit(connections.dbs[i % 5]!, clock.now(), limit)),
      );
      expect(results.filter((result) => result.allowed)).toHaveLength(10);
      expect(await hitsFor("test:race")).toHaveLength(10);
    } finally {
      connections.close();
    }
  });

  test(
    "over HTTP, as on Workers (Turso's protocol, served by tools/libsql-dev-server): still exactly 10 of 50",
    { timeout: concurrencyTestLimitMs },
    async () => {
      const remote = await connectOverHttp(database.url);
      try {
        const db = remote.db;
        const limit = { key: "test:http", limit: 10, windowMs: minute };
        const results = await Promise.all(Array.from({ length: 50 }, () => consumeRateLimit(db, clock.now(), limit)));
        expect(results.filter((result) => result.allowed)).toHaveLength(10);
        expect(results.find((result) => !result.allowed)).toEqual({ allowed: false, retryAfterSeconds: 60 });
        expect(await hitsFor("test:http")).toHaveLength(10);
      } finally {
        await remote.close();
      }
    },
  );

  test("keys are independent", async () => {
    await consumeTimes(5, { ...fivePerMinute, key: "test:a" });
    expect(await consume({ ...fivePerMinute, key: "test:a" })).toMatchObject({ allowed: false });
    expect(await consume({ ...fivePerMinute, key: "test:b" })).toEqual({ allowed: true });
  });
});

describe("clearRateLimit", () => {
  test("resets one key and leaves the others", async () => {
    await consumeTimes(5, { ...fivePerMinute, key: "test:a" });
    await consumeTimes(5, { ...fivePerMinute, key: "test:b" });
    await clearRateLimit(database.db, "test:a");
    expect(await consume({ ...fivePerMinute, key: "test:a" })).toEqual({ allowed: true });
    expect(await consume({ ...fivePerMinute, key: "test:b" })).toMatchObject({ allowed: false });
  });
});

describe("pruneRateLimitHits", () => {
  test("deletes only hits older than the longest window", async () => {
    await consume({ ...fivePerMinute, key: "old" });
    clock.advance(2 * 60 * minute);
    await consume({ ...fivePerMinute, key: "recent" });
    clock.advance(30 * minute);
    await consume({ ...fivePerMinute, key: "new" });

    expect(await pruneRateLimitHits(database.db, clock.now(), 60 * minute)).toEqual({ deleted: 1 });
    const left = await database.db.select({ key: rateLimitHits.key }).from(rateLimitHits).orderBy(asc(rateLimitHits.at));
    expect(left).toEqual([{ key: "recent" }, { key: "new" }]);
  });

  test("by default keeps everything a policy can still count", async () => {
    await consume({ key: "k", limit: 5, windowMs: rateLimits.resetByAccount.windowMs });
    clock.advance(rateLimits.resetByAccount.windowMs - 1);
    expect(await pruneRateLimitHits(database.db, clock.now())).toEqual({ deleted: 0 });
    clock.advance(1);
    expect(await pruneRateLimitHits(database.db, clock.now())).toEqual({ deleted: 0 });
    clock.advance(1);
    expect(await pruneRateLimitHits(database.db, clock.now())).toEqual({ deleted: 1 });
  });
});

describe("policies and keys", () => {
  test("build readable keys; accounts by normalized email, unknown clients together", () => {
    expect(rateLimitFor(rateLimits.loginByAccount, " Ada@Example.COM ")).toEqual({
      key: "login:account:ada@example.com",
      limit: 10,
      windowMs: 15 * minute,
    });
    expect(rateLimits.loginByIp.keyFor("203.0.113.7")).toBe("login:ip:203.0.113.7");
    expect(rateLimits.signUpByIp.keyFor(null)).toBe("signup:ip:unknown");
    expect(rateLimits.resetByAccount).toMatchObject({ limit: 5, windowMs: 60 * minute });
  });

  test.each([
    [null, "unknown"],
    ["", "unknown"],
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:85a3:1:aaaa:bbbb:cccc:dddd", "2001:db8:85a3:1::/64"],
    ["2001:DB8:85a3:0001::1", "2001:db8:85a3:1::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["not:an:address", "not:an:address"],
  ])("client %j is counted as %j", (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});

describe("login limits", () => {
  const context = () => ({ db: database.db, clock, clientAddress: "203.0.113.7" });

  test("the 11th rapid attempt for an account is refused; a successful login clears it", async () => {
    for (let i = 0; i < 10; i++) expect(await checkLoginRateLimits(context(), "ada@example.com")).toEqual({ allowed: true });
    const refused = await checkLoginRateLimits(context(), "ADA@example.com");
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBe(15 * 60);

    await clearLoginRateLimit(context(), "Ada@Example.com");
    expect(await checkLoginRateLimits(context(), "ada@example.com")).toEqual({ allowed: true });
    // Clearing the account leaves the address's count alone.
    expect(await hitsFor("login:ip:203.0.113.7")).toHaveLength(12);
  });

  test("one address trying many accounts is stopped at the address limit", async () => {
    for (let i = 0; i < 50; i++) {
      expect(await checkLoginRateLimits(context(), `user${i}@example.com`)).toEqual({ allowed: true });
    }
    expect(await checkLoginRateLimits(context(), "next@example.com")).toMatchObject({ allowed: false });
    // A blocked address doesn't use up the account's attempts.
    expect(await hitsFor("login:account:next@example.com")).toEqual([]);
  });

  test("the same account from another address is still limited", async () => {
    for (let i = 0; i < 10; i++) await checkLoginRateLimits(context(), "ada@example.com");
    const elsewhere = { ...context(), clientAddress: "198.51.100.1" };
    expect(await checkLoginRateLimits(elsewhere, "ada@example.com")).toMatchObject({ allowed: false });
  });
});

describe("responses", () => {
  test.each([
    [1, "a minute"],
    [60, "a minute"],
    [61, "2 minutes"],
    [15 * 60, "15 minutes"],
    [3600, "an hour"],
    [3601, "2 hours"],
  ])("%i seconds reads as %j", (seconds, wait) => {
    expect(rateLimitMessage(seconds)).toBe(`Too many attempts. Please wait ${wait} and try again.`);
  });

  test("a thrown response is a 429 with Retry-After and the message", async () => {
    const response = rateLimitedResponse(840);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("840");
    expect(await response.text()).toBe("Too many attempts. Please wait 14 minutes and try again.");
  });

  test("a form reply carries the message as a form error, status 429 and Retry-After", () => {
    const submission = { reply: (options: { formErrors: string[]; hideFields?: string[] }) => options };
    const reply = rateLimitedReply(submission, 90, { hideFields: ["password"] });
    expect(reply.init?.status).toBe(429);
    expect(new Headers(reply.init?.headers).get("Retry-After")).toBe("90");
    expect(reply.data).toEqual({ formErrors: ["Too many attempts. Please wait 2 minutes and try again."], hideFields: ["password"] });
  });
});

describe("rateLimitHeaders (a route's `headers` export)", () => {
  const none = new Headers();
  const args = (headers: { actionHeaders?: Headers; loaderHeaders?: Headers; errorHeaders?: Headers }) => ({
    actionHeaders: none,
    loaderHeaders: none,
    parentHeaders: none,
    errorHeaders: undefined,
    ...headers,
  });

  test("passes Retry-After on from a returned or a thrown 429", () => {
    const limited = new Headers({ "Retry-After": "90", "X-Other": "x" });
    for (const source of ["actionHeaders", "errorHeaders", "loaderHeaders"] as const) {
      const headers = new Headers(rateLimitHeaders(args({ [source]: limited })));
      expect([...headers]).toEqual([["retry-after", "90"]]);
    }
  });

  test("adds nothing otherwise", () => {
    expect([...new Headers(rateLimitHeaders(args({})))]).toEqual([]);
  });
});
