import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../db/factories";
import { availabilityWindows, bookings, payments, webhookEndpoints } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { createSession } from "../domain/auth/sessions.server";

/**
 * Every route's loader (GET) and action (POST), with the answer each kind of visitor must get.
 * "otherCustomer" acts on the first customer's resources. A route missing here fails the test.
 */
type Persona = "anonymous" | "customer" | "otherCustomer" | "specialist" | "admin";
const personas: readonly Persona[] = ["anonymous", "customer", "otherCustomer", "specialist", "admin"];

/** ok: served (2xx, or 400/3xx for a form it accepted to look at); login: sent to /login; home: sent to /. */
type Outcome = "ok" | "login" | "home" | "forbidden" | "notFound" | "conflict";
type Expectations = Record<Persona, Outcome>;

interface Fixtures {
  specialistSlug: string;
  specialistId: string;
  sessionTypeId: string;
  /** A confirmed future booking of the customer persona with the specialist persona. */
  bookingId: string;
  /** A paid booking of the customer persona, waiting for payment with a live hold. */
  pendingBookingId: string;
  /** A confirmed booking of the customer persona whose payment was kept: it has a receipt. */
  paidBookingId: string;
  /** The customer persona's user id. */
  customerId: string;
  /** A webhook endpoint of the specialist persona, and a platform one. */
  webhookEndpointId: string;
  platformWebhookEndpointId: string;
}

interface Entry {
  path: (fixtures: Fixtures) => string;
  get?: Expectations;
  post?: Expectations;
  /** The POST's form fields, for an intent of a route's action (an empty form when unset). */
  body?: Record<string, string>;
}

const everyone = (outcome: Outcome): Expectations => ({
  anonymous: outcome,
  customer: outcome,
  otherCustomer: outcome,
  specialist: outcome,
  admin: outcome,
});
const signedIn: Expectations = { ...everyone("ok"), anonymous: "login" };
const bookingParties: Expectations = {
  anonymous: "login",
  customer: "ok",
  otherCustomer: "notFound",
  specialist: "ok",
  admin: "notFound",
};
/** Receipts: the booking's parties, and admins. */
const bookingPartiesAndAdmins: Expectations = { ...bookingParties, admin: "ok" };
const specialistOnly: Expectations = { ...everyone("forbidden"), anonymous: "login", specialist: "ok" };
const anonymousOnly: Expectations = { ...everyone("home"), anonymous: "ok" };

