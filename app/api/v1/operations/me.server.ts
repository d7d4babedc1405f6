import { eq } from "drizzle-orm";
import * as z from "zod";
import type { User } from "../../../../db/schema";
import { notificationChannels, userRoles, users } from "../../../../db/schema";
import { updateProfile } from "../../../domain/account/account.server";
import { profileSchema } from "../../../domain/account/schemas";
import { getNotificationSettings, updatePreferences } from "../../../domain/notifications/preferences.server";
import { validationFailed } from "../errors";
import { defineOperation, ok } from "../operation";
import type { AppLoadContext } from "@remix-run/server-runtime";

export const meSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(userRoles),
    timezone: z.string().meta({ description: "IANA time zone, e.g. Europe/Berlin." }),
    emailVerified: z.boolean(),
  })
  .meta({ id: "Me" });

export function meOf(user: Pick<User, "id" | "email" | "name" | "role" | "timezone" | "emailVerifiedAt">): z.input<typeof meSchema> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    timezone: user.timezone,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

const choiceSchema = z.object({
  key: z.string().min(1).max(120).meta({ description: "The preference's key, from GET /me/preferences." }),
  channel: z.enum(notificationChannels),
  enabled: z.boolean(),
});

const preferencesSchema = z
  .object({
    preferences: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        channels: z.array(
          z.object({
            channel: z.enum(notificationChannels),
            enabled: z.boolean(),
            required: z.string().nullable().meta({ description: "Why this channel is always on; null when you can turn it off." }),
          }),
        ),
      }),
    ),
    sms: z.object({
      phone: z.string().nullable().meta({ description: "The mobile number (E.164) texts go to; set it in Settings → Notifications." }),
      optedIn: z.boolean().meta({ description: "Whether you agreed to texts to that number (a STOP reply withdraws it)." }),
    }),
  })
  .meta({ id: "NotificationPreferences" });

async function preferencesOf(context: AppLoadContext, user: Pick<User, "id" | "role">): Promise<z.input<typeof preferencesSchema>> {
  const settings = await getNotificationSettings(context.db, user.id, user.role);
  return {
    preferences: settings.groups.map((group) => ({ key: group.key, label: group.label, channels: group.channels })),
    sms: { phone: settings.phone, optedIn: settings.smsOptedIn },
  };
}

export const meOperations = [
  defineOperation({
    id: "getMe",
    method: "get",
    path: "/me",
    tag: "Me",
    summary: "The signed-in account",
    auth: "required",
    responses: { 200: { description: "Who the token acts for.", schema: meSchema } },
    async handler({ principal }) {
      return ok(meOf(principal.user));
    },
  }),
  defineOperation({
    id: "updateMe",
    method: "patch",
    path: "/me",
    tag: "Me",
    summary: "Change your name or time zone",
    description:
      "Send either or both; the same rules as Settings → Profile. The email address changes only through Settings → Email, which verifies the new one.",
    auth: "required",
    body: profileSchema.partial().strict(),
    responses: { 200: { description: "The account as it is now.", schema: meSchema } },
    async handler({ body, principal, context }) {
      const { user } = principal;
      await updateProfile(context.db, user.id, { name: body.name ?? user.name, timezone: body.timezone ?? user.timezone });
      const [updated] = await context.db.select().from(users).where(eq(users.id, user.id)).limit(1);
      return ok(meOf(updated ?? user));
    },
  }),
  defineOperation({
    id: "getMyPreferences",
    method: "get",
    path: "/me/preferences",
    tag: "Me",
    summary: "Your notification preferences",
    description: "What you are told, and on which channels: the choices of Settings → Notifications.",
    auth: "required",
    responses: { 200: { description: "Every preference your account has.", schema: preferencesSchema } },
    async handler({ principal, context }) {
      return ok(await preferencesOf(context, principal.user));
    },
  }),
  defineOperation({
    id: "updateMyPreferences",
    method: "put",
    path: "/me/preferences",
    tag: "Me",
    summary: "Turn notification channels on or off",
    description:
      "Sets each listed choice; the ones not listed keep their setting. A channel marked `required` is always on: turning it off is refused.",
    auth: "required",
    body: z.object({ preferences: z.array(choiceSchema).max(200) }),
    responses: { 200: { description: "Every preference, as saved.", schema: preferencesSchema } },
    async handler({ body, principal, context }) {
      const saved = await updatePreferences(context, principal.user.id, principal.user.role, body.preferences);
      if (!saved.ok) throw validationFailed([{ path: `body.preferences.${saved.index}`, message: saved.message }], saved.message);
      return ok(await preferencesOf(context, principal.user));
    },
  }),
];
