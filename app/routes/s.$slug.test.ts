import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, type SessionTypeOverrides, type SpecialistOverrides } from "../../db/factories";
import { availabilityWindows } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { decodeHtml } from "../../tests/html";
import { extendAllHorizons } from "../domain/availability/slots.server";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
// Monday 1 June 2026, 12:00 UTC.
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock, env: { APP_URL: "https://specialistly.example" } });
});
afterEach(() => database.cleanup());

/** A listed specialist working Mondays to Fridays 09:00–17:00 in their zone, with open slots materialized. */
async function listed(overrides: SpecialistOverrides = {}, types: SessionTypeOverrides[] = [{}]) {
  const { specialist } = await createSpecialist(database.db, { timezone: "Europe/Berlin", ...overrides });
  for (const type of types) await createSessionType(database.db, specialist.id, type);
  await database.db
    .insert(availabilityWindows)
    .values([1, 2, 3, 4, 5].map((weekday) => ({ specialistId: specialist.id, weekday, startMinute: 540, endMinute: 1020 })));
  await extendAllHorizons({ db: database.db, clock });
  return specialist;
}

async function profilePage(slug: string, cookie?: string) {
  const response = await app.get(`/s/${slug}`, { cookie });
  return { response, status: response.status, html: await response.text() };
}

