import { eq } from "drizzle-orm";
import { createMeetingRecording, createUser } from "../../../../db/factories";
import { bookings } from "../../../../db/schema";
import type { ContractScenarios, ScenarioKit } from "../contract";
import { givenCompletedBooking } from "./reviews.contract";

/** A confirmed booking with a meeting link that started half an hour before the kit's clock. */
export async function givenSession(kit: Pick<ScenarioKit, "db" | "clock">, status: "confirmed" | "cancelled" = "confirmed") {
  const given = await givenCompletedBooking(kit, "confirmed");
  const startsAt = new Date(kit.clock.now().getTime() - 30 * 60_000);
  await kit.db
    .update(bookings)
    .set({ status, startsAt, endsAt: new Date(startsAt.getTime() + 60 * 60_000), meetingUrl: "https://meet.example.test/room" })
    .where(eq(bookings.id, given.booking.id));
  return given;
}

export const scenarios: ContractScenarios = {
  getSession: async (kit) => {
    const given = await givenSession(kit);
    await createMeetingRecording(kit.db, given.booking.id);
    const stranger = await createUser(kit.db);
    const path = `/bookings/${given.booking.id}/session`;
    return [
      { method: "get", path, token: await kit.tokenFor(given.specialistUser.id), expect: 200 },
      { method: "get", path, token: await kit.tokenFor(given.customer.id), expect: 200 },
      { method: "get", path, token: await kit.tokenFor(stranger.id), expect: 404 },
    ];
  },
  saveSessionNote: async (kit) => {
    const given = await givenSession(kit);
    const cancelled = await givenSession(kit, "cancelled");
    const path = `/bookings/${given.booking.id}/session/notes`;
    const specialist = await kit.tokenFor(given.specialistUser.id);
    return [
      { method: "put", path, token: specialist, body: { visibility: "shared", body: "Next time: **pricing**." }, expect: 200 },
      { method: "put", path, token: await kit.tokenFor(given.customer.id), body: { visibility: "private", body: "Mine." }, expect: 403 },
      { method: "put", path, token: specialist, body: { visibility: "private", body: "x".repeat(10_001) }, expect: 400 },
      { method: "put", path, token: specialist, body: { visibility: "public", body: "Hi" }, expect: 400 },
      {
        method: "put",
        path: `/bookings/${cancelled.booking.id}/session/notes`,
        token: await kit.tokenFor(cancelled.specialistUser.id),
        body: { visibility: "private", body: "Too late." },
        expect: 409,
      },
    ];
  },
  shareSessionRecording: async (kit) => {
    const given = await givenSession(kit);
    const recording = await createMeetingRecording(kit.db, given.booking.id);
    const path = `/bookings/${given.booking.id}/session/recordings/${recording.id}/share`;
    return [
      { method: "post", path, token: await kit.tokenFor(given.specialistUser.id), body: { shared: true }, expect: 200 },
      { method: "post", path, token: await kit.tokenFor(given.customer.id), body: { shared: false }, expect: 403 },
      {
        method: "post",
        path: `/bookings/${given.booking.id}/session/recordings/not-a-recording/share`,
        token: await kit.tokenFor(given.specialistUser.id),
        body: { shared: true },
        expect: 404,
      },
    ];
  },
};
