// Receiving a payment provider's webhook (DESIGN.md §4.3): verify, then store, enqueue and
// acknowledge like every inbound event (webhooks/inbound-events.server.ts).
import type { AppLoadContext } from "@remix-run/server-runtime";
import { storeInboundEvents } from "../webhooks/inbound-events.server";
import type { NormalizedEvent, PaymentProvider } from "./payment-provider";

type Context = Pick<AppLoadContext, "db" | "clock" | "queue">;

export type ReceiveWebhookResult = { status: 200; event: NormalizedEvent; duplicate: boolean } | { status: 400; message: string };

/** How a stored event's payload looks (dates as ISO strings). */
export type StoredEvent = NormalizedEvent extends infer E
  ? E extends NormalizedEvent
    ? Omit<E, "occurredAt"> & { occurredAt: string }
    : never
  : never;

/** Bad signature → 400 with nothing stored; otherwise stored once and acknowledged. */
export async function receiveWebhook(context: Context, provider: PaymentProvider, request: Request): Promise<ReceiveWebhookResult> {
  const event = await provider.verifyWebhook(request);
  if (!event) return { status: 400, message: "Invalid signature." };
  const payload = { ...event, occurredAt: event.occurredAt.toISOString() };
  // Stored under the provider's own type name, so unknown types are recognisable later.
  const type = event.providerType ?? event.type;
  const { duplicates } = await storeInboundEvents(context, provider.name, [{ eventId: event.eventId, type, payload }]);
  return { status: 200, event, duplicate: duplicates > 0 };
}
