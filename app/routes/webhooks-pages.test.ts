import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSpecialist, createUser } from "../../db/factories";
import { webhookDeliveries, webhookEndpoints } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp({ db: database.db });
});
afterAll(() => database.cleanup());
beforeEach(async () => {
  await database.db.delete(webhookEndpoints);
});

async function specialistSession() {
  const { user } = await createSpecialist(database.db);
  return signedInCookie(database.db, user.id, new Date());
}

function post(path: string, cookie: string, fields: [string, string][]) {
  return app.request(path, { method: "POST", body: new URLSearchParams(fields), headers: { cookie, "sec-fetch-site": "same-origin" } });
}

const endpointForm = (url: string): [string, string][] => [
  ["url", url],
  ["description", "Our CRM"],
  ["events", "booking.created"],
  ["events", "booking.cancelled"],
];

async function html(response: Response) {
  return visibleText(await response.text());
}

describe("/specialist/webhooks", () => {
  test("a specialist adds an endpoint and sees its signing secret; a private or http URL is a field error that writes nothing", async () => {
    const session = await specialistSession();
    const refused = await post("/specialist/webhooks", session, endpointForm("http://127.0.0.1:9000/in"));
    expect(refused.status).toBe(400);
    expect(await html(refused)).toContain("The URL must start with https://.");
    const internal = await post("/specialist/webhooks", session, endpointForm("https://169.254.169.254/in"));
    expect(await html(internal)).toContain("The URL must point to a public host");
    const noEvents = await post("/specialist/webhooks", session, [["url", "https://hooks.example.com/in"]]);
    expect(noEvents.status).toBe(400);
    expect(await html(noEvents)).toContain("Choose at least one event.");
    expect(await database.db.select().from(webhookEndpoints)).toEqual([]);

    const created = await post("/specialist/webhooks", session, endpointForm("https://hooks.example.com/in"));
    expect(created.status).toBe(302);
    const [endpoint] = await database.db.select().from(webhookEndpoints);
    expect(endpoint).toMatchObject({
      url: "https://hooks.example.com/in",
      description: "Our CRM",
      events: ["booking.created", "booking.cancelled"],
    });
    expect(created.headers.get("location")).toBe(`/specialist/webhooks/${endpoint!.id}?done=created`);

    const page = await html(await app.get(`/specialist/webhooks/${endpoint!.id}`, { cookie: session }));
    expect(page).toContain(endpoint!.secret);
    expect(page).toContain("Nothing has been sent here yet");
    expect(await html(await app.get("/specialist/webhooks", { cookie: session }))).toContain("https://hooks.example.com/in");
  });

  test("send test queues a signed delivery and the log shows it; redelivering something that isn't there is a 400", async () => {
    const session = await specialistSession();
    await post("/specialist/webhooks", session, endpointForm("https://hooks.example.com/in"));
    const [endpoint] = await database.db.select().from(webhookEndpoints);
    const path = `/specialist/webhooks/${endpoint!.id}`;

    const tested = await post(path, session, [["intent", "test"]]);
    expect(tested.headers.get("location")).toBe(`${path}?done=test`);
    const [delivery] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint!.id));
    expect(delivery).toMatchObject({ eventType: "webhook.test", status: "pending" });
    expect(app.enqueued).toContainEqual({ type: "webhook-delivery", deliveryId: delivery!.id });
    expect(await html(await app.get(path, { cookie: session }))).toContain("webhook.test");

    const missing = await post(path, session, [
      ["intent", "redeliver"],
      ["deliveryId", "msg_nope"],
    ]);
    expect(missing.status).toBe(400);
  });

  test("another specialist can't see, change or delete it, and doesn't list it", async () => {
    const owner = await specialistSession();
    await post("/specialist/webhooks", owner, endpointForm("https://hooks.example.com/in"));
    const [endpoint] = await database.db.select().from(webhookEndpoints);
    const stranger = await specialistSession();
    const path = `/specialist/webhooks/${endpoint!.id}`;

    expect((await app.get(path, { cookie: stranger })).status).toBe(404);
    expect((await post(path, stranger, [["intent", "delete"]])).status).toBe(404);
    expect((await post(path, stranger, [["intent", "save"], ...endpointForm("https://evil.example.com/in")])).status).toBe(404);
    expect(await html(await app.get("/specialist/webhooks", { cookie: stranger }))).not.toContain("hooks.example.com");
    expect(await database.db.select().from(webhookEndpoints)).toMatchObject([{ url: "https://hooks.example.com/in" }]);
  });

  test("the owner disables, saves settings and deletes", async () => {
    const session = await specialistSession();
    await post("/specialist/webhooks", session, endpointForm("https://hooks.example.com/in"));
    const [endpoint] = await database.db.select().from(webhookEndpoints);
    const path = `/specialist/webhooks/${endpoint!.id}`;

    await post(path, session, [["intent", "disable"]]);
    expect(await database.db.select().from(webhookEndpoints)).toMatchObject([{ status: "disabled" }]);
    const saved = await post(path, session, [
      ["intent", "save"],
      ["url", "https://crm.example.org/hooks"],
      ["events", "review.created"],
    ]);
    expect(saved.headers.get("location")).toBe(`${path}?done=saved`);
    expect(await database.db.select().from(webhookEndpoints)).toMatchObject([
      { url: "https://crm.example.org/hooks", events: ["review.created"] },
    ]);
    const deleted = await post(path, session, [["intent", "delete"]]);
    expect(deleted.headers.get("location")).toBe("/specialist/webhooks?done=deleted");
    expect(await database.db.select().from(webhookEndpoints)).toEqual([]);
  });
});

describe("/admin/webhooks", () => {
  test("an admin adds a platform-wide endpoint, which no specialist sees", async () => {
    const admin = await createUser(database.db, { role: "admin" });
    const session = await signedInCookie(database.db, admin.id, new Date());
    const created = await post("/admin/webhooks", session, endpointForm("https://ops.example.com/in"));
    expect(created.status).toBe(302);
    expect(await database.db.select().from(webhookEndpoints)).toMatchObject([{ specialistId: null, createdBy: admin.id }]);
    expect(await html(await app.get("/admin/webhooks", { cookie: session }))).toContain("https://ops.example.com/in");

    const specialist = await specialistSession();
    expect(await html(await app.get("/specialist/webhooks", { cookie: specialist }))).not.toContain("ops.example.com");
  });
});
