import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { specialists, webhookDeliveries, webhookEventTypes, type User, type WebhookEventType } from "../../../db/schema";
import type { JobMessage } from "../../../jobs/messages";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { givenSpecialist } from "../booking/booking.test-support";
import { cancelBooking, rescheduleBooking } from "../booking/change-booking.server";
import { createBooking } from "../booking/create-booking.server";
import { completeFinishedBookings } from "../booking/holds.server";
import { parseAppEnv } from "../../env.server";
import { startCheckout } from "../payments/checkout.server";
import { bookedStart, drain, givenPendingBooking, jobContext } from "../payments/payments.test-support";
import { receiveWebhook } from "../payments/webhooks.server";
import { submitReview } from "../reviews/reviews.server";
import { createEndpoint, setEndpointEnabled, type EndpointScope } from "./endpoints.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let customer: User;
let admin: User;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  customer = await createUser(database.db, { name: "Ada Customer" });
  admin = await createUser(database.db, { role: "admin" });
});
afterEach(() => database.cleanup());

const env = parseAppEnv({ NODE_ENV: "test" });
const context = () => ({ db: database.db, clock, queue: recordingQueue().queue, env });

async function endpoint(
  actorUserId: string,
  role: "specialist" | "admin",
  scope: EndpointScope,
  events: readonly WebhookEventType[] = webhookEventTypes,
) {
  const created = await createEndpoint(context(), { userId: actorUserId, role }, scope, {
    url: "https://hooks.example.com/in",
    description: null,
    events: [...events],
  });
  if (!created.ok) throw new Error(created.message);
  return created.endpoint;
}

async function freeSpecialist() {
  const given = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0, currency: "EUR" }] });
  await rebuildSlotsForSpecialist(context(), given.specialist.id);
  return given;
}

async function book(sessionTypeId: string, startsAt: string) {
  const result = await createBooking(context(), {
    customerId: customer.id,
    sessionTypeId,
    startsAt: new Date(startsAt),
    topic: "",
    customerTimezone: "UTC",
  });
  if (!result.ok) throw new Error(result.message);
  return result.booking;
}

async function deliveriesTo(endpointId: string) {
  const rows = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.eventType.localeCompare(b.eventType));
}

