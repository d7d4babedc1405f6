import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { notificationPreferences, notifications, users } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { decodeHtml, visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { createSession } from "../domain/auth/sessions.server";
import { paidConfirmed, record, reminder24h } from "../domain/notifications/notifications.test-support";

// The notification center, preferences and unsubscribe, through the real handler.

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let clock: ReturnType<typeof createTestClock>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

async function signedIn(overrides: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(database.db, { timezone: "Europe/Berlin", ...overrides });
  const { token } = await createSession(database.db, user.id, clock.now());
  return { user, cookie: `session=${token}` };
}

async function given(userId: string, count: number) {
  for (let i = 1; i <= count; i++) {
    await record(database.db, clock, paidConfirmed(userId, `${userId.slice(0, 4)}-b${i}`));
    clock.advance(60_000);
  }
}

async function inAppRows(userId: string) {
  const rows = await database.db.select().from(notifications).where(eq(notifications.userId, userId));
  return rows.filter((row) => row.channel === "in_app").sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

async function page(path: string, cookie?: string) {
  const response = await app.get(path, { cookie });
  return { status: response.status, html: decodeHtml(await response.text()), response };
}

/** The checkbox for one choice, as rendered. */
const checkbox = (html: string, value: string) => new RegExp(`<input type="checkbox"[^>]*value="${value}"[^>]*>`).exec(html)?.[0] ?? "";

const bellLabel = (html: string) => /aria-label="(Notifications, [^"]+)"/.exec(html)?.[1];

describe("the bell", () => {
  test("shows the signed-in user's unread count on every page, server-rendered", async () => {
    const { user, cookie } = await signedIn();
    const other = await createUser(database.db);
    await given(user.id, 3);
    await given(other.id, 5);
    for (const path of ["/", "/bookings", "/settings"]) {
      const { html } = await page(path, cookie);
      expect(bellLabel(html), path).toBe("Notifications, 3 unread");
    }
    const [newest] = await inAppRows(user.id);
    expect((await app.post("/notifications", { intent: "read", id: newest!.id }, { cookie })).status).toBe(302);
    expect(bellLabel((await page("/", cookie)).html)).toBe("Notifications, 2 unread");
    await app.post("/notifications", { intent: "read-all" }, { cookie });
    expect(bellLabel((await page("/", cookie)).html)).toBe("Notifications, none unread");
  });

  test("isn't there for visitors", async () => {
    expect(bellLabel((await page("/")).html)).toBeUndefined();
  });
});

