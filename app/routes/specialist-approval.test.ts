import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createUser } from "../../db/factories";
import { auditLog, availabilityWindows, notifications, specialists } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { publishProfile, saveProfile } from "../domain/specialists/profile.server";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

/** A specialist who set everything up and published, as the practice pages would; pending approval. */
async function given() {
  const user = await createUser(database.db, { role: "specialist", name: "Nora Newcomer" });
  const saved = await saveProfile({ db: database.db, clock }, user.id, {
    displayName: "Nora Newcomer",
    slug: "nora-newcomer",
    headline: "Negotiation coaching for first-time managers",
    bio: "Ten years of **salary** talks.",
    specialties: ["career-coaching"],
    languages: ["en"],
    timezone: "Europe/Berlin",
  });
  if (!saved.ok) throw new Error(saved.message);
  const sessionType = await createSessionType(database.db, saved.specialistId, {
    title: "Offer review",
    currency: "EUR",
    priceMinor: 9_000,
  });
  await createSessionType(database.db, saved.specialistId, { title: "Group workshop", active: false });
  await database.db.insert(availabilityWindows).values({ specialistId: saved.specialistId, weekday: 1, startMinute: 540, endMinute: 720 });
  expect(await publishProfile(database.db, user.id)).toEqual({ ok: true });
  const admin = await createUser(database.db, { role: "admin", name: "Morgan Admin" });
  const customer = await createUser(database.db);
  return {
    id: saved.specialistId,
    preview: `/admin/specialists/${saved.specialistId}`,
    booking: `/s/nora-newcomer/book/${sessionType.id}`,
    specialistCookie: await signedInCookie(database.db, user.id, clock.now()),
    adminCookie: await signedInCookie(database.db, admin.id, clock.now()),
    customerCookie: await signedInCookie(database.db, customer.id, clock.now()),
  };
}

const page = async (path: string, cookie?: string) => visibleText(await (await app.get(path, { cookie })).text());
const approval = async (id: string) => (await database.db.query.specialists.findFirst({ where: eq(specialists.id, id) }))!.approval;

/** Whether customers meet the specialist: the directory, the profile, the sitemap and the booking page. */
async function listed(setup: Awaited<ReturnType<typeof given>>) {
  return {
    directory: (await page("/specialists")).includes("Nora Newcomer"),
    profile: (await app.get("/s/nora-newcomer")).status,
    sitemap: (await (await app.get("/sitemap.xml")).text()).includes("/s/nora-newcomer"),
    booking: (await app.get(setup.booking)).status,
  };
}
const unlisted = { directory: false, profile: 404, sitemap: false, booking: 404 };

