import { and, eq } from "drizzle-orm";
import type { Database } from "../../../../db/database";
import { createUser } from "../../../../db/factories";
import { notifications } from "../../../../db/schema";
import { paidConfirmed, record } from "../../../domain/notifications/notifications.test-support";
import type { ContractScenarios, ScenarioKit } from "../contract";

/** An in-app notification for `userId`, recorded as the app records one; its id. */
export async function givenNotification({ db, clock }: Pick<ScenarioKit, "db" | "clock">, userId: string, bookingId = "b1") {
  await record(db, clock, paidConfirmed(userId, bookingId));
  clock.advance(60_000);
  return inAppId(db, userId, bookingId);
}

async function inAppId(db: Database, userId: string, bookingId: string) {
  const [row] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.subjectId, bookingId), eq(notifications.channel, "in_app")));
  return row!.id;
}

export const scenarios: ContractScenarios = {
  listNotifications: async (kit) => {
    const user = await createUser(kit.db);
    await givenNotification(kit, user.id, "b1");
    await givenNotification(kit, user.id, "b2");
    const token = await kit.tokenFor(user.id);
    return [
      { method: "get", path: "/notifications?limit=1&unread=true", token, expect: 200 },
      { method: "get", path: "/notifications?cursor=not-a-cursor", token, expect: 400 },
      { method: "get", path: "/notifications?unread=maybe", token, expect: 400 },
      { method: "get", path: "/notifications", expect: 401 },
    ];
  },
  markNotificationRead: async (kit) => {
    const user = await createUser(kit.db);
    const other = await createUser(kit.db);
    const id = await givenNotification(kit, user.id);
    const othersId = await givenNotification(kit, other.id);
    const token = await kit.tokenFor(user.id);
    return [
      { method: "post", path: `/notifications/${id}/read`, token, expect: 204 },
      { method: "post", path: `/notifications/${othersId}/read`, token, expect: 404 },
    ];
  },
  markAllNotificationsRead: async (kit) => {
    const user = await createUser(kit.db);
    await givenNotification(kit, user.id);
    return [{ method: "post", path: "/notifications/read-all", token: await kit.tokenFor(user.id), expect: 200 }];
  },
  deleteNotification: async (kit) => {
    const user = await createUser(kit.db);
    const other = await createUser(kit.db);
    const id = await givenNotification(kit, user.id);
    const othersId = await givenNotification(kit, other.id);
    const token = await kit.tokenFor(user.id);
    return [
      { method: "delete", path: `/notifications/${id}`, token, expect: 204 },
      { method: "delete", path: `/notifications/${id}`, token, expect: 404 },
      { method: "delete", path: `/notifications/${othersId}`, token, expect: 404 },
    ];
  },
};
