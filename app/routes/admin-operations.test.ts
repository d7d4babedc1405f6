import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { auditLog, notifications } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { paidConfirmed, record } from "../domain/notifications/notifications.test-support";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

/** An email the provider refused for good: failed, with the provider's words. */
async function given() {
  const customer = await createUser(database.db, { name: "Fay Failed", email: "fay@example.test" });
  await record(database.db, clock, paidConfirmed(customer.id, "booking-ops"));
  const [notice] = await database.db.select().from(notifications).where(eq(notifications.channel, "email"));
  await database.db
    .update(notifications)
    .set({ status: "failed", attempts: 1, lastError: "The from address does not match a verified Sender Identity" })
    .where(eq(notifications.id, notice!.id));
  const admin = await createUser(database.db, { role: "admin" });
  return {
    notice: notice!,
    adminCookie: await signedInCookie(database.db, admin.id, clock.now()),
    customerCookie: await signedInCookie(database.db, customer.id, clock.now()),
  };
}

const page = async (path: string, cookie: string) => visibleText(await (await app.get(path, { cookie })).text());
const statusOf = async (id: string) => (await database.db.select().from(notifications).where(eq(notifications.id, id)))[0]?.status;

describe("/admin/operations", () => {
  test("lists a failed notification with its error and counts; Retry queues its delivery once and says so", async () => {
    const { notice, adminCookie } = await given();
    const before = await page("/admin/operations", adminCookie);
    expect(before).toContain("Failed notifications 1");
    expect(before).toContain("booking-paid-confirmed by email");
    expect(before).toContain("Error: The from address does not match a verified Sender Identity");

    const retried = await app.post("/admin/operations", { kind: "notification", id: notice.id }, { cookie: adminCookie });
    expect(retried.status).toBe(302);
    expect(retried.headers.get("location")).toBe("/admin/operations?done=notification");
    expect(app.enqueued).toEqual([{ type: "notification", notificationId: notice.id }]);
    expect(await statusOf(notice.id)).toBe("queued");
    const after = await page("/admin/operations?done=notification", adminCookie);
    expect(after).toContain("Retrying: the notification is being sent again.");
    expect(after).toContain("Failed notifications 0");

    const again = await app.post("/admin/operations", { kind: "notification", id: notice.id }, { cookie: adminCookie });
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain("It isn't failed any more");
    expect(await database.db.select().from(auditLog)).toHaveLength(1);
    expect(app.enqueued).toHaveLength(1);
  });

  test("bad input is a 400, an unknown id a 404, non-admins a 403; nothing is written", async () => {
    const { notice, adminCookie, customerCookie } = await given();
    expect((await app.post("/admin/operations", { kind: "refund", id: notice.id }, { cookie: adminCookie })).status).toBe(400);
    expect((await app.post("/admin/operations", { kind: "notification" }, { cookie: adminCookie })).status).toBe(400);
    expect((await app.post("/admin/operations", { kind: "job", id: "no-such-job" }, { cookie: adminCookie })).status).toBe(404);
    expect((await app.get("/admin/operations", { cookie: customerCookie })).status).toBe(403);
    expect((await app.post("/admin/operations", { kind: "notification", id: notice.id }, { cookie: customerCookie })).status).toBe(403);
    expect(await database.db.select().from(auditLog)).toEqual([]);
    expect(app.enqueued).toEqual([]);
    expect(await statusOf(notice.id)).toBe("failed");
  });
});
