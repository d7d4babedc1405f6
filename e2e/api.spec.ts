import { expect, test, type APIRequestContext } from "@playwright/test";
import { bookings } from "../db/schema";
import { onE2eDatabase } from "./e2e-database";

// A client that only speaks the REST API: signs up, finds a specialist, books (twice with one
// Idempotency-Key: one booking), pays in test mode, reschedules, cancels with the previewed
// refund, reviews a past session, and finds a reused refresh token refused.

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}
interface Booking {
  id: string;
  status: string;
  startsAt: string;
  price: { amount: number; currency: string };
  specialist: { id: string };
}

function api(request: APIRequestContext, token?: string) {
  const headers = (extra?: Record<string, string>) => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra });
  return {
    get: (path: string) => request.get(`/api/v1${path}`, { headers: headers() }),
    post: (path: string, data: unknown, extra?: Record<string, string>) =>
      request.post(`/api/v1${path}`, { headers: headers(extra), data }),
  };
}

test("a client books, pays, reschedules, cancels and reviews through the API alone", async ({ request, page }) => {
  const email = `api-client-${Date.now()}@example.test`;
  const password = "plum-ferry-quartz-73";
  const signedUp = await api(request).post("/auth/signup", {
    name: "Api Client",
    email,
    password,
    role: "customer",
    timezone: "America/Los_Angeles",
  });
  expect(signedUp.status()).toBe(201);
  const signedIn = await api(request).post("/auth/token", { email, password });
  expect(signedIn.status()).toBe(200);
  const pair = (await signedIn.json()) as TokenPair;
  const client = api(request, pair.accessToken);

  // Search like the directory, then the profile's session types and their open times in the client's zone.
  const search = (await (await client.get("/specialists?language=ja&q=architecture")).json()) as { data: { slug: string }[] };
  expect(search.data.map((card) => card.slug)).toContain("kenji-watanabe");
  const profile = (await (await client.get("/specialists/kenji-watanabe")).json()) as { sessionTypes: { id: string; title: string }[] };
  const review = profile.sessionTypes.find((type) => type.title === "Architecture review");
  expect(review).toBeDefined();
  const slotsResponse = await client.get(`/session-types/${review!.id}/slots?timezone=America/Los_Angeles`);
  expect(slotsResponse.status()).toBe(200);
  const slots = ((await slotsResponse.json()) as { data: { startsAt: string; local: { timezone: string } }[] }).data;
  expect(slots[0]?.local.timezone).toBe("America/Los_Angeles");
  // Days out, before the cancellation deadline, so moving and a full refund are allowed.
  const later = slots.filter((slot) => Date.parse(slot.startsAt) > Date.now() + 4 * 24 * 3600_000);
  expect(later.length).toBeGreaterThan(2);

  // The same request twice with one key: one booking, the second answer a replay of the first.
  const key = crypto.randomUUID();
  const booking = { sessionTypeId: review!.id, startsAt: later[0]!.startsAt, note: "Splitting our order service" };
  const first = await client.post("/bookings", booking, { "idempotency-key": key });
  expect(first.status()).toBe(201);
  const again = await client.post("/bookings", booking, { "idempotency-key": key });
  expect(again.status()).toBe(201);
  expect(again.headers()["idempotent-replayed"]).toBe("true");
  const booked = (await first.json()) as Booking;
  expect(((await again.json()) as Booking).id).toBe(booked.id);
  expect(booked.status).toBe("pending_payment");
  const mine = (await (await client.get("/bookings")).json()) as { data: Booking[] };
  expect(mine.data.map((item) => item.id)).toEqual([booked.id]);

  // Pay on the (test) checkout page the API hands out, as a client would open Stripe Checkout.
  const checkout = (await (await client.post(`/bookings/${booked.id}/checkout`, undefined)).json()) as { url: string };
  await page.goto(checkout.url);
  await expect(page.getByText("Test payment — no real money moves.")).toBeVisible();
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect
    .poll(async () => ((await (await client.get(`/bookings/${booked.id}`)).json()) as Booking).status, { timeout: 15_000 })
    .toBe("confirmed");

  const moved = await client.post(`/bookings/${booked.id}/reschedule`, { startsAt: later[2]!.startsAt });
  expect(moved.status()).toBe(200);
  expect(((await moved.json()) as Booking).startsAt).toBe(later[2]!.startsAt);

  const preview = (await (await client.get(`/bookings/${booked.id}/cancellation`)).json()) as { refund: { amount: { amount: number } } };
  expect(preview.refund.amount.amount).toBe(booked.price.amount);
  const cancelled = await client.post(`/bookings/${booked.id}/cancel`, { reason: "Our plans changed" });
  expect(cancelled.status()).toBe(200);
  expect(await cancelled.json()).toMatchObject({ booking: { status: "cancelled" }, refund: { amount: booked.price } });

  // A session that took place earlier (written straight into the database) gets a review.
  const pastId = await onE2eDatabase(async ({ db }) => {
    const endsAt = new Date(Date.now() - 3600_000);
    const [past] = await db
      .insert(bookings)
      .values({
        specialistId: booked.specialist.id,
        customerId: pair.user.id,
        sessionTypeId: review!.id,
        startsAt: new Date(endsAt.getTime() - 3600_000),
        endsAt,
        status: "completed",
        priceMinor: booked.price.amount,
        currency: booked.price.currency,
        customerTimezone: "America/Los_Angeles",
      })
      .returning({ id: bookings.id });
    return past!.id;
  });
  const reviewed = await client.post(`/bookings/${pastId}/review`, {
    overall: 5,
    communication: 5,
    expertise: 4,
    value: 5,
    comment: "Clear, practical advice.",
  });
  expect(reviewed.status()).toBe(201);

  // Refresh once: fine. The used refresh token again: refused, and the whole sign-in is revoked.
  const refreshed = await api(request).post("/auth/refresh", { refreshToken: pair.refreshToken });
  expect(refreshed.status()).toBe(200);
  const next = (await refreshed.json()) as TokenPair;
  const reused = await api(request).post("/auth/refresh", { refreshToken: pair.refreshToken });
  expect(reused.status()).toBe(401);
  expect(await reused.json()).toMatchObject({ error: { code: "unauthorized", details: { reason: "reused" } } });
  expect((await api(request, next.accessToken).get("/me")).status()).toBe(401);
  expect((await api(request).post("/auth/refresh", { refreshToken: next.refreshToken })).status()).toBe(401);
});
