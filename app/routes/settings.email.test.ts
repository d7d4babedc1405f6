import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { outboxEmails, users } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { deliverNotification, notify } from "../domain/notifications/notifications.server";
import { createOutboxMailer, createOutboxSmsSender } from "../integrations/mail/outbox-mailer.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const ada = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  password: "plum-ferry-quartz-71",
  role: "customer",
  timezone: "Europe/Berlin",
};
const reason = "550 5.1.1 The email account that you tried to reach does not exist.";

async function signedUpWithBouncedEmail() {
  const response = await app.post("/signup", ada);
  expect(response.status).toBe(302);
  // What the SendGrid webhook records for a hard bounce (see webhooks.sendgrid.test.ts).
  await database.db
    .update(users)
    .set({ emailBouncedAt: new Date("2026-05-30T08:15:00Z"), emailBounceReason: reason })
    .where(eq(users.email, ada.email));
  return response.headers.get("set-cookie")!;
}

let occurrence = 0;
async function emailNotification(userId: string) {
  occurrence += 1;
  const recorded = notify(
    { db: database.db, clock },
    {
      userId,
      kind: "payment-flagged",
      subject: { type: "booking", id: "booking-1" },
      occurrence: String(occurrence),
      payload: { bookingId: "booking-1", problem: "amount differs", refund: "€10.00" },
    },
  );
  await database.db.batch([recorded.statements[0]!, ...recorded.statements.slice(1)]);
  const id = (recorded.jobs[0]!.message as { notificationId: string }).notificationId;
  return deliverNotification(
    {
      db: database.db,
      clock,
      mailer: createOutboxMailer(database.db),
      sms: createOutboxSmsSender(database.db),
      origin: "http://localhost",
    },
    id,
  );
}

describe("email that bounced", () => {
  test("the email settings say which address bounced, when, why, and how to start email again", async () => {
    const cookie = await signedUpWithBouncedEmail();
    const html = await (await app.get("/settings/email", { cookie })).text();
    expect(html).toContain("stopped sending email to <!-- -->ada@example.com");
    // In the user's own zone (Berlin: UTC+2 in May).
    expect(html).toContain("Saturday 30 May 2026 at 10:15 (Berlin time)");
    expect(html).toContain(reason);
    expect(html).toContain("Change your address</a> to start email again.");
  });

  test("changing the address clears the bounce: the notice goes and email is sent again", async () => {
    const cookie = await signedUpWithBouncedEmail();
    const [before] = await database.db.select().from(users).where(eq(users.email, ada.email));
    expect(await emailNotification(before!.id)).toBe("skipped");

    const requested = await app.post("/settings/email", { newEmail: "ada@newmail.example", currentPassword: ada.password }, { cookie });
    expect(requested.status).toBe(302);
    const [confirmation] = await database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.to, "ada@newmail.example"))
      .orderBy(sql`rowid`);
    const link = /http:\/\/localhost(\/verify-email\?token=[a-z2-7]+\.[a-z2-7]+)/.exec(confirmation!.text)![1]!;
    const token = new URL(link, "http://localhost").searchParams.get("token")!;
    expect((await app.post(link, { token }, { cookie })).headers.get("location")).toBe("/verify-email?confirmed=new-email");

    const [after] = await database.db.select().from(users).where(eq(users.id, before!.id));
    expect(after).toMatchObject({ email: "ada@newmail.example", emailBouncedAt: null, emailBounceReason: null });
    expect(await emailNotification(after!.id)).toBe("sent");

    const login = await app.post("/login", { email: "ada@newmail.example", password: ada.password });
    const html = await (await app.get("/settings/email", { cookie: login.headers.get("set-cookie") })).text();
    expect(html).toContain("ada@newmail.example");
    expect(html).not.toContain("stopped sending email");
  });
});