function jsonLd(html: string) {
  const scripts = [...html.matchAll(/<script type="application\/ld\+json"([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts).toHaveLength(1);
  return {
    attributes: scripts[0]![1]!,
    data: JSON.parse(scripts[0]![2]!) as Record<string, unknown> & { makesOffer: Record<string, string>[] },
  };
}

function metaProperty(html: string, property: string) {
  return html.match(new RegExp(`<meta property="${property}" content="([^"]*)"`))?.[1];
}

describe("GET /s/<slug>", () => {
  test("shows the profile, its sessions and the next open times in the specialist's zone", async () => {
    const specialist = await listed(
      {
        displayName: "Greta Berg",
        headline: "Product strategy for B2B teams",
        bio: "I help teams **ship**.\n\n- Roadmaps\n- Pricing",
        specialties: ["product-management"],
        languages: ["de", "en"],
        ratingAvg: 4.75,
        ratingCount: 8,
      },
      [{ title: "Strategy hour", minutes: 60, priceMinor: 12_550, currency: "EUR" }],
    );
    const { status, html } = await profilePage(specialist.slug);
    expect(status).toBe(200);
    const text = decodeHtml(html);
    expect(html).toContain("<title>Greta Berg · Product strategy for B2B teams · Specialistly</title>");
    expect(html).toContain("<strong>ship</strong>");
    expect(html).toContain("<li>Roadmaps</li>");
    expect(text).toContain("Product management");
    expect(text).toContain("German, English");
    expect(text).toContain("Berlin (GMT+2)");
    expect(text).toContain("Strategy hour");
    expect(text).toContain("€125.50");
    expect(text).toContain("60 min");
    expect(text).toContain("4.8 (8 reviews)");
    // Monday noon UTC = 14:00 Berlin; 4 h notice: first slot Monday 18:00 Berlin is past 17:00, so Tuesday 09:00.
    expect(text).toContain("Times in the specialist's time zone: Berlin (GMT+2)");
    expect(text).toContain("Tue 2 Jun, 09:00");
    expect(text).not.toContain("your time ·");
    expect([...html.matchAll(/<time dateTime=/g)]).toHaveLength(5);
    expect(html).toContain(`src="/avatars/${specialist.slug}"`);
  });

  test("shows times in the viewer's zone from the tz cookie, with the specialist's local time beside them", async () => {
    const specialist = await listed();
    const { html } = await profilePage(specialist.slug, "tz=America%2FNew_York");
    const text = decodeHtml(html);
    expect(text).toContain("Times in your time zone: New York (GMT-4)");
    expect(text).toContain("Tue 2 Jun, 03:00 your time · 09:00 Berlin");
    // An old name the browser may report is shown by its current one.
    expect(decodeHtml((await profilePage(specialist.slug, "tz=Asia%2FCalcutta")).html)).toContain(
      "Times in your time zone: Kolkata (GMT+5:30)",
    );
    // A zone the runtime doesn't know is ignored.
    expect(decodeHtml((await profilePage(specialist.slug, "tz=Mars%2FOlympus")).html)).toContain("Tue 2 Jun, 09:00</time>");
  });

  test("has Open Graph tags and a canonical URL on APP_URL", async () => {
    const specialist = await listed({ displayName: "Greta Berg", headline: "Product strategy" });
    const { html } = await profilePage(specialist.slug);
    expect(metaProperty(html, "og:title")).toBe("Greta Berg on Specialistly");
    expect(metaProperty(html, "og:type")).toBe("profile");
    expect(metaProperty(html, "og:url")).toBe(`https://specialistly.example/s/${specialist.slug}`);
    expect(metaProperty(html, "og:image")).toBe(`https://specialistly.example/avatars/${specialist.slug}`);
    expect(metaProperty(html, "og:description")).toContain("Product strategy");
    expect(html).toMatch(/<meta name="description" content="Product strategy/);
  });

  test("JSON-LD is a Person offering each session type at an exact decimal price, with the CSP nonce", async () => {
    const specialist = await listed({ displayName: "Kenji Ito", timezone: "Asia/Tokyo" }, [
      { title: "Intro", priceMinor: 0, currency: "JPY" },
      { title: "Review", priceMinor: 15_000, currency: "JPY" },
    ]);
    const { response, html } = await profilePage(specialist.slug);
    const { attributes, data } = jsonLd(html);
    expect(data["@type"]).toBe("Person");
    expect(data.name).toBe("Kenji Ito");
    expect(data.makesOffer.map((offer) => [offer.name, offer["@type"], offer.price, offer.priceCurrency])).toEqual([
      ["Intro", "Offer", "0", "JPY"],
      ["Review", "Offer", "15000", "JPY"],
    ]);
    const nonce = response.headers.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(attributes).toContain(`nonce="${nonce}"`);

    const dollars = await listed({}, [
      { title: "Quick", priceMinor: 12_550, currency: "USD" },
      { title: "Cents", priceMinor: 5, currency: "USD" },
    ]);
    const offers = jsonLd((await profilePage(dollars.slug)).html).data.makesOffer;
    expect(offers.map((offer) => [offer.price, offer.priceCurrency])).toEqual([
      ["0.05", "USD"],
      ["125.50", "USD"],
    ]);
  });

  test("a script in the name or bio can't break out of the page or the JSON-LD", async () => {
    const attack = '</script><script>alert("x")</script><!--';
    const specialist = await listed({ displayName: `Eve ${attack}`, headline: attack, bio: `Hi ${attack} <img src=x onerror=alert(1)>` });
    const { html } = await profilePage(specialist.slug);
    expect(html).not.toContain('<script>alert("x")');
    expect(html).not.toContain("<img src=x");
    const { data } = jsonLd(html);
    expect(data.name).toBe(`Eve ${attack}`);
  });

  test.each([
    ["unknown", async () => "no-such-specialist"],
    ["unpublished", async () => (await listed({ published: false })).slug],
    ["not approved", async () => (await listed({ approval: "pending" })).slug],
    ["without an active session type", async () => (await listed({}, [{ active: false }])).slug],
  ])("an %s specialist is a friendly 404", async (_case, slugOf) => {
    const slug = await slugOf();
    const { status, html } = await profilePage(slug);
    expect(status).toBe(404);
    expect(html).toContain("No specialist has that address");
    expect(html).toContain("<title>Specialist not found · Specialistly</title>");
    expect(html).not.toContain("application/ld+json");
  });
});
