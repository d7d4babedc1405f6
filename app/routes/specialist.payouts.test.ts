import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist } from "../../db/factories";
import { sessionTypes, specialists } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { expectConsoleError } from "../../tests/console";
import { startStripeStandIn, type StripeStandIn } from "../../tests/stand-ins/stripe";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { stripeApp } from "../domain/payments/stripe.test-support";

let standIn: StripeStandIn;
let database: TestDatabase;
let world: Awaited<ReturnType<typeof stripeApp>>;

beforeAll(async () => {
  standIn = await startStripeStandIn();
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(async () => {
  database = await createTestDatabase();
  standIn.setWebhookDelivery("immediate");
  standIn.clearFailures();
  world = await stripeApp(database, standIn);
});
afterEach(() => database.cleanup());

async function signedInSpecialist() {
  const { user, specialist } = await createSpecialist(database.db);
  return { user, specialist, cookie: await world.cookieFor(user.id) };
}

const specialistRow = async (id: string) => (await database.db.select().from(specialists).where(eq(specialists.id, id)))[0]!;

/** Follows the stand-in's onboarding page: the specialist completes it (or leaves) and comes back. */
async function onboardAtStripe(onboardingUrl: string, action: "complete" | "leave") {
  const page = await fetch(onboardingUrl);
  expect(await page.text()).toContain("Complete onboarding");
  const back = await fetch(onboardingUrl, { method: "POST", body: new URLSearchParams({ action }), redirect: "manual" });
  expect(back.status).toBe(303);
  return new URL(back.headers.get("location")!);
}

describe("/specialist/payouts with Stripe", () => {
  test("a specialist creates an Express account in their country, onboards at Stripe, and comes back able to take payments", async () => {
    const { specialist, cookie, user } = await signedInSpecialist();
    const page = await world.app.get("/specialist/payouts", { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Set up payouts with Stripe");
    expect(html).toContain('<option value="DE">Germany</option>');

    const started = await world.app.post("/specialist/payouts", { intent: "onboard", country: "DE" }, { cookie });
    expect(started.status).toBe(302);
    const onboarding = started.headers.get("location")!;
    expect(onboarding.startsWith(standIn.url)).toBe(true);
    const created = standIn.requests.filter((request) => request.path === "/v1/accounts").at(-1)!;
    expect(created.params).toMatchObject({ type: "express", country: "DE", email: user.email, metadata: { specialist_id: specialist.id } });
    const pending = await specialistRow(specialist.id);
    expect(pending).toMatchObject({ stripeCountry: "DE", stripeDetailsSubmitted: false, chargesEnabled: false });
    expect(pending.stripeAccountId).toMatch(/^acct_/);

    const back = await onboardAtStripe(onboarding, "complete");
    expect(back.pathname + back.search).toBe("/specialist/payouts?returned=1");
    const returned = await world.app.get(back.pathname + back.search, { cookie });
    expect(await returned.text()).toContain("You&#x27;re set up: clients can now pay for your sessions.");
    expect(await specialistRow(specialist.id)).toMatchObject({ stripeDetailsSubmitted: true, chargesEnabled: true, payoutsEnabled: true });

    // Starting again never makes a second account.
    await world.app.post("/specialist/payouts", { intent: "onboard", country: "FR" }, { cookie });
    expect((await specialistRow(specialist.id)).stripeAccountId).toBe(pending.stripeAccountId);
    const dashboard = await world.app.post("/specialist/payouts", { intent: "dashboard" }, { cookie });
    expect(dashboard.status).toBe(302);
    expect(dashboard.headers.get("location")!.startsWith(standIn.url)).toBe(true);
  });

  test("an expired onboarding link sends the specialist to a fresh one", async () => {
    const { cookie } = await signedInSpecialist();
    const started = await world.app.post("/specialist/payouts", { intent: "onboard", country: "US" }, { cookie });
    const onboarding = started.headers.get("location")!;
    // Account links last minutes: an old one sends the specialist to our refresh URL.
    await standIn.advanceClock(600);
    const expired = await fetch(onboarding, { redirect: "manual" });
    const refresh = new URL(expired.headers.get("location")!);
    expect(refresh.pathname + refresh.search).toBe("/specialist/payouts?refresh=1");
    const again = await world.app.get(refresh.pathname + refresh.search, { cookie });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).not.toBe(started.headers.get("location"));
    expect(again.headers.get("location")!.startsWith(standIn.url)).toBe(true);
  });

  test("bad input is a clear 400 and changes nothing; Stripe being down is a 503", async () => {
    expectConsoleError(/Payout account request failed: Stripe could not create a payout account/);
    const { specialist, cookie } = await signedInSpecialist();
    const accountsBefore = standIn.requests.filter((request) => request.path === "/v1/accounts").length;
    for (const fields of [{ intent: "onboard", country: "XX" }, { intent: "steal" }, {}] as Record<string, string>[]) {
      const response = await world.app.post("/specialist/payouts", fields, { cookie });
      expect(response.status).toBe(400);
    }
    const missingCountry = await world.app.post("/specialist/payouts", { intent: "onboard" }, { cookie });
    expect(missingCountry.status).toBe(400);
    expect(await missingCountry.text()).toContain("Choose the country your bank account is in.");
    expect(standIn.requests.filter((request) => request.path === "/v1/accounts")).toHaveLength(accountsBefore);
    expect((await specialistRow(specialist.id)).stripeAccountId).toBeNull();

    standIn.failNext(2, { status: 500, type: "api_error", message: "down" });
    const down = await world.app.post("/specialist/payouts", { intent: "onboard", country: "US" }, { cookie });
    expect(down.status).toBe(503);
    expect((await specialistRow(specialist.id)).stripeAccountId).toBeNull();
  });

  test("a paid session type waits as a draft until the account can take payments; a free one is published at once", async () => {
    const { specialist, cookie } = await signedInSpecialist();
    const paid = await world.app.post(
      "/specialist/session-types",
      { title: "Deep dive", minutes: "60", price: "120", currency: "EUR" },
      { cookie },
    );
    expect(paid.headers.get("location")).toBe("/specialist/session-types?createdAsDraft=1");
    const free = await world.app.post(
      "/specialist/session-types",
      { title: "Intro", minutes: "15", price: "0", currency: "EUR" },
      { cookie },
    );
    expect(free.headers.get("location")).toBe("/specialist/session-types?created=1");
    const types = await database.db.select().from(sessionTypes).where(eq(sessionTypes.specialistId, specialist.id));
    expect(Object.fromEntries(types.map((type) => [type.title, type.active]))).toEqual({ "Deep dive": false, Intro: true });

    const draft = types.find((type) => type.title === "Deep dive")!;
    const refused = await world.app.post(`/specialist/session-types/${draft.id}`, { intent: "activate" }, { cookie });
    expect(refused.headers.get("location")).toContain("payoutsFirst=1");
    // Making the free one paid keeps it off the page too.
    const intro = types.find((type) => type.title === "Intro")!;
    const madePaid = await world.app.post(
      `/specialist/session-types/${intro.id}`,
      { title: "Intro", minutes: "15", price: "10", currency: "EUR" },
      { cookie },
    );
    expect(madePaid.headers.get("location")).toBe("/specialist/session-types?savedAsDraft=1");

    await database.db
      .update(specialists)
      .set({ stripeAccountId: "acct_ready", chargesEnabled: true })
      .where(eq(specialists.id, specialist.id));
    const published = await world.app.post(`/specialist/session-types/${draft.id}`, { intent: "activate" }, { cookie });
    expect(published.headers.get("location")).toContain("activated=1");
    const after = await database.db.select().from(sessionTypes).where(eq(sessionTypes.id, draft.id));
    expect(after[0]!.active).toBe(true);
  });
});

describe("/specialist/payouts without Stripe", () => {
  test("says payments are test payments and takes no action", async () => {
    const plain = await createTestApp({ db: database.db });
    const { user, specialist } = await createSpecialist(database.db);
    const cookie = await world.cookieFor(user.id);
    const page = await plain.get("/specialist/payouts", { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Test payments: this deployment has no Stripe keys");
    const refused = await plain.post("/specialist/payouts", { intent: "onboard", country: "US" }, { cookie });
    expect(refused.status).toBe(404);
    // Paid sessions need nothing to be connected here.
    const type = await createSessionType(database.db, specialist.id, { priceMinor: 5_000, active: false });
    const activated = await plain.post(`/specialist/session-types/${type.id}`, { intent: "activate" }, { cookie });
    expect(activated.headers.get("location")).toContain("activated=1");
  });
});
