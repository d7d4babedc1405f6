import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { notifications, users } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { paidConfirmed, record, reminder24h } from "./notifications.test-support";
import { getNotificationSettings, savePhone, savePreferences, unsubscribe, unsubscribeTarget } from "./preferences.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock });

async function channelsWritten(userId: string, bookingId: string) {
  const rows = await database.db.select().from(notifications).where(eq(notifications.userId, userId));
  return rows
    .filter((row) => row.subjectId === bookingId)
    .map((row) => row.channel)
    .sort();
}

async function userRow(id: string) {
  const [row] = await database.db.select().from(users).where(eq(users.id, id));
  return row!;
}

describe("preferences", () => {
  test("one entry per preference, with each channel its kinds use; required channels are always on and say why", async () => {
    const customer = await createUser(database.db);
    const { groups } = await getNotificationSettings(database.db, customer.id, "customer");
    const labels = groups.map((group) => group.label);
    // The 24 h and 1 h reminders share one preference; admins' kinds are not offered to customers.
    expect(labels.filter((label) => label === "Reminders before a session")).toHaveLength(1);
    expect(labels).not.toContain("Payments that need review (admins)");
    const reminders = groups.find((group) => group.key === "reminders")!;
    expect(reminders.channels).toEqual([
      { channel: "email", required: null, enabled: true },
      { channel: "sms", required: null, enabled: true },
      { channel: "in_app", required: null, enabled: true },
    ]);
    const receipts = groups.find((group) => group.key === "booking-confirmed")!;
    expect(receipts.channels[0]).toEqual({ channel: "email", required: "Receipts and cancellations always go by email.", enabled: true });

    const admin = await createUser(database.db, { role: "admin" });
    const adminLabels = (await getNotificationSettings(database.db, admin.id, "admin")).groups.map((group) => group.label);
    expect(adminLabels).toContain("Payments that need review (admins)");
  });

  test("what a user turns off is no longer sent; what stays ticked and required channels still are", async () => {
    const ada = await createUser(database.db);
    const saved = await savePreferences(context(), ada.id, "customer", ["reminders:sms", "reminders:in_app"]);
    expect(saved).toEqual({ ok: true });

    const { groups } = await getNotificationSettings(database.db, ada.id, "customer");
    expect(groups.find((group) => group.key === "reminders")!.channels.map((choice) => choice.enabled)).toEqual([false, true, true]);
    // Unticked in the same form: the in-app copy of a receipt; its email can't be turned off.
    expect(groups.find((group) => group.key === "booking-confirmed")!.channels.map((choice) => choice.enabled)).toEqual([true, false]);

    await record(database.db, clock, reminder24h(ada.id, "r1", "2026-06-03T09:00:00.000Z"));
    await record(database.db, clock, paidConfirmed(ada.id, "p1"));
    // No phone yet, so no text either.
    expect(await channelsWritten(ada.id, "r1")).toEqual(["in_app"]);
    expect(await channelsWritten(ada.id, "p1")).toEqual(["email"]);
  });

  test("a required channel or an unknown choice is refused and nothing is saved", async () => {
    const ada = await createUser(database.db);
    for (const value of ["booking-confirmed:email", "made-up:email", "payment-flagged:email"]) {
      const result = await savePreferences(context(), ada.id, "customer", ["reminders:sms", value]);
      expect(result.ok).toBe(false);
    }
    const { groups } = await getNotificationSettings(database.db, ada.id, "customer");
    expect(groups.every((group) => group.channels.every((choice) => choice.enabled))).toBe(true);
  });
});