describe("booking and review events", () => {
  test("a free booking's life reaches its specialist's endpoint as signed-to-be deliveries with the booking as a client sees it", async () => {
    const { user, specialist, types } = await freeSpecialist();
    const own = await endpoint(user.id, "specialist", "specialist");
    const booking = await book(types[0]!.id, "2026-06-03T09:00:00Z");

    const created = await deliveriesTo(own.id);
    expect(created.map((delivery) => delivery.eventType).sort()).toEqual(["booking.confirmed", "booking.created"]);
    expect(created.every((delivery) => delivery.status === "pending" && delivery.id.startsWith("msg_"))).toBe(true);
    expect(created[0]!.payload).toEqual({
      type: created[0]!.eventType,
      timestamp: "2026-06-01T12:00:00.000Z",
      data: {
        id: booking.id,
        status: "confirmed",
        startsAt: "2026-06-03T09:00:00.000Z",
        endsAt: "2026-06-03T10:00:00.000Z",
        specialist: { id: specialist.id, slug: specialist.slug, name: specialist.displayName },
        sessionType: { id: types[0]!.id, title: types[0]!.title },
        price: { amount: 0, currency: "EUR" },
        customer: { name: "Ada Customer" },
      },
    });

    const moved = await rescheduleBooking(context(), {
      actorUserId: customer.id,
      bookingId: booking.id,
      newStartsAt: new Date("2026-06-04T13:00:00Z"),
    });
    expect(moved.ok).toBe(true);
    const rescheduled = (await deliveriesTo(own.id)).find((delivery) => delivery.eventType === "booking.rescheduled");
    expect(rescheduled?.payload).toMatchObject({ data: { startsAt: "2026-06-04T13:00:00.000Z", status: "confirmed" } });

    clock.set(new Date("2026-06-04T14:30:00Z"));
    await completeFinishedBookings({ ...context() });
    await completeFinishedBookings({ ...context() });
    const completed = (await deliveriesTo(own.id)).filter((delivery) => delivery.eventType === "booking.completed");
    expect(completed).toHaveLength(1);
    expect(completed[0]!.payload).toMatchObject({
      type: "booking.completed",
      timestamp: "2026-06-04T14:30:00.000Z",
      data: { status: "completed" },
    });

    const reviewed = await submitReview(context(), {
      actorUserId: customer.id,
      bookingId: booking.id,
      review: { overall: 5, communication: 5, expertise: 4, value: 5, comment: "Clear and kind." },
    });
    expect(reviewed.ok).toBe(true);
    const review = (await deliveriesTo(own.id)).find((delivery) => delivery.eventType === "review.created");
    expect(review?.payload).toMatchObject({
      type: "review.created",
      data: { bookingId: booking.id, rating: { overall: 5, expertise: 4 }, comment: "Clear and kind.", customer: { name: "Ada Customer" } },
    });
  });

  test("a cancellation is delivered once, to the specialist's endpoints and the platform's, never to another specialist's or a disabled one", async () => {
    const { user, types } = await freeSpecialist();
    const other = await freeSpecialist();
    const own = await endpoint(user.id, "specialist", "specialist", ["booking.cancelled"]);
    const platform = await endpoint(admin.id, "admin", "platform", ["booking.cancelled"]);
    const othersEndpoint = await endpoint(other.user.id, "specialist", "specialist");
    const disabled = await endpoint(user.id, "specialist", "specialist", ["booking.cancelled"]);
    await setEndpointEnabled(context(), { userId: user.id, role: "specialist" }, "specialist", disabled.id, false);
    const booking = await book(types[0]!.id, "2026-06-03T09:00:00Z");

    const cancel = () =>
      cancelBooking(
        { ...context(), payments: undefined as never },
        { actorUserId: customer.id, bookingId: booking.id, reason: "Can't make it" },
      );
    expect((await cancel()).ok).toBe(true);
    await cancel();

    for (const listening of [own, platform]) {
      const deliveries = await deliveriesTo(listening.id);
      expect(deliveries.map((delivery) => delivery.eventType)).toEqual(["booking.cancelled"]);
      expect(deliveries[0]!.payload).toMatchObject({ data: { id: booking.id, status: "cancelled" } });
    }
    expect(await deliveriesTo(othersEndpoint.id)).toEqual([]);
    expect(await deliveriesTo(disabled.id)).toEqual([]);
  });

  test("a paid booking is announced as created, not confirmed, when made; a booking that loses its time announces nothing", async () => {
    const given = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 5_000, currency: "EUR" }] });
    await rebuildSlotsForSpecialist(context(), given.specialist.id);
    const platform = await endpoint(admin.id, "admin", "platform");
    const startsAt = "2026-06-03T10:00:00.000Z";
    const booking = await book(given.types[0]!.id, startsAt);
    const rival = await createUser(database.db, { name: "Grace Rival" });
    const lost = await createBooking(context(), {
      customerId: rival.id,
      sessionTypeId: given.types[0]!.id,
      startsAt: new Date(startsAt),
      topic: "",
      customerTimezone: "UTC",
    });

    expect(lost).toMatchObject({ ok: false, reason: "conflict" });
    const deliveries = await deliveriesTo(platform.id);
    expect(deliveries.map((delivery) => [delivery.eventType, delivery.eventKey])).toEqual([
      ["booking.created", `booking.created:${booking.id}`],
    ]);
    expect(deliveries[0]!.payload).toMatchObject({ data: { id: booking.id, status: "pending_payment" } });
  });

  test("a paid booking is confirmed by its payment once, however often the provider repeats the event", async () => {
    const { booking, customer: payer, specialist } = await givenPendingBooking(database.db, clock);
    const [owner] = await database.db.select({ userId: specialists.userId }).from(specialists).where(eq(specialists.id, specialist.id));
    const own = await endpoint(owner!.userId, "specialist", "specialist", ["booking.confirmed"]);
    const sent: JobMessage[] = [];
    const jobs = jobContext(database.db, clock, sent);
    const started = await startCheckout(jobs, { bookingId: booking.id, customerId: payer.id, origin: "http://localhost" });
    if (!started.ok) throw new Error(started.message);
    const checkoutId = started.url.split("/pay/test/")[1]!;
    const event = {
      eventId: `evt_paid_${checkoutId}`,
      type: "checkout.completed" as const,
      checkoutId,
      paymentId: `pi_${checkoutId}`,
      amountMinor: 10_000,
      currency: "USD",
      occurredAt: clock.now(),
    };
    for (let times = 0; times < 2; times++) {
      await receiveWebhook(jobs, jobs.payments, await jobs.payments.signedWebhookRequest(event, "http://localhost"));
      await drain(sent, jobs);
    }

    const deliveries = await deliveriesTo(own.id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.payload).toMatchObject({
      type: "booking.confirmed",
      data: { id: booking.id, status: "confirmed", startsAt: bookedStart.toISOString(), price: { amount: 10_000, currency: "USD" } },
    });
  });
});
