import { createSessionType, createSpecialist, createUser } from "../../../../db/factories";
import { addBlockedTime, getAvailability, setDateOverride } from "../../../domain/availability/availability.server";
import type { ContractScenarios, ScenarioKit } from "../contract";

// The test clock starts on Monday 1 June 2026, 12:00 UTC; specialists are in Europe/London.

const week = { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] };

async function givenPractice({ db, tokenFor }: ScenarioKit) {
  const { user, specialist } = await createSpecialist(db);
  const customer = await createUser(db);
  const noProfile = await createUser(db, { role: "specialist" });
  return {
    user,
    specialist,
    token: await tokenFor(user.id),
    customerToken: await tokenFor(customer.id),
    noProfileToken: await tokenFor(noProfile.id),
  };
}

async function overrideIdOf(kit: ScenarioKit, userId: string, date: string) {
  const result = await setDateOverride(kit, userId, date, "unavailable");
  if (!result.ok) throw new Error(result.message);
  const availability = await getAvailability(kit.db, userId, kit.clock.now());
  return availability!.overrides.find((override) => override.date === date)!.id;
}

async function blockedIdOf(kit: ScenarioKit, userId: string) {
  const result = await addBlockedTime(kit, userId, { startLocal: "2026-06-03T10:00", endLocal: "2026-06-03T12:00" });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

export const scenarios: ContractScenarios = {
  getAvailability: async (kit) => {
    const { token, customerToken, noProfileToken } = await givenPractice(kit);
    return [
      { method: "get", path: "/availability", token, expect: 200 },
      { method: "get", path: "/availability", token: customerToken, expect: 403 },
      { method: "get", path: "/availability", token: noProfileToken, expect: 404 },
    ];
  },
  replaceWeeklyHours: async (kit) => {
    const { token, customerToken } = await givenPractice(kit);
    const monday = [
      { start: "09:00", end: "12:00" },
      { start: "13:00", end: "24:00" },
    ];
    return [
      { method: "put", path: "/availability/weekly-hours", token, body: { ...week, monday }, expect: 200 },
      {
        method: "put",
        path: "/availability/weekly-hours",
        token,
        body: {
          ...week,
          tuesday: [
            { start: "09:00", end: "12:00" },
            { start: "11:00", end: "13:00" },
          ],
        },
        expect: 400,
      },
      {
        method: "put",
        path: "/availability/weekly-hours",
        token,
        body: { ...week, friday: [{ start: "9am", end: "12:00" }] },
        expect: 400,
      },
      { method: "put", path: "/availability/weekly-hours", token: customerToken, body: week, expect: 403 },
    ];
  },
  listDateOverrides: async (kit) => {
    const { user, token, customerToken } = await givenPractice(kit);
    await overrideIdOf(kit, user.id, "2026-06-10");
    return [
      { method: "get", path: "/availability/overrides", token, expect: 200 },
      { method: "get", path: "/availability/overrides", token: customerToken, expect: 403 },
    ];
  },
  setDateOverride: async (kit) => {
    const { token, noProfileToken } = await givenPractice(kit);
    return [
      {
        method: "post",
        path: "/availability/overrides",
        token,
        body: { date: "2026-06-10", mode: "hours", windows: [{ start: "10:00", end: "12:00" }] },
        expect: 201,
      },
      {
        method: "post",
        path: "/availability/overrides",
        token,
        body: { date: "2026-06-11", mode: "unavailable", windows: [] },
        expect: 201,
      },
      {
        method: "post",
        path: "/availability/overrides",
        token,
        body: { date: "2026-05-01", mode: "unavailable", windows: [] },
        expect: 400,
      },
      {
        method: "post",
        path: "/availability/overrides",
        token,
        body: { date: "2026-06-12", mode: "hours", windows: [{ start: "12:00", end: "10:00" }] },
        expect: 400,
      },
      {
        method: "post",
        path: "/availability/overrides",
        token: noProfileToken,
        body: { date: "2026-06-10", mode: "unavailable", windows: [] },
        expect: 404,
      },
    ];
  },
  deleteDateOverride: async (kit) => {
    const { user, token } = await givenPractice(kit);
    const id = await overrideIdOf(kit, user.id, "2026-06-10");
    const other = await createSpecialist(kit.db);
    const othersId = await overrideIdOf(kit, other.user.id, "2026-06-10");
    return [
      { method: "delete", path: `/availability/overrides/${id}`, token, expect: 204 },
      { method: "delete", path: `/availability/overrides/${id}`, token, expect: 404 },
      { method: "delete", path: `/availability/overrides/${othersId}`, token, expect: 404 },
    ];
  },
  listBlockedTimes: async (kit) => {
    const { user, token } = await givenPractice(kit);
    await blockedIdOf(kit, user.id);
    return [{ method: "get", path: "/availability/blocked-times", token, expect: 200 }];
  },
  addBlockedTime: async (kit) => {
    const { token, customerToken } = await givenPractice(kit);
    const body = { startLocal: "2026-06-03T10:00", endLocal: "2026-06-03T12:30", reason: "Dentist" };
    return [
      { method: "post", path: "/availability/blocked-times", token, body, expect: 201 },
      { method: "post", path: "/availability/blocked-times", token, body: { ...body, endLocal: "2026-06-03T09:00" }, expect: 400 },
      // The clocks skip 01:00–02:00 in London on 29 March 2026; a year ahead it's 28 March 2027.
      { method: "post", path: "/availability/blocked-times", token, body: { ...body, startLocal: "2027-03-28T01:30" }, expect: 400 },
      { method: "post", path: "/availability/blocked-times", token: customerToken, body, expect: 403 },
    ];
  },
  deleteBlockedTime: async (kit) => {
    const { user, token } = await givenPractice(kit);
    const id = await blockedIdOf(kit, user.id);
    const other = await createSpecialist(kit.db);
    const othersId = await blockedIdOf(kit, other.user.id);
    return [
      { method: "delete", path: `/availability/blocked-times/${id}`, token, expect: 204 },
      { method: "delete", path: `/availability/blocked-times/${id}`, token, expect: 404 },
      { method: "delete", path: `/availability/blocked-times/${othersId}`, token, expect: 404 },
    ];
  },
  getCalendar: async (kit) => {
    const { user, specialist, token, customerToken } = await givenPractice(kit);
    const type = await createSessionType(kit.db, specialist.id);
    await blockedIdOf(kit, user.id);
    const other = await createSpecialist(kit.db);
    const othersType = await createSessionType(kit.db, other.specialist.id);
    return [
      { method: "get", path: `/calendar?week=2026-06-03&sessionType=${type.id}`, token, expect: 200 },
      { method: "get", path: "/calendar", token, expect: 200 },
      { method: "get", path: "/calendar?week=2026-02-30", token, expect: 400 },
      { method: "get", path: `/calendar?sessionType=${othersType.id}`, token, expect: 400 },
      { method: "get", path: "/calendar", token: customerToken, expect: 403 },
    ];
  },
};