describe("phone number and text messages", () => {
  test("a number typed in its country's format is stored in E.164; opting in lets reminders go by text", async () => {
    const ada = await createUser(database.db);
    expect(await savePhone(context(), ada.id, { phone: "01512 3456789", country: "DE", smsOptIn: true })).toEqual({ ok: true });
    const row = await userRow(ada.id);
    expect(row.phone).toBe("+4915123456789");
    expect(row.smsOptInAt).toEqual(clock.now());
    await record(database.db, clock, reminder24h(ada.id, "r1", "2026-06-03T09:00:00.000Z"));
    expect(await channelsWritten(ada.id, "r1")).toEqual(["email", "in_app", "sms"]);
  });

  test("an international number needs no country; a number that can't be texted, or no country, is refused and nothing changes", async () => {
    const ada = await createUser(database.db);
    expect(await savePhone(context(), ada.id, { phone: "+44 7911 123456", country: null, smsOptIn: false })).toEqual({ ok: true });
    expect((await userRow(ada.id)).phone).toBe("+447911123456");

    const refusals = [
      { phone: "12345", country: "GB" },
      { phone: "not a number", country: "US" },
      { phone: "07911 123457", country: null },
      // A London landline: it can't receive texts.
      { phone: "020 7946 0958", country: "GB" },
    ];
    for (const input of refusals) {
      const result = await savePhone(context(), ada.id, { ...input, smsOptIn: true });
      expect(result).toMatchObject({ ok: false, field: "phone" });
    }
    const row = await userRow(ada.id);
    expect(row.phone).toBe("+447911123456");
    expect(row.smsOptInAt).toBeNull();
  });

  test("after a STOP reply, ticking the box again opts back in; unticking it stops texts", async () => {
    const ada = await createUser(database.db);
    await savePhone(context(), ada.id, { phone: "+447911123456", country: null, smsOptIn: true });
    await database.db.update(users).set({ smsOptedOutAt: clock.now() }).where(eq(users.id, ada.id));
    expect((await getNotificationSettings(database.db, ada.id, "customer")).smsOptedIn).toBe(false);

    clock.advance(60_000);
    await savePhone(context(), ada.id, { phone: "+447911123456", country: null, smsOptIn: true });
    let row = await userRow(ada.id);
    expect(row.smsOptedOutAt).toBeNull();
    expect(row.smsOptInAt).toEqual(clock.now());

    await savePhone(context(), ada.id, { phone: "+447911123456", country: null, smsOptIn: false });
    row = await userRow(ada.id);
    expect(row.smsOptInAt).toBeNull();
    await record(database.db, clock, reminder24h(ada.id, "r1", "2026-06-03T09:00:00.000Z"));
    expect(await channelsWritten(ada.id, "r1")).toEqual(["email", "in_app"]);
  });

  test("an empty number removes it; opting in without one is refused", async () => {
    const ada = await createUser(database.db);
    await savePhone(context(), ada.id, { phone: "+447911123456", country: null, smsOptIn: true });
    expect(await savePhone(context(), ada.id, { phone: "", country: null, smsOptIn: true })).toMatchObject({ ok: false, field: "phone" });
    expect((await userRow(ada.id)).phone).toBe("+447911123456");
    expect(await savePhone(context(), ada.id, { phone: " ", country: null, smsOptIn: false })).toEqual({ ok: true });
    const row = await userRow(ada.id);
    expect(row.phone).toBeNull();
    expect(row.smsOptInAt).toBeNull();
  });
});

describe("one-click unsubscribe", () => {
  test("turns off email for the notification's preference, for its recipient only", async () => {
    const ada = await createUser(database.db, { email: "ada@example.com" });
    const bob = await createUser(database.db);
    await record(database.db, clock, reminder24h(ada.id, "r1", "2026-06-03T09:00:00.000Z"));
    const [email] = await database.db.select().from(notifications).where(eq(notifications.channel, "email"));

    expect(await unsubscribeTarget(database.db, email!.id)).toEqual({
      label: "Reminders before a session",
      maskedEmail: "a•••@example.com",
      alreadyOff: false,
    });
    expect(await unsubscribe(context(), email!.id)).toMatchObject({ alreadyOff: true });
    const reminders = (await getNotificationSettings(database.db, ada.id, "customer")).groups.find((group) => group.key === "reminders")!;
    expect(reminders.channels.map((choice) => [choice.channel, choice.enabled])).toEqual([
      ["email", false],
      ["sms", true],
      ["in_app", true],
    ]);
    const bobs = (await getNotificationSettings(database.db, bob.id, "customer")).groups.find((group) => group.key === "reminders")!;
    expect(bobs.channels.every((choice) => choice.enabled)).toBe(true);
    // The 1 h reminder follows the same preference.
    await record(database.db, clock, reminder24h(ada.id, "r2", "2026-06-04T09:00:00.000Z", "reminder-1h"));
    expect(await channelsWritten(ada.id, "r2")).toEqual(["in_app"]);
  });

  test("an unknown id, an in-app id, or a receipt's id unsubscribes from nothing", async () => {
    const ada = await createUser(database.db);
    await record(database.db, clock, paidConfirmed(ada.id, "p1"));
    await record(database.db, clock, reminder24h(ada.id, "r1", "2026-06-03T09:00:00.000Z"));
    const rows = await database.db.select().from(notifications);
    const receipt = rows.find((row) => row.kind === "booking-paid-confirmed" && row.channel === "email")!;
    const inApp = rows.find((row) => row.kind === "reminder-24h" && row.channel === "in_app")!;
    for (const id of ["unknown", receipt.id, inApp.id]) {
      expect(await unsubscribeTarget(database.db, id)).toBeNull();
      expect(await unsubscribe(context(), id)).toBeNull();
    }
    expect(
      (await getNotificationSettings(database.db, ada.id, "customer")).groups.every((group) =>
        group.channels.every((choice) => choice.enabled),
      ),
    ).toBe(true);
  });
});
