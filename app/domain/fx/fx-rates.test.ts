import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fxRates } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { ecbDailyXml, startEcbStandIn, type EcbStandIn } from "../../../tests/stand-ins/ecb-rates";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { runCronTask } from "../../../jobs/cron";
import { convertMinor, formatApproximate } from "./convert";
import { parseEcbDailyRates } from "./ecb-feed";
import { currentFxRates, refreshFxRates } from "./fx-rates.server";
import { fxSnapshot } from "./fx-snapshot";

let database: TestDatabase;
let feed: EcbStandIn;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  feed = await startEcbStandIn();
  clock.set(new Date("2026-06-01T03:00:00Z"));
});
afterEach(async () => {
  database.cleanup();
  await feed.close();
});

const storedRates = () => database.db.select({ currency: fxRates.currency, rate: fxRates.rate, asOf: fxRates.asOf }).from(fxRates);

describe("exchange rates", () => {
  test("with nothing fetched yet, the shipped snapshot is stored and used, with its date", async () => {
    const rates = await currentFxRates(database.db, clock.now());
    expect(rates.asOf).toBe(fxSnapshot.asOf);
    expect(rates.rates.get("JPY")).toBe(fxSnapshot.rates.JPY);
    expect(await storedRates()).toHaveLength(Object.keys(fxSnapshot.rates).length);
  });

  test("the daily cron stores the feed's rates and date", async () => {
    feed.respond({ body: ecbDailyXml("2026-05-29", { USD: 1.1, JPY: 160, GBP: 0.85 }) });
    const context = { db: database.db, clock, queue: recordingQueue().queue, env: { FX_RATES_URL: feed.url } };
    const run = await runCronTask(context, "refresh-fx-rates", clock.now().getTime());
    expect(run).toEqual({ ran: true, result: { ok: true, asOf: "2026-05-29", currencies: 4 } });
    expect(feed.requests).toBe(1);

    const rates = await currentFxRates(database.db, clock.now());
    expect(rates.asOf).toBe("2026-05-29");
    expect(rates.rates.get("USD")).toBe(1.1);
    // ¥16,000 at 160 per euro is €100, which is $110 at 1.1.
    expect(convertMinor(rates, 16_000, "JPY", "USD")).toBe(11_000);
    // A currency the feed didn't list keeps the snapshot's rate.
    expect(rates.rates.get("INR")).toBe(fxSnapshot.rates.INR);
  });

  test.each([
    ["an error status", { status: 503, body: "Service Unavailable" }],
    ["a page that isn't the feed", { body: "<html><body>Maintenance</body></html>", contentType: "text/html" }],
    ["an empty envelope", { body: ecbDailyXml("2026-05-29", {}) }],
  ])("a feed answering with %s changes nothing", async (_, reply) => {
    await refreshFxRates(database.db, feed.url, clock.now());
    const before = await storedRates();
    feed.respond(reply);
    const result = await refreshFxRates(database.db, feed.url, clock.now());
    expect(result.ok).toBe(false);
    expect(await storedRates()).toEqual(before);
  });

  test("with no network the stored rates stay", async () => {
    const before = await currentFxRates(database.db, clock.now());
    const url = feed.url;
    await feed.close();
    feed = await startEcbStandIn();
    const result = await refreshFxRates(database.db, url, clock.now());
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("could not be reached") });
    expect(await currentFxRates(database.db, clock.now())).toEqual(before);
  });

  test("an older day's feed never replaces newer rates", async () => {
    feed.respond({ body: ecbDailyXml("2026-05-29", { USD: 1.1 }) });
    await refreshFxRates(database.db, feed.url, clock.now());
    feed.respond({ body: ecbDailyXml("2026-05-28", { USD: 1.3 }) });
    await refreshFxRates(database.db, feed.url, clock.now());
    const rates = await currentFxRates(database.db, clock.now());
    expect(rates).toMatchObject({ asOf: "2026-05-29" });
    expect(rates.rates.get("USD")).toBe(1.1);
  });
});

describe("parseEcbDailyRates", () => {
  test("reads the ECB's own document, single or double quotes", () => {
    expect(parseEcbDailyRates(ecbDailyXml("2024-06-28", { USD: 1.0705, JPY: 171.94 }))).toEqual({
      asOf: "2024-06-28",
      rates: { EUR: 1, USD: 1.0705, JPY: 171.94 },
    });
    expect(parseEcbDailyRates(ecbDailyXml("2024-06-28", { GBP: 0.84638 }).replaceAll("'", '"'))?.rates.GBP).toBe(0.84638);
  });

  test("skips malformed entries and refuses a document without a date", () => {
    const xml = ecbDailyXml("2024-06-28", { USD: 1.07 }).replace(
      "</Cube>\n\t</Cube>",
      "<Cube currency='XX' rate='abc'/></Cube>\n\t</Cube>",
    );
    expect(parseEcbDailyRates(xml)?.rates).toEqual({ EUR: 1, USD: 1.07 });
    expect(parseEcbDailyRates(ecbDailyXml("yesterday", { USD: 1.07 }))).toBeNull();
  });
});

test("estimates read as whole units of the viewer's currency", () => {
  expect(formatApproximate(1_049, "USD")).toBe("≈ $10");
  expect(formatApproximate(1_551, "EUR")).toBe("≈ €16");
  expect(formatApproximate(1_500, "JPY")).toBe("≈ ¥1,500");
  expect(formatApproximate(1_172, "USD", 3_125)).toBe("≈ $12–$31");
});
