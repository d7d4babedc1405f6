import type { Database } from "../db/database";
import { signAccessToken } from "../app/domain/api-auth/access-tokens.server";
import { createPersonalToken } from "../app/domain/api-auth/personal-tokens.server";
import { issueRefreshToken } from "../app/domain/api-auth/refresh-tokens.server";
import { accessTokenKey } from "../app/domain/api-auth/signing-key.server";
import type { ApiTokenScope } from "../db/schema";
import type { createTestApp } from "./app-handler";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export interface ApiCall {
  method: string;
  /** Under /api/v1, with its query string: `/specialists?limit=5`. */
  path: string;
  token?: string | null;
  /** Sent as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Calls /api/v1 through the real request handler, as an API client would (no cookies). */
export function callApi(app: TestApp, call: ApiCall) {
  const headers = new Headers(call.headers);
  if (call.token) headers.set("authorization", `Bearer ${call.token}`);
  let body: string | undefined = call.rawBody;
  if (body === undefined && call.body !== undefined) {
    body = JSON.stringify(call.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return app.request(`/api/v1${call.path}`, { method: call.method.toUpperCase(), headers, body });
}

/** A fresh access token for `userId` (a new sign-in, with its own refresh-token family), as POST /auth/token would issue. */
export async function accessTokenFor(db: Database, userId: string, now: Date) {
  const { familyId } = await issueRefreshToken(db, userId, now);
  const key = await accessTokenKey(db, { configuredSecret: undefined, databaseUrl: `test:${Math.random()}` });
  return signAccessToken(key, { userId, familyId }, now).token;
}

/** A personal API token of `userId` with `scope`. */
export async function personalTokenFor(db: Database, userId: string, now: Date, scope: ApiTokenScope = "read_write") {
  const created = await createPersonalToken(db, userId, { name: "Test token", scope }, now);
  if (!created.ok) throw new Error(created.message);
  return created.token;
}
