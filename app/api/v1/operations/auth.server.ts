import * as z from "zod";
import { eq } from "drizzle-orm";
import { users } from "../../../../db/schema";
import { signAccessToken } from "../../../domain/api-auth/access-tokens.server";
import type { ApiPrincipal } from "../../../domain/api-auth/api-principal.server";
import {
  issueRefreshToken,
  refreshTokenFamily,
  revokeRefreshFamily,
  rotateRefreshToken,
} from "../../../domain/api-auth/refresh-tokens.server";
import { accessTokenKeyOf } from "../../../domain/api-auth/signing-key.server";
import { verifyPasswordLogin } from "../../../domain/auth/auth.server";
import { sendEmailVerification } from "../../../domain/auth/email-verification.server";
import { loginSchema } from "../../../domain/auth/schemas";
import { signUp, signUpServerSchema } from "../../../domain/auth/sign-up.server";
import { appOrigin } from "../../../lib/app-origin";
import { clearLoginRateLimit, rateLimitFor, rateLimits } from "../../../security/rate-limit.server";
import { ApiError } from "../errors";
import { created, defineOperation, noContent, ok } from "../operation";
import { meSchema, meOf } from "./me.server";
import type { AppLoadContext } from "@remix-run/server-runtime";

const tag = "Auth";

const tokenPairSchema = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string().meta({ description: "Send as `Authorization: Bearer <accessToken>`. Valid for `expiresIn` seconds." }),
    expiresIn: z.number().int().meta({ description: "Seconds until the access token expires (900)." }),
    refreshToken: z.string().meta({ description: "Trade for a new pair at /auth/refresh, once. Keep it secret." }),
    user: meSchema,
  })
  .meta({ id: "TokenPair" });

const refreshTokenField = z
  .string({ error: "Send the refresh token." })
  .min(1, "Send the refresh token.")
  .max(200, "That isn't a refresh token.");

async function tokenPair(context: AppLoadContext, userId: string, issued?: { familyId: string; refreshToken: string }) {
  const now = context.clock.now();
  const { refreshToken, familyId } = issued ?? (await issueRefreshToken(context.db, userId, now));
  const key = await accessTokenKeyOf(context);
  const access = signAccessToken(key, { userId, familyId }, now);
  const [user] = await context.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new ApiError("unauthorized", "This account no longer exists.");
  return { tokenType: "Bearer" as const, accessToken: access.token, expiresIn: access.expiresIn, refreshToken, user: meOf(user) };
}

export const authOperations = [
  defineOperation({
    id: "signUp",
    method: "post",
    path: "/auth/signup",
    tag,
    summary: "Create an account",
    description: "Creates a customer or specialist account, sends the email-verification link, and returns a token pair for it.",
    auth: "none",
    body: signUpServerSchema,
    rateLimits: ({ clientAddress }) => [rateLimitFor(rateLimits.signUpByIp, clientAddress)],
    responses: { 201: { description: "The account, signed in.", schema: tokenPairSchema } },
    errors: ["conflict"],
    async handler({ body, context, request }) {
      const result = await signUp(context, body);
      if (!result.ok) {
        throw new ApiError("conflict", result.message, { problems: [{ path: `body.${result.field}`, message: result.message }] });
      }
      await sendEmailVerification(context, { id: result.userId, email: body.email, name: body.name }, appOrigin(request, context));
      return created(await tokenPair(context, result.userId));
    },
  }),
  defineOperation({
    id: "createToken",
    method: "post",
    path: "/auth/token",
    tag,
    summary: "Sign in with email and password",
    description: "Returns a 15-minute access token and a refresh token. Limited like the web's login: per address and per account.",
    auth: "none",
    body: loginSchema,
    rateLimits: ({ body, clientAddress }) => [
      rateLimitFor(rateLimits.loginByIp, clientAddress),
      rateLimitFor(rateLimits.loginByAccount, body.email),
    ],
    responses: { 200: { description: "Signed in.", schema: tokenPairSchema } },
    errors: ["unauthorized", "forbidden"],
    async handler({ body, context }) {
      const login = await verifyPasswordLogin(context, body.email, body.password);
      if (!login) throw new ApiError("unauthorized", "That email and password don't match an account.");
      if ("suspended" in login) throw new ApiError("forbidden", "This account is suspended. Contact support to find out more.");
      await clearLoginRateLimit(context, body.email);
      return ok(await tokenPair(context, login.userId));
    },
  }),
  defineOperation({
    id: "refreshToken",
    method: "post",
    path: "/auth/refresh",
    tag,
    summary: "Trade a refresh token for a new token pair",
    description:
      "Each refresh token works once. Presenting one that was already used revokes its whole family (every refresh and access token issued from the same sign-in): sign in again.",
    auth: "none",
    body: z.object({ refreshToken: refreshTokenField }),
    responses: { 200: { description: "A new pair; the old refresh token is used up.", schema: tokenPairSchema } },
    errors: ["unauthorized"],
    async handler({ body, context }) {
      const rotated = await rotateRefreshToken(context.db, body.refreshToken, context.clock.now());
      if (!rotated.ok) {
        const message = {
          invalid: "That refresh token isn't valid. Sign in again.",
          expired: "That refresh token has expired. Sign in again.",
          reused: "That refresh token was already used, so every token from that sign-in has been revoked. Sign in again.",
        }[rotated.reason];
        throw new ApiError("unauthorized", message, { reason: rotated.reason });
      }
      return ok(await tokenPair(context, rotated.userId, rotated));
    },
  }),
  defineOperation({
    id: "logout",
    method: "post",
    path: "/auth/logout",
    tag,
    summary: "Sign out",
    description:
      "Revokes the sign-in the access token (or the refresh token in the body) belongs to: its refresh token and every access token from it stop working. Personal tokens are revoked in Settings → API instead.",
    auth: "optional",
    writes: false,
    body: z.object({ refreshToken: refreshTokenField.optional() }),
    responses: { 204: { description: "Signed out.", schema: null } },
    async handler({ body, context, principal }) {
      const now = context.clock.now();
      const family =
        familyOf(principal) ?? (body.refreshToken ? (await refreshTokenFamily(context.db, body.refreshToken))?.familyId : null);
      if (!family)
        throw new ApiError("unauthorized", "Send the access token (Authorization: Bearer) or the refresh token of the sign-in to end.");
      await revokeRefreshFamily(context.db, family, now);
      return noContent();
    },
  }),
];

function familyOf(principal: ApiPrincipal | null) {
  return principal?.credential.kind === "access_token" ? principal.credential.familyId : null;
}
