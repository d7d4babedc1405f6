import { expect, test } from "@playwright/test";
import { logInWithDemoPassword } from "./helpers";
import { openDatabase } from "../db/client";
import { createSessionType, createSpecialist, createUser } from "../db/factories";
import { bookingEvents, bookings, notifications, payments } from "../db/schema";

const databaseUrl = "file:./.cache/e2e/specialistly.db";

/**
 * On the e2e server's database: a paid, confirmed booking next week, and its confirmation email
 * failed at the provider (as a refused send leaves it), with an error unique to this run.
 */
async function givenPaidBookingWithFailedEmail() {
  const handle = openDatabase({ url: databaseUrl });
  try {
    const { db } = handle;
    const suffix = `${Date.now()}-${process.pid}`;
    const customer = await createUser(db, { name: "Olive Ops", email: `olive-${suffix}@example.test`, timezone: "Asia/Tokyo" });
    const { specialist } = await createSpecialist(db, { displayName: "Sam Support", timezone: "Europe/Berlin" });
    const type = await createSessionType(db, specialist.id, { title: "Operations review", priceMinor: 8_000, currency: "EUR" });
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    startsAt.setUTCHours(9, 0, 0, 0);
    const endsAt = new Date(startsAt.getTime() + 3_600_000);
    const paidAt = new Date();
    const [booking] = await db
      .insert(bookings)
      .values({
        specialistId: specialist.id,
        customerId: customer.id,
        sessionTypeId: type.id,
        startsAt,
        endsAt,
        status: "confirmed",
        priceMinor: 8_000,
        feeMinor: 1_600,
        currency: "EUR",
        customerTimezone: "Asia/Tokyo",
        meetingUrl: "https://meet.jit.si/specialistly-ops",
      })
      .returning();
    const bookingId = booking!.id;
    const checkoutId = `cs_test_ops_${suffix}`;
    await db.insert(payments).values({
      bookingId,
      provider: "test",
      checkoutId,
      paymentId: `pi_test_ops_${suffix}`,
      amountMinor: 8_000,
      feeMinor: 1_600,
      currency: "EUR",
      status: "paid",
      kept: true,
      paidAt,
    });
    await db.insert(bookingEvents).values([
      { bookingId, fromStatus: null, toStatus: "pending_payment", actor: "customer", actorUserId: customer.id, at: paidAt },
      { bookingId, fromStatus: "pending_payment", toStatus: "confirmed", actor: "payment-provider", reason: "paid", at: paidAt },
    ]);
    const error = `SendGrid refused the message (${suffix})`;
    await db.insert(notifications).values({
      userId: customer.id,
      channel: "email",
      kind: "booking-paid-confirmed",
      subjectType: "booking",
      subjectId: bookingId,
      payload: {
        bookingId,
        specialistName: "Sam Support",
        otherPartyName: "Sam Support",
        otherPartyTimezone: "Europe/Berlin",
        sessionTitle: "Operations review",
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        sequence: 0,
        topic: "",
        changedAt: paidAt.toISOString(),
        amountMinor: 8_000,
        currency: "EUR",
        meetingUrl: "https://meet.jit.si/specialistly-ops",
      },
      status: "failed",
      attempts: 1,
      lastError: error,
      sendAt: paidAt,
    });
    return { customerEmail: customer.email, bookingId, checkoutId, error };
  } finally {
    handle.close();
  }
}

test("an admin finds a booking by its customer's email, reads its payment and history, then retries its failed email from Operations", async ({
  page,
}) => {
  const { customerEmail, bookingId, checkoutId, error } = await givenPaidBookingWithFailedEmail();
  await logInWithDemoPassword(page, "admin@demo.specialistly.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  const adminNav = page.getByRole("navigation", { name: "Admin" });
  await adminNav.getByRole("link", { name: "Bookings" }).click();
  await expect(page.getByRole("heading", { name: "Bookings" })).toBeVisible();

  await page.getByLabel("Customer email").fill(customerEmail.slice(0, -6));
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row").filter({ hasText: customerEmail });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Operations review");
  await row.getByRole("link").click();

  await expect(page).toHaveURL(new RegExp(`/admin/bookings/${bookingId}$`));
  await expect(page.getByRole("heading", { name: "Operations review · Confirmed" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Booking" })).toContainText("The customer's time (Tokyo)");
  const paymentsSection = page.getByRole("region", { name: "Payments" });
  await expect(paymentsSection).toContainText("paid, kept");
  await expect(paymentsSection).toContainText(checkoutId);
  await expect(paymentsSection).toContainText("€80");
  const history = page.getByRole("region", { name: "History" });
  await expect(history.getByRole("row").filter({ hasText: "payment-provider" })).toContainText("Confirmed");
  await expect(page.getByRole("region", { name: "Notifications" })).toContainText(error);

  await adminNav.getByRole("link", { name: "Operations" }).click();
  await expect(page.getByRole("heading", { name: "Operations" })).toBeVisible();
  const failed = page.getByRole("listitem").filter({ hasText: error });
  await expect(failed).toContainText("booking-paid-confirmed by email");
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByText("Retrying: the notification is being sent again.")).toBeVisible();
  await expect(page.getByText(error)).toHaveCount(0);

  // The queue's poller delivers it: the booking's record shows the email sent.
  await page.goto(`/admin/bookings/${bookingId}`);
  const notice = page.getByRole("region", { name: "Notifications" }).getByRole("row").filter({ hasText: "booking-paid-confirmed" });
  await expect(async () => {
    await page.reload();
    await expect(notice).toContainText("sent", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Admin actions" })).toContainText("notification.retry");
});
