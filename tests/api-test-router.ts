import * as z from "zod";
import { createApiHandler } from "../app/api/v1/router.server";
import { created, defineOperation, type Operation } from "../app/api/v1/operation";
import type { ApiCall } from "./api-client";
import type { createTestApp } from "./app-handler";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A test-only idempotent write: `POST /test/notes` counts each time it acts, so a test can see
 * that a write ran (or ran once).
 */
export function countingWriteOperation() {
  const effects: string[] = [];
  const operation = defineOperation({
    id: "testCreateNote",
    method: "post",
    path: "/test/notes",
    tag: "Test",
    summary: "Create a note (test only)",
    auth: "required",
    idempotent: true,
    body: z.object({ text: z.string().min(1).max(100) }),
    responses: { 201: { description: "Created.", schema: z.object({ id: z.number(), text: z.string() }) } },
    async handler({ body }) {
      effects.push(body.text);
      return created({ id: effects.length, text: body.text });
    },
  });
  return { operation, effects };
}

/** Calls /api/v1 through the real router over `operations`, with the test app's load context. */
export function callTestApi(app: TestApp, operations: readonly Operation[], call: ApiCall) {
  const headers = new Headers(call.headers);
  if (call.token) headers.set("authorization", `Bearer ${call.token}`);
  let body = call.rawBody;
  if (body === undefined && call.body !== undefined) {
    body = JSON.stringify(call.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(new URL(`/api/v1${call.path}`, "http://localhost"), { method: call.method.toUpperCase(), headers, body });
  return createApiHandler(operations)(request, { ...app.context, cspNonce: "", clientAddress: "203.0.113.7" });
}