export const authorizationMatrix: Record<string, Entry> = {
  root: { path: () => "/", get: everyone("ok") },
  "routes/_index": { path: () => "/", get: everyone("ok") },
  "routes/$": { path: () => "/no-such-page", get: everyone("notFound") },
  "routes/healthz": { path: () => "/healthz", get: everyone("ok") },
  "routes/robots[.]txt": { path: () => "/robots.txt", get: everyone("ok") },
  "routes/sitemap[.]xml": { path: () => "/sitemap.xml", get: everyone("ok") },
  "routes/specialists": { path: () => "/specialists", get: everyone("ok") },
  "routes/s.$slug": { path: (f) => `/s/${f.specialistSlug}`, get: everyone("ok") },
  "routes/s.$slug_.book.$sessionTypeId": {
    path: (f) => `/s/${f.specialistSlug}/book/${f.sessionTypeId}`,
    get: everyone("ok"),
    post: signedIn,
  },
  "routes/api.docs": { path: () => "/api/docs", get: everyone("ok") },
  "routes/time-zones": { path: () => "/time-zones?back=/specialists", get: everyone("ok") },
  "routes/bookings._index": { path: () => "/bookings", get: signedIn },
  "routes/bookings.$id": { path: (f) => `/bookings/${f.bookingId}`, get: bookingParties, post: bookingParties },
  // The session section's intents (session-page.test.ts covers them in depth): only the specialist.
  ...Object.fromEntries(
    (
      [
        ["save-note", { visibility: "shared", body: "Matrix note" }, "ok"],
        ["share-recording", { recordingId: "no-such-recording" }, "ok"],
        ["unshare-recording", { recordingId: "no-such-recording" }, "ok"],
        // The fixture booking hasn't started: the specialist is told it's too early.
        ["mark-customer-no-show", {}, "conflict"],
      ] satisfies [string, Record<string, string>, Outcome][]
    ).map(([intent, fields, specialist]): [string, Entry] => [
      `routes/bookings.$id (intent ${intent})`,
      {
        path: (f) => `/bookings/${f.bookingId}`,
        post: { ...bookingParties, customer: "forbidden", specialist },
        body: { intent, ...fields },
      },
    ]),
  ),
  "routes/bookings.$id.ics": { path: (f) => `/bookings/${f.bookingId}/ics`, get: bookingParties },
  "routes/bookings.$id.reschedule": {
    path: (f) => `/bookings/${f.bookingId}/reschedule`,
    get: bookingParties,
    post: bookingParties,
  },
  "routes/bookings.$id.review": { path: (f) => `/bookings/${f.bookingId}/review`, get: bookingParties, post: bookingParties },
  "routes/bookings.$id.pay": {
    path: (f) => `/bookings/${f.pendingBookingId}/pay`,
    get: { ...bookingParties, specialist: "notFound" },
    post: { ...bookingParties, specialist: "notFound" },
  },
  "routes/bookings.$id_.receipt": { path: (f) => `/bookings/${f.paidBookingId}/receipt`, get: bookingPartiesAndAdmins },
  "routes/pay.test.$checkoutId": { path: () => "/pay/test/cs_test_none", get: everyone("notFound"), post: everyone("notFound") },
  // Without a valid signature every caller gets 400 (counted as "ok": the route answered, nothing was stored).
  "routes/webhooks.test-payments": { path: () => "/webhooks/test-payments", post: everyone("ok") },
  // Off without their providers' settings (as here); signed requests are tested in their own files.
  "routes/webhooks.sendgrid": { path: () => "/webhooks/sendgrid", post: everyone("notFound") },
  "routes/webhooks.twilio.status": { path: () => "/webhooks/twilio/status", post: everyone("notFound") },
  "routes/webhooks.twilio.inbound": { path: () => "/webhooks/twilio/inbound", post: everyone("notFound") },
  "routes/webhooks.stripe": { path: () => "/webhooks/stripe", post: everyone("notFound") },
  "routes/webhooks.zoom": { path: () => "/webhooks/zoom", post: everyone("notFound") },
  // The API takes bearer tokens only (a session cookie grants nothing there); its operations have their own tests (app/api/v1).
  "routes/api.v1.$": { path: () => "/api/v1/openapi.json", get: everyone("ok"), post: everyone("notFound") },
  "routes/avatars.$slug": { path: (f) => `/avatars/${f.specialistSlug}`, get: everyone("ok") },
  "routes/signup": { path: () => "/signup", get: anonymousOnly, post: anonymousOnly },
  "routes/login": { path: () => "/login", get: anonymousOnly, post: anonymousOnly },
  "routes/logout": { path: () => "/logout", get: everyone("home"), post: everyone("home") },
  "routes/verify-email": { path: () => "/verify-email", get: everyone("ok"), post: everyone("ok") },
  "routes/verify-email.resend": {
    path: () => "/verify-email/resend",
    get: everyone("ok"),
    post: { ...everyone("ok"), anonymous: "login" },
  },
  "routes/forgot-password": { path: () => "/forgot-password", get: everyone("ok"), post: everyone("ok") },
  "routes/reset-password": { path: () => "/reset-password", get: everyone("ok"), post: everyone("ok") },
  "routes/reset-password_.done": { path: () => "/reset-password/done", get: everyone("ok") },
  "routes/dev.outbox": { path: () => "/dev/outbox", get: everyone("notFound") },
  "routes/auth.google": { path: () => "/auth/google", get: everyone("notFound"), post: everyone("notFound") },
  "routes/auth.google_.callback": { path: () => "/auth/google/callback", get: everyone("notFound") },
  "routes/settings": { path: () => "/settings", get: signedIn },
  "routes/settings._index": { path: () => "/settings?index", get: signedIn, post: signedIn },
  "routes/settings.email": { path: () => "/settings/email", get: signedIn, post: signedIn },
  "routes/settings.password": { path: () => "/settings/password", get: signedIn, post: signedIn },
  "routes/settings.sessions": { path: () => "/settings/sessions", get: signedIn, post: signedIn },
  "routes/settings.data": { path: () => "/settings/data", get: signedIn, post: signedIn },
  "routes/settings.data.export": { path: () => "/settings/data/export", get: signedIn },
  "routes/settings.notifications": { path: () => "/settings/notifications", get: signedIn, post: signedIn },
  // An empty POST is a 400 (the route answered; nothing was written).
  "routes/settings.calendar": { path: () => "/settings/calendar", get: signedIn, post: signedIn },
  // An empty POST is a 400 (the route answered; nothing was written).
  "routes/settings.api": { path: () => "/settings/api", get: signedIn, post: signedIn },
  // No sign-in: the token in the file name is the credential; an unknown one is a 404 for everyone.
  "routes/calendar-feed.$file": { path: () => "/calendar-feed/unknown.ics", get: everyone("notFound") },
  "routes/notifications": { path: () => "/notifications", get: signedIn, post: signedIn },
  // Another user's notification answers like one that doesn't exist (center.test.ts and notifications.test.ts).
  "routes/notifications_.$id": { path: () => "/notifications/not-yours", get: { ...everyone("notFound"), anonymous: "login" } },
  // No sign-in: the notification id in the link is the credential. An empty POST is a 400.
  "routes/unsubscribe.$id": { path: () => "/unsubscribe/unknown", get: everyone("notFound"), post: everyone("ok") },
  "routes/specialist": { path: () => "/specialist", get: specialistOnly },
  "routes/specialist.profile": { path: () => "/specialist/profile", get: specialistOnly, post: specialistOnly },
  "routes/specialist.session-types": { path: () => "/specialist/session-types", get: specialistOnly, post: specialistOnly },
  "routes/specialist.session-types.$id": {
    path: (f) => `/specialist/session-types/${f.sessionTypeId}`,
    get: specialistOnly,
    post: specialistOnly,
  },
  "routes/specialist.rules": { path: () => "/specialist/rules", get: specialistOnly, post: specialistOnly },
  "routes/specialist.calendar": { path: () => "/specialist/calendar", get: specialistOnly },
  "routes/specialist.availability": { path: () => "/specialist/availability", get: specialistOnly, post: specialistOnly },
  "routes/specialist.earnings": { path: () => "/specialist/earnings", get: specialistOnly },
  "routes/specialist.earnings[.]csv": { path: () => "/specialist/earnings.csv", get: specialistOnly },
  "routes/specialist.payouts": { path: () => "/specialist/payouts", get: specialistOnly, post: specialistOnly },
  "routes/specialist.video": { path: () => "/specialist/video", get: specialistOnly, post: specialistOnly },
  // The busy-calendar form's resource route: GET goes back to /specialist/video.
  "routes/specialist.video_.calendars": { path: () => "/specialist/video/calendars", get: specialistOnly, post: specialistOnly },
  // The test app has no Zoom settings, so the callback is not found even for specialists.
  "routes/specialist.video_.zoom.callback": {
    path: () => "/specialist/video/zoom/callback",
    get: { ...specialistOnly, specialist: "notFound" },
  },
  // Nor Google settings: the same.
  "routes/specialist.video_.google.callback": {
    path: () => "/specialist/video/google/callback",
    get: { ...specialistOnly, specialist: "notFound" },
  },
  "routes/admin": { path: () => "/admin", get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" } },
  "routes/admin._index": { path: () => "/admin", get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" } },
  "routes/admin.audit": { path: () => "/admin/audit", get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" } },
  "routes/admin.revenue": { path: () => "/admin/revenue", get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" } },
  // An empty POST is a 400 (the route answered; nothing was written).
  "routes/admin.users._index": { path: () => "/admin/users", get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" } },
  "routes/admin.users.$id": {
    path: (f) => `/admin/users/${f.customerId}`,
    get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
    post: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
  },
  "routes/admin.reviews": {
    path: () => "/admin/reviews",
    get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
    post: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
  },
  "routes/admin.bookings._index": { path: () => "/admin/bookings", get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" } },
  // An empty POST is a 400 (the route answered; nothing was written).
  "routes/admin.bookings.$id": {
    path: (f) => `/admin/bookings/${f.bookingId}`,
    get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
    post: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
  },
  // An empty POST is a 400 (the route answered; nothing was written).
  "routes/admin.operations": {
    path: () => "/admin/operations",
    get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
    post: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
  },
  "routes/admin.specialists._index": {
    path: () => "/admin/specialists",
    get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
  },
  // An admin's empty POST is a 400 (specialist-approval.test.ts covers real decisions).
  "routes/admin.specialists.$id": {
    path: (f) => `/admin/specialists/${f.specialistId}`,
    get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
    post: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
  },
  // Any signed-in user; an unknown review is a 404, an empty report a 400 (reports.test.ts covers real ones).
  "routes/reviews.$id.report": {
    path: () => "/reviews/no-such-review/report",
    get: { ...everyone("notFound"), anonymous: "login" },
    post: signedIn,
  },
  // An empty POST is a 400 (the route answered; nothing was written). Only the owner reaches an endpoint.
  "routes/specialist.webhooks._index": { path: () => "/specialist/webhooks", get: specialistOnly, post: specialistOnly },
  "routes/specialist.webhooks.$id": {
    path: (f) => `/specialist/webhooks/${f.webhookEndpointId}`,
    get: specialistOnly,
    post: specialistOnly,
  },
  "routes/admin.webhooks._index": {
    path: () => "/admin/webhooks",
    get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
    post: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
  },
  "routes/admin.webhooks.$id": {
    path: (f) => `/admin/webhooks/${f.platformWebhookEndpointId}`,
    get: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
    post: { ...everyone("forbidden"), anonymous: "login", admin: "ok" },
  },
  "routes/onboarding": {
    path: () => "/onboarding",
    get: { anonymous: "login", customer: "forbidden", otherCustomer: "forbidden", specialist: "ok", admin: "forbidden" },
  },
};

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let fixtures: Fixtures;
const userIds = new Map<Persona, string>();

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp({ db: database.db });
  const customer = await createUser(database.db, { role: "customer" });
  const otherCustomer = await createUser(database.db, { role: "customer" });
  const admin = await createUser(database.db, { role: "admin" });
  const { user: specialistUser, specialist } = await createSpecialist(database.db, { published: true, approval: "approved" });
  // A listed specialist: published, with an active session type and weekly hours.
  const sessionType = await createSessionType(database.db, specialist.id);
  await database.db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 1, startMinute: 540, endMinute: 1020 });
  const start = Date.now() + 10 * 24 * 3600_000;
  const [booking] = await database.db
    .insert(bookings)
    .values({
      specialistId: specialist.id,
      customerId: customer.id,
      sessionTypeId: sessionType.id,
      startsAt: new Date(start),
      endsAt: new Date(start + 3600_000),
      status: "confirmed",
      priceMinor: 0,
      currency: "USD",
      customerTimezone: "UTC",
      meetingUrl: "https://meet.jit.si/specialistly-fixture",
    })
    .returning();
  const pendingStart = start + 2 * 24 * 3600_000;
  const [pending] = await database.db
    .insert(bookings)
    .values({
      specialistId: specialist.id,
      customerId: customer.id,
      sessionTypeId: sessionType.id,
      startsAt: new Date(pendingStart),
      endsAt: new Date(pendingStart + 3600_000),
      status: "pending_payment",
      holdExpiresAt: new Date(Date.now() + 3600_000),
      priceMinor: 5000,
      feeMinor: 1000,
      currency: "USD",
      customerTimezone: "UTC",
    })
    .returning();
  const paidStart = start + 4 * 24 * 3600_000;
  const [paid] = await database.db
    .insert(bookings)
    .values({
      specialistId: specialist.id,
      customerId: customer.id,
      sessionTypeId: sessionType.id,
      startsAt: new Date(paidStart),
      endsAt: new Date(paidStart + 3600_000),
      status: "confirmed",
      priceMinor: 5000,
      feeMinor: 1000,
      currency: "USD",
      customerTimezone: "UTC",
    })
    .returning();
  await database.db.insert(payments).values({
    bookingId: paid!.id,
    provider: "test",
    checkoutId: "cs_test_matrix",
    paymentId: "pi_test_matrix",
    amountMinor: 5000,
    feeMinor: 1000,
    currency: "USD",
    status: "paid",
    kept: true,
    paidAt: new Date(),
    receiptNumber: 1,
  });
  fixtures = {
    specialistSlug: specialist.slug,
    specialistId: specialist.id,
    sessionTypeId: sessionType.id,
    bookingId: booking!.id,
    pendingBookingId: pending!.id,
    paidBookingId: paid!.id,
    customerId: customer.id,
    ...(await webhookEndpointFixtures(specialist.id, admin.id)),
  };
  userIds.set("customer", customer.id);
  userIds.set("otherCustomer", otherCustomer.id);
  userIds.set("specialist", specialistUser.id);
  userIds.set("admin", admin.id);
});

/** A fresh session per check, since some checks (log out, sign out everywhere) end it. */
async function cookieFor(persona: Persona) {
  const userId = userIds.get(persona);
  if (!userId) return null;
  const { token } = await createSession(database.db, userId, new Date());
  return `session=${token}`;
}

afterAll(() => database.cleanup());

async function webhookEndpointFixtures(specialistId: string, adminId: string) {
  const endpoint = { url: "https://hooks.example.com/in", secret: "whsec_c2VjcmV0", events: ["booking.created" as const] };
  const [own, platform] = await database.db
    .insert(webhookEndpoints)
    .values([
      { ...endpoint, specialistId },
      { ...endpoint, specialistId: null, createdBy: adminId },
    ])
    .returning({ id: webhookEndpoints.id });
  return { webhookEndpointId: own!.id, platformWebhookEndpointId: platform!.id };
}

function outcomeOf(response: Response): Outcome | `unexpected ${number}` {
  const location = response.headers.get("location");
  if (response.status >= 300 && response.status < 400 && location?.startsWith("/login")) return "login";
  if (response.status >= 300 && response.status < 400 && location === "/") return "home";
  if (response.status === 403) return "forbidden";
  if (response.status === 404) return "notFound";
  if (response.status === 409) return "conflict";
  if (response.status < 400 || response.status === 400) return "ok";
  return `unexpected ${response.status}`;
}

describe("authorization matrix", () => {
  test("every route with a loader or action has an entry", () => {
    const missing: string[] = [];
    for (const [id, route] of Object.entries(app.build.routes)) {
      const entry = authorizationMatrix[id];
      if (route.module.loader && !entry?.get) missing.push(`${id} (loader)`);
      if (route.module.action && !entry?.post) missing.push(`${id} (action)`);
    }
    expect(missing, "add these routes to authorizationMatrix").toEqual([]);
  });

  const cases = Object.entries(authorizationMatrix).flatMap(([id, entry]) =>
    (["get", "post"] as const).flatMap((method) =>
      entry[method] ? personas.map((persona) => ({ id, entry, method, persona, expected: entry[method]![persona] })) : [],
    ),
  );

  test.each(cases)("$method $id as $persona → $expected", async ({ entry, method, persona, expected }) => {
    const path = entry.path(fixtures);
    const cookie = await cookieFor(persona);
    const response = method === "get" ? await app.get(path, { cookie }) : await app.post(path, entry.body ?? {}, { cookie });
    expect(outcomeOf(response)).toBe(expected);
  });
});