describe("/notifications", () => {
  test("lists the user's notifications newest first, unread marked, 20 a page", async () => {
    const { user, cookie } = await signedIn();
    await given(user.id, 22);
    const first = await page("/notifications", cookie);
    expect(first.status).toBe(200);
    const text = visibleText(first.html);
    expect(text).toContain("22 unread");
    expect(text.indexOf(`Session ${user.id.slice(0, 4)}-b22`)).toBeLessThan(text.indexOf(`Session ${user.id.slice(0, 4)}-b21`));
    // In the user's zone: 09:00 UTC is 11:00 in Berlin.
    expect(text).toContain("Wednesday 10 June 2026 at 11:00 (Berlin time)");
    expect(first.html.match(/aria-label="Unread: /g)).toHaveLength(20);
    expect(first.html).toContain('href="/notifications?page=2"');

    const second = await page("/notifications?page=2", cookie);
    expect(visibleText(second.html)).toContain(`Session ${user.id.slice(0, 4)}-b1 `);
    expect(second.html.match(/aria-label="Unread: /g)).toHaveLength(2);
    expect(second.html).not.toContain('href="/notifications?page=3"');
  });

  test("a page that isn't a number is a 400; anonymous visitors go to log in", async () => {
    const { cookie } = await signedIn();
    expect((await page("/notifications?page=abc", cookie)).status).toBe(400);
    expect((await page("/notifications?page=0", cookie)).status).toBe(400);
    const anonymous = await app.get("/notifications");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Fnotifications/);
    expect((await app.post("/notifications", { intent: "read-all" })).status).toBe(302);
  });

  test("mark read, delete, and open act on the user's own notifications; another user's id is a 404 and changes nothing", async () => {
    const { user, cookie } = await signedIn();
    const { user: other } = await signedIn();
    await given(user.id, 2);
    await given(other.id, 1);
    const [theirs] = await inAppRows(other.id);
    for (const intent of ["read", "delete"]) {
      const response = await app.post("/notifications", { intent, id: theirs!.id }, { cookie });
      expect(response.status).toBe(404);
    }
    expect((await app.get(`/notifications/${theirs!.id}`, { cookie })).status).toBe(404);
    expect(await inAppRows(other.id)).toEqual([theirs]);

    const [newest, oldest] = await inAppRows(user.id);
    const opened = await app.get(`/notifications/${newest!.id}`, { cookie });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`/bookings/${user.id.slice(0, 4)}-b2`);
    expect((await inAppRows(user.id))[0]!.readAt).toEqual(clock.now());

    const deleted = await app.post("/notifications", { intent: "delete", id: oldest!.id, page: "1" }, { cookie });
    expect(deleted.headers.get("location")).toBe("/notifications");
    expect(visibleText((await page("/notifications", cookie)).html)).not.toContain(`Session ${user.id.slice(0, 4)}-b1`);
  });

  test("a request without a known intent is a 400", async () => {
    const { cookie } = await signedIn();
    expect((await app.post("/notifications", { intent: "explode" }, { cookie })).status).toBe(400);
    expect((await app.post("/notifications", { intent: "read" }, { cookie })).status).toBe(400);
  });
});

describe("/settings/notifications", () => {
  test("shows a choice per preference and channel; receipts' email is always on, with why", async () => {
    const { cookie } = await signedIn();
    const { status, html } = await page("/settings/notifications", cookie);
    expect(status).toBe(200);
    const text = visibleText(html);
    expect(text).toContain("Reminders before a session");
    expect(html.match(/<legend[^>]*>Reminders before a session</g)).toHaveLength(1);
    expect(text).toContain("receipts and cancellations always go by email");
    expect(checkbox(html, "booking-confirmed:email")).toMatch(/disabled="".*checked=""/);
    expect(checkbox(html, "reminders:email")).toMatch(/name="enabled".*checked=""/);
    expect(text).not.toContain("Payments that need review");
    expect((await page("/settings", cookie)).html).toContain('href="/settings/notifications"');
  });

  test("saves the ticked choices", async () => {
    const { user, cookie } = await signedIn();
    const response = await app.post("/settings/notifications", { intent: "preferences", enabled: "reminders:in_app" }, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/settings/notifications?saved=preferences");
    const stored = await database.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.id));
    expect(
      stored
        .filter((row) => row.kind === "reminders")
        .map((row) => [row.channel, row.enabled])
        .sort(),
    ).toEqual([
      ["email", false],
      ["in_app", true],
      ["sms", false],
    ]);
    const { html } = await page("/settings/notifications?saved=preferences", cookie);
    expect(checkbox(html, "reminders:in_app")).toContain('checked=""');
    expect(checkbox(html, "reminders:email")).not.toContain('checked=""');
    const refused = await app.post("/settings/notifications", { intent: "preferences", enabled: "booking-confirmed:email" }, { cookie });
    expect(refused.status).toBe(400);
  });

  test("stores a valid mobile number in E.164 with the opt-in; an invalid one gets a field error and changes nothing", async () => {
    const { user, cookie } = await signedIn();
    const saved = await app.post(
      "/settings/notifications",
      { intent: "phone", country: "DE", phone: "01512 3456789", smsOptIn: "on" },
      { cookie },
    );
    expect(saved.status).toBe(302);
    let [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ phone: "+4915123456789", smsOptInAt: clock.now() });
    expect(visibleText((await page("/settings/notifications", cookie)).html)).toContain("+49 1512 3456789");

    const invalid = await app.post("/settings/notifications", { intent: "phone", country: "DE", phone: "123", smsOptIn: "on" }, { cookie });
    expect(invalid.status).toBe(400);
    const html = decodeHtml(await invalid.text());
    expect(visibleText(html)).toContain("That isn't a mobile number in Germany we can text");
    expect(html).toMatch(/<input[^>]*aria-invalid="true"[^>]*name="phone"|<input[^>]*name="phone"[^>]*aria-invalid="true"/);
    [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.phone).toBe("+4915123456789");
  });

  test("says when email has stopped after a bounce, and why", async () => {
    const { cookie } = await signedIn({
      email: "gone@example.com",
      emailBouncedAt: new Date("2026-05-30T10:00:00Z"),
      emailBounceReason: "550 mailbox unavailable",
    });
    const text = visibleText((await page("/settings/notifications", cookie)).html);
    expect(text).toContain("We've stopped sending email to gone@example.com");
    expect(text).toContain("550 mailbox unavailable");
  });
});