describe("approving a new specialist", () => {
  test("pending → rejected with a reason → resubmitted → approved, and listed only at the end", async () => {
    const setup = await given();
    const { adminCookie, specialistCookie } = setup;
    expect(await listed(setup)).toEqual(unlisted);
    expect(await page("/specialist/profile", specialistCookie)).toContain("Waiting for approval:");
    expect(await page("/onboarding", specialistCookie)).toContain("Waiting for approval:");

    const queue = await page("/admin/specialists", adminCookie);
    expect(queue).toContain("Nora Newcomer Negotiation coaching for first-time managers Mon 1 Jun, 12:00");
    const preview = await page(setup.preview, adminCookie);
    // The public profile's own parts, with every session type and the weekly hours.
    expect(preview).toContain("Nora Newcomer Negotiation coaching for first-time managers");
    expect(preview).toContain("Ten years of salary talks.");
    expect(preview).toContain("Offer review: 60 min, €90");
    expect(preview).toContain("Group workshop: 60 min, $100 (draft, not bookable)");
    expect(preview).toContain("Weekly hours (Berlin) Monday 09:00–12:00");
    expect(preview).toContain("Published: approving lists it at once.");

    const rejected = await app.post(
      setup.preview,
      { intent: "reject", reason: "Please say who your clients are." },
      { cookie: adminCookie },
    );
    expect(rejected.headers.get("location")).toBe("/admin/specialists?done=reject");
    expect(await page("/admin/specialists", adminCookie)).toContain("Nothing waiting");
    expect(await page("/admin/specialists?show=rejected", adminCookie)).toContain("Please say who your clients are.");
    expect(await listed(setup)).toEqual(unlisted);
    const told = await page("/specialist/profile", specialistCookie);
    expect(told).toContain("Not approved: Please say who your clients are.");
    expect(told).toContain("Resubmit for review");
    expect(await page("/notifications", specialistCookie)).toContain("Your profile wasn't approved");

    clock.advance(60_000);
    const resubmitted = await app.post("/specialist/profile", { intent: "resubmit" }, { cookie: specialistCookie });
    expect(resubmitted.headers.get("location")).toBe("/specialist/profile?resubmitted=1");
    expect(await page("/specialist/profile?resubmitted=1", specialistCookie)).toContain(
      "Resubmitted: your profile is back with the admins",
    );
    expect(await page("/admin/specialists", adminCookie)).toContain("Nora Newcomer");
    expect(await page(setup.preview, adminCookie)).toContain("Previously not approved because: Please say who your clients are.");

    const approved = await app.post(setup.preview, { intent: "approve" }, { cookie: adminCookie });
    expect(approved.headers.get("location")).toBe("/admin/specialists?done=approve");
    expect(await listed(setup)).toEqual({ directory: true, profile: 200, sitemap: true, booking: 200 });
    expect(await page("/specialist/profile", specialistCookie)).toContain("Approved: an admin approved your profile.");
    expect(await page("/notifications", specialistCookie)).toContain("Your profile is approved");
    expect((await database.db.select().from(auditLog)).map((entry) => entry.action).sort()).toEqual([
      "specialist.approve",
      "specialist.reject",
    ]);
  });

  test("publishing while pending is allowed, and the page says it lists once approved", async () => {
    const setup = await given();
    await app.post("/specialist/profile", { intent: "unpublish" }, { cookie: setup.specialistCookie });
    const published = await app.post("/specialist/profile", { intent: "publish" }, { cookie: setup.specialistCookie });
    expect(published.headers.get("location")).toBe("/specialist/profile?published=1");
    const html = await page("/specialist/profile?published=1", setup.specialistCookie);
    expect(html).toContain("Your profile is published. It lists, and takes bookings, once an admin approves it.");
    expect(html).toContain("clients can book you once an admin approves it");
    expect(await listed(setup)).toEqual(unlisted);
  });
});

describe("refusals", () => {
  test("bad input is a 4xx with a clear message and writes nothing", async () => {
    const setup = await given();
    const { adminCookie } = setup;
    const noReason = await app.post(setup.preview, { intent: "reject", reason: " " }, { cookie: adminCookie });
    expect(noReason.status).toBe(400);
    expect(visibleText(await noReason.text())).toContain("Say why the profile isn't approved; the specialist will see it.");
    const tooLong = await app.post(setup.preview, { intent: "reject", reason: "x".repeat(1001) }, { cookie: adminCookie });
    expect(tooLong.status).toBe(400);
    expect(visibleText(await tooLong.text())).toContain("Keep the reason to 1,000 characters or fewer.");
    expect((await app.post(setup.preview, { intent: "publish" }, { cookie: adminCookie })).status).toBe(400);
    expect((await app.post("/admin/specialists/no-such-id", { intent: "approve" }, { cookie: adminCookie })).status).toBe(404);
    expect((await app.get("/admin/specialists/no-such-id", { cookie: adminCookie })).status).toBe(404);
    // The specialist can't resubmit what isn't rejected.
    expect((await app.post("/specialist/profile", { intent: "resubmit" }, { cookie: setup.specialistCookie })).status).toBe(409);
    expect(await approval(setup.id)).toBe("pending");
    expect(await database.db.select().from(auditLog)).toEqual([]);
    expect(await database.db.select().from(notifications)).toEqual([]);

    expect((await app.post(setup.preview, { intent: "approve" }, { cookie: adminCookie })).status).toBe(302);
    const again = await app.post(setup.preview, { intent: "approve" }, { cookie: adminCookie });
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain("This profile is already approved.");
    expect(await database.db.select().from(auditLog)).toHaveLength(1);
  });

  test("customers and specialists can't see the queue or decide", async () => {
    const setup = await given();
    for (const cookie of [setup.customerCookie, setup.specialistCookie]) {
      expect((await app.get("/admin/specialists", { cookie })).status).toBe(403);
      expect((await app.get(setup.preview, { cookie })).status).toBe(403);
      expect((await app.post(setup.preview, { intent: "approve" }, { cookie })).status).toBe(403);
      expect((await app.post(setup.preview, { intent: "reject", reason: "No." }, { cookie })).status).toBe(403);
    }
    expect(await approval(setup.id)).toBe("pending");
    expect(await database.db.select().from(auditLog)).toEqual([]);
  });
});
