import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { notifications } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { runCronTask } from "../../../jobs/cron";
import {
  deleteNotification,
  listNotifications,
  markAllRead,
  markRead,
  notificationsPerPage,
  openNotification,
  unreadCount,
} from "./center.server";
import { paidConfirmed, record } from "./notifications.test-support";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock });
const origin = "https://app.example";

/** `count` in-app notifications for the user, a minute apart, the last one newest. */
async function given(userId: string, count: number, prefix = "b") {
  for (let i = 1; i <= count; i++) {
    await record(database.db, clock, paidConfirmed(userId, `${prefix}${i}`));
    clock.advance(60_000);
  }
}

async function inAppIds(userId: string) {
  const page = await listNotifications(context(), await userById(userId), 1, origin);
  return page.items.map((item) => item.id);
}

async function userById(id: string) {
  const user = await database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.id, id) });
  return user!;
}

describe("the bell and the list", () => {
  test("count only the user's own unread in-app notifications, newest first, rendered in the user's zone", async () => {
    const ada = await createUser(database.db, { timezone: "America/Los_Angeles" });
    const bob = await createUser(database.db);
    await given(ada.id, 3);
    await given(bob.id, 2);

    expect(await unreadCount(context(), ada.id)).toBe(3);
    expect(await unreadCount(context(), bob.id)).toBe(2);
    const page = await listNotifications(context(), ada, 1, origin);
    expect(page.items.map((item) => item.title)).toEqual([
      "Confirmed: Session b3 with Kenji Watanabe",
      "Confirmed: Session b2 with Kenji Watanabe",
      "Confirmed: Session b1 with Kenji Watanabe",
    ]);
    // 09:00 UTC is 02:00 in Los Angeles in June.
    expect(page.items[0]).toMatchObject({ body: "Wednesday 10 June 2026 at 02:00 (Los Angeles time)", href: "/bookings/b3", read: false });
    expect(page.unread).toBe(3);
  });

  test("pages hold 20, newest first, and say whether an older page exists", async () => {
    const ada = await createUser(database.db);
    await given(ada.id, notificationsPerPage + 3);
    const first = await listNotifications(context(), ada, 1, origin);
    const second = await listNotifications(context(), ada, 2, origin);
    const third = await listNotifications(context(), ada, 3, origin);
    expect(first.items).toHaveLength(20);
    expect(first.hasNext).toBe(true);
    expect(first.items[0]!.href).toBe("/bookings/b23");
    expect(second.items.map((item) => item.href)).toEqual(["/bookings/b3", "/bookings/b2", "/bookings/b1"]);
    expect(second.hasNext).toBe(false);
    expect(third.items).toEqual([]);
  });
});

describe("a user touches only their own notifications", () => {
  test("mark one read, mark all read and delete; someone else's id changes nothing", async () => {
    const ada = await createUser(database.db);
    const bob = await createUser(database.db);
    await given(ada.id, 3);
    await given(bob.id, 1, "x");
    const [newest, middle, oldest] = await inAppIds(ada.id);
    const [bobs] = await inAppIds(bob.id);

    expect(await markRead(context(), ada.id, middle!)).toBe(true);
    expect(await unreadCount(context(), ada.id)).toBe(2);
    // Marking it again is harmless and keeps the first reading time.
    const before = (await database.db.select().from(notifications).where(eq(notifications.id, middle!)))[0]!.readAt;
    clock.advance(60_000);
    expect(await markRead(context(), ada.id, middle!)).toBe(true);
    expect((await database.db.select().from(notifications).where(eq(notifications.id, middle!)))[0]!.readAt).toEqual(before);

    expect(await markRead(context(), ada.id, bobs!)).toBe(false);
    expect(await deleteNotification(context(), ada.id, bobs!)).toBe(false);
    expect(await openNotification(context(), ada, bobs!, origin)).toBeNull();
    expect(await markRead(context(), ada.id, "no-such-id")).toBe(false);
    expect(await unreadCount(context(), bob.id)).toBe(1);
    expect(await inAppIds(bob.id)).toEqual([bobs]);

    expect(await deleteNotification(context(), ada.id, oldest!)).toBe(true);
    expect(await inAppIds(ada.id)).toEqual([newest, middle]);
    expect(await unreadCount(context(), ada.id)).toBe(1);
    expect(await deleteNotification(context(), ada.id, oldest!)).toBe(false);

    expect(await markAllRead(context(), ada.id)).toBe(1);
    expect(await unreadCount(context(), ada.id)).toBe(0);
    expect(await unreadCount(context(), bob.id)).toBe(1);
  });

  test("opening a notification's link marks it read and leads to its subject", async () => {
    const ada = await createUser(database.db);
    await given(ada.id, 2);
    const [newest] = await inAppIds(ada.id);
    expect(await openNotification(context(), ada, newest!, origin)).toBe("/bookings/b2");
    expect(await unreadCount(context(), ada.id)).toBe(1);
  });

  test("a deleted notification stays gone when its event repeats", async () => {
    const ada = await createUser(database.db);
    await given(ada.id, 1);
    const [only] = await inAppIds(ada.id);
    await deleteNotification(context(), ada.id, only!);
    await record(database.db, clock, paidConfirmed(ada.id, "b1"));
    expect(await inAppIds(ada.id)).toEqual([]);
    expect(await unreadCount(context(), ada.id)).toBe(0);
  });
});

describe("the daily cleanup", () => {
  const day = 24 * 60 * 60_000;

  test("deletes in-app notifications read over 90 days ago and any notification over a year old", async () => {
    const ada = await createUser(database.db);
    const jobContext = { db: database.db, clock, queue: recordingQueue().queue };
    await record(database.db, clock, paidConfirmed(ada.id, "year-old")); // email + in-app, never read
    clock.advance(100 * day);
    await record(database.db, clock, paidConfirmed(ada.id, "read-long-ago"));
    await record(database.db, clock, paidConfirmed(ada.id, "read-lately"));
    await record(database.db, clock, paidConfirmed(ada.id, "unread"));
    await markRead(context(), ada.id, (await findInApp("read-long-ago"))!);
    clock.advance(230 * day);
    await markRead(context(), ada.id, (await findInApp("read-lately"))!);

    // Now the first is 366 days old; one was read 266 days ago, the other 36.
    clock.advance(36 * day);
    expect(await subjects()).toHaveLength(8);
    const tick = clock.now().getTime();
    const run = await runCronTask(jobContext, "prune-notifications", tick);
    expect(run).toEqual({ ran: true, result: { deleted: 3 } });
    expect(await subjects()).toEqual(
      ["email read-long-ago", "email read-lately", "email unread", "in_app read-lately", "in_app unread"].sort(),
    );

    // The same tick again does nothing; a day later nothing more is due.
    expect(await runCronTask(jobContext, "prune-notifications", tick)).toEqual({ ran: false });
    clock.advance(day);
    expect(await runCronTask(jobContext, "prune-notifications", clock.now().getTime())).toEqual({ ran: true, result: { deleted: 0 } });
  });

  async function findInApp(bookingId: string) {
    const rows = await database.db.select().from(notifications).where(eq(notifications.subjectId, bookingId));
    return rows.find((row) => row.channel === "in_app")?.id;
  }

  async function subjects() {
    const rows = await database.db.select().from(notifications);
    return rows.map((row) => `${row.channel} ${row.subjectId}`).sort();
  }
});