describe("/unsubscribe/:id", () => {
  async function reminderEmail() {
    const user = await createUser(database.db, { email: "ada@example.com" });
    await record(database.db, clock, reminder24h(user.id, "r1", "2026-06-03T09:00:00.000Z"));
    const [email] = await database.db.select().from(notifications).where(eq(notifications.channel, "email"));
    return { user, id: email!.id };
  }

  async function remindersByEmail(userId: string) {
    const [row] = await database.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
    return row ? row.enabled : true;
  }

  test("GET only asks, without signing in", async () => {
    const { user, id } = await reminderEmail();
    const { status, html } = await page(`/unsubscribe/${id}`);
    expect(status).toBe(200);
    expect(visibleText(html)).toContain("Stop emails about “Reminders before a session” to a•••@example.com?");
    expect(await remindersByEmail(user.id)).toBe(true);
  });

  test("the page's button turns reminder emails off", async () => {
    const { user, id } = await reminderEmail();
    const response = await app.post(`/unsubscribe/${id}`, { intent: "unsubscribe" });
    expect(response.status).toBe(200);
    expect(visibleText(decodeHtml(await response.text()))).toContain(
      "we won't email a•••@example.com about “Reminders before a session” any more",
    );
    expect(await remindersByEmail(user.id)).toBe(false);
  });

  test.each([
    ["URL-encoded", () => new URLSearchParams({ "List-Unsubscribe": "One-Click" })],
    [
      "multipart",
      () => {
        const form = new FormData();
        form.set("List-Unsubscribe", "One-Click");
        return form;
      },
    ],
  ])("a mail client's one-click POST from another site works (%s, RFC 8058)", async (_, body) => {
    const { user, id } = await reminderEmail();
    const response = await app.request(`/unsubscribe/${id}`, { method: "POST", body: body(), headers: { "sec-fetch-site": "cross-site" } });
    expect(response.status).toBe(200);
    expect(await remindersByEmail(user.id)).toBe(false);
  });

  test("other paths keep their CSRF protection", async () => {
    const { cookie } = await signedIn();
    const response = await app.post(
      "/settings/notifications",
      { intent: "preferences" },
      { cookie, headers: { "sec-fetch-site": "cross-site" } },
    );
    expect(response.status).toBe(403);
  });

  test("an unknown id is a 404 page; a POST without the one-click field is a 400", async () => {
    const { user, id } = await reminderEmail();
    const unknown = await page("/unsubscribe/not-a-notification");
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain("<html");
    expect((await app.post("/unsubscribe/not-a-notification", { "List-Unsubscribe": "One-Click" })).status).toBe(404);
    expect((await app.post(`/unsubscribe/${id}`, { something: "else" })).status).toBe(400);
    expect(await remindersByEmail(user.id)).toBe(true);
  });
});
