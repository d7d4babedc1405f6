import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSpecialist, createUser } from "../../../db/factories";
import { webhookEndpoints } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import {
  createEndpoint,
  deleteEndpoint,
  findEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  setEndpointEnabled,
  updateEndpoint,
  type WebhookActor,
} from "./endpoints.server";

let database: TestDatabase;
let specialist: WebhookActor;
let otherSpecialist: WebhookActor;
let admin: WebhookActor;
let customer: WebhookActor;
beforeEach(async () => {
  database = await createTestDatabase();
  specialist = { userId: (await createSpecialist(database.db)).user.id, role: "specialist" };
  otherSpecialist = { userId: (await createSpecialist(database.db)).user.id, role: "specialist" };
  admin = { userId: (await createUser(database.db, { role: "admin" })).id, role: "admin" };
  customer = { userId: (await createUser(database.db)).id, role: "customer" };
});
afterEach(() => database.cleanup());

const context = (allowInsecure = false) => ({
  db: database.db,
  clock: createTestClock(),
  env: { WEBHOOK_ALLOW_INSECURE_URLS: allowInsecure },
});
const form = { url: "https://hooks.example.com/in", description: "CRM", events: ["booking.created" as const] };

describe("webhook endpoints", () => {
  test("a specialist's endpoint gets a Standard Webhooks secret and is theirs alone", async () => {
    const created = await createEndpoint(context(), specialist, "specialist", form);
    if (!created.ok) throw new Error(created.message);
    expect(created.endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.endpoint).toMatchObject({ status: "enabled", events: ["booking.created"], description: "CRM" });

    expect(await listEndpoints(context(), specialist, "specialist")).toMatchObject({ ok: true, endpoints: [{ id: created.endpoint.id }] });
    expect(await listEndpoints(context(), otherSpecialist, "specialist")).toMatchObject({ ok: true, endpoints: [] });
    expect(await listEndpoints(context(), admin, "platform")).toMatchObject({ ok: true, endpoints: [] });
    for (const [actor, scope] of [
      [otherSpecialist, "specialist"],
      [admin, "platform"],
    ] as const) {
      expect(await findEndpoint(context(), actor, scope, created.endpoint.id)).toMatchObject({ ok: false, reason: "not-found" });
      expect(await deleteEndpoint(context(), actor, scope, created.endpoint.id)).toMatchObject({ ok: false });
      expect(
        await updateEndpoint(context(), actor, scope, created.endpoint.id, { ...form, url: "https://evil.example.com" }),
      ).toMatchObject({
        ok: false,
      });
    }
    expect(await database.db.select().from(webhookEndpoints)).toMatchObject([{ url: form.url }]);
  });

  test("platform endpoints are for admins only; customers manage none", async () => {
    expect(await createEndpoint(context(), specialist, "platform", form)).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await createEndpoint(context(), customer, "specialist", form)).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await listEndpoints(context(), customer, "platform")).toMatchObject({ ok: false, reason: "forbidden" });
    const platform = await createEndpoint(context(), admin, "platform", form);
    expect(platform).toMatchObject({ ok: true, endpoint: { specialistId: null, createdBy: admin.userId } });
    expect(await database.db.select().from(webhookEndpoints)).toHaveLength(1);
  });

  test("an internal or plain-http URL is a field error and writes nothing, unless insecure URLs are allowed", async () => {
    const refused = await createEndpoint(context(), specialist, "specialist", { ...form, url: "http://127.0.0.1:4000/hooks" });
    expect(refused).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { url: ["The URL must start with https://."] } });
    expect(await database.db.select().from(webhookEndpoints)).toEqual([]);
    expect(await createEndpoint(context(true), specialist, "specialist", { ...form, url: "http://127.0.0.1:4000/hooks" })).toMatchObject({
      ok: true,
    });
  });

  test("rotating changes the secret; disabling and enabling; deleting removes it", async () => {
    const created = await createEndpoint(context(), specialist, "specialist", form);
    if (!created.ok) throw new Error(created.message);
    const id = created.endpoint.id;
    await rotateEndpointSecret(context(), specialist, "specialist", id);
    const rotated = await findEndpoint(context(), specialist, "specialist", id);
    expect(rotated.ok && rotated.endpoint.secret).not.toBe(created.endpoint.secret);

    await setEndpointEnabled(context(), specialist, "specialist", id, false);
    expect(await findEndpoint(context(), specialist, "specialist", id)).toMatchObject({ endpoint: { status: "disabled" } });
    await setEndpointEnabled(context(), specialist, "specialist", id, true);
    expect(await findEndpoint(context(), specialist, "specialist", id)).toMatchObject({
      endpoint: { status: "enabled", disabledAt: null },
    });

    expect(await deleteEndpoint(context(), specialist, "specialist", id)).toEqual({ ok: true });
    expect(await database.db.select().from(webhookEndpoints)).toEqual([]);
  });
});
