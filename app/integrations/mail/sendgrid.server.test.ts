import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { notifications, type User } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { startSendGridStandIn, type SendGridStandIn } from "../../../tests/stand-ins/sendgrid";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { deliverNotification, maxDeliveryAttempts, notify } from "../../domain/notifications/notifications.server";
import { parseAppEnv } from "../../env.server";
import { createMessaging } from "../messaging.server";
import { ProviderError } from "../provider-error";
import { createOutboxSmsSender } from "./outbox-mailer.server";
import { createSendGridMailer } from "./sendgrid.server";

let sendgrid: SendGridStandIn;
let database: TestDatabase;
const clock = createTestClock();

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
});
afterAll(async () => {
  await sendgrid.close();
});
beforeEach(async () => {
  database = await createTestDatabase();
  sendgrid.accepted.length = 0;
  sendgrid.requests = 0;
});
afterEach(() => database.cleanup());

const mailer = () =>
  createSendGridMailer({ apiKey: sendgrid.apiKey, from: "Specialistly <hello@specialistly.example>", apiUrl: sendgrid.url });

describe("SendGrid Mail Send", () => {
  it("sends the message as SendGrid expects it, authenticated with the API key", async () => {
    const calendar = "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nSUMMARY:Séance\r\nEND:VCALENDAR\r\n";
    const sent = await mailer().send({
      to: "client@example.com",
      subject: "Confirmed: Career coaching",
      text: "Your session is confirmed.",
      html: "<p>Your session is confirmed.</p>",
      template: "booking-paid-confirmed",
      messageKey: "notification-1",
      headers: {
        "List-Unsubscribe": "<https://app.example/unsubscribe/notification-1>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      attachments: [{ filename: "session.ics", contentType: "text/calendar; method=PUBLISH; charset=utf-8", content: calendar }],
    });

    expect(sendgrid.accepted).toHaveLength(1);
    const [mail] = sendgrid.accepted;
    expect(sent.providerMessageId).toBe(mail!.messageId);
    expect(mail).toMatchObject({
      to: "client@example.com",
      from: { email: "hello@specialistly.example", name: "Specialistly" },
      subject: "Confirmed: Career coaching",
      content: [
        { type: "text/plain", value: "Your session is confirmed." },
        { type: "text/html", value: "<p>Your session is confirmed.</p>" },
      ],
      headers: {
        "List-Unsubscribe": "<https://app.example/unsubscribe/notification-1>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      attachments: [{ filename: "session.ics", type: "text/calendar", disposition: "attachment", content: calendar }],
      customArgs: { notification_id: "notification-1" },
    });
  });

  it("is refused for good with SendGrid's reason when the key is wrong", async () => {
    const wrongKey = createSendGridMailer({ apiKey: "SG.wrong", from: "hello@specialistly.example", apiUrl: sendgrid.url });
    const refusal = await wrongKey
      .send({ to: "client@example.com", subject: "Hi", text: "Hi", html: "<p>Hi</p>", template: "test" })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProviderError);
    expect(refusal).toMatchObject({ permanent: true, status: 401 });
    expect((refusal as Error).message).toContain("The provided authorization grant is invalid");
    expect(sendgrid.accepted).toHaveLength(0);
  });

  it("asks for a retry when SendGrid can't be reached or is rate limiting", async () => {
    const unreachable = createSendGridMailer({ apiKey: sendgrid.apiKey, from: "hello@specialistly.example", apiUrl: "http://127.0.0.1:9" });
    const message = { to: "client@example.com", subject: "Hi", text: "Hi", html: "<p>Hi</p>", template: "test" };
    await expect(unreachable.send(message)).rejects.toMatchObject({ name: "ProviderError", permanent: false });
    sendgrid.failNext(1, 429);
    await expect(mailer().send(message)).rejects.toMatchObject({ name: "ProviderError", permanent: false, status: 429 });
  });

  it("is the mailer when SENDGRID_API_KEY and MAIL_FROM are set, the outbox otherwise", () => {
    const base = { NODE_ENV: "test", DATABASE_URL: "file:unused.db" };
    expect(createMessaging(parseAppEnv(base), database.db, clock).mailer.name).toBe("outbox");
    const configured = parseAppEnv({ ...base, SENDGRID_API_KEY: "SG.key", MAIL_FROM: "Specialistly <hello@specialistly.example>" });
    expect(createMessaging(configured, database.db, clock).mailer.name).toBe("sendgrid");
  });
});

describe("notifications delivered through SendGrid", () => {
  let admin: User;

  async function queuedNotification() {
    admin = await createUser(database.db, { role: "admin", email: "admin@specialistly.example" });
    const recorded = notify(
      { db: database.db, clock },
      {
        userId: admin.id,
        kind: "payment-flagged",
        subject: { type: "booking", id: "booking-1" },
        payload: { bookingId: "booking-1", problem: "amount differs", refund: "€10.00" },
      },
    );
    await database.db.batch([recorded.statements[0]!, ...recorded.statements.slice(1)]);
    const [row] = await database.db.select().from(notifications).where(eq(notifications.userId, admin.id));
    return row!.id;
  }

  const deliver = (id: string) =>
    deliverNotification(
      { db: database.db, clock, mailer: mailer(), sms: createOutboxSmsSender(database.db), origin: "https://app.example" },
      id,
    );
  const stored = async (id: string) => (await database.db.select().from(notifications).where(eq(notifications.id, id)))[0]!;

  it("is sent with the provider's message id and the notification id as a custom argument", async () => {
    const id = await queuedNotification();
    await expect(deliver(id)).resolves.toBe("sent");
    expect(sendgrid.accepted).toHaveLength(1);
    expect(sendgrid.accepted[0]).toMatchObject({ to: "admin@specialistly.example", customArgs: { notification_id: id } });
    expect(await stored(id)).toMatchObject({ status: "sent", providerMessageId: sendgrid.accepted[0]!.messageId, attempts: 1 });
  });

  it("fails at once, without a retry, when SendGrid refuses it (4xx), keeping SendGrid's error", async () => {
    const id = await queuedNotification();
    sendgrid.failNext(1, 400, "The from object must be provided for every email send.");
    await expect(deliver(id)).resolves.toBe("failed");
    await expect(deliver(id)).resolves.toBe("not-due");
    expect(sendgrid.requests).toBe(1);
    const row = await stored(id);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toContain("The from object must be provided for every email send.");
  });

  it("is retried on a 5xx, then failed after the last attempt with the error kept", async () => {
    const id = await queuedNotification();
    sendgrid.failNext(maxDeliveryAttempts, 503, "Service unavailable");
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt += 1) {
      await expect(deliver(id)).rejects.toMatchObject({ name: "ProviderError", permanent: false, status: 503 });
      const row = await stored(id);
      expect(row.status).toBe(attempt < maxDeliveryAttempts ? "queued" : "failed");
      expect(row.lastError).toContain("Service unavailable");
    }
    expect(sendgrid.requests).toBe(maxDeliveryAttempts);
    expect(sendgrid.accepted).toHaveLength(0);
    expect(await stored(id)).toMatchObject({ status: "failed", attempts: maxDeliveryAttempts });
  });

  it("goes out on the retry after a passing 5xx", async () => {
    const id = await queuedNotification();
    sendgrid.failNext(1, 500);
    await expect(deliver(id)).rejects.toMatchObject({ permanent: false });
    await expect(deliver(id)).resolves.toBe("sent");
    expect(sendgrid.accepted).toHaveLength(1);
    expect(await stored(id)).toMatchObject({ status: "sent", lastError: null, attempts: 2 });
  });
});
