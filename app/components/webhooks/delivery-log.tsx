import { Form } from "@remix-run/react";
import { SubmitButton } from "../forms";

export interface DeliveryView {
  id: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  createdAt: string;
  nextAttemptAt: string | null;
  attempts: {
    id: string;
    at: string;
    responseStatus: number | null;
    snippet: string | null;
    error: string | null;
    durationMs: number | null;
  }[];
}

const statusLabels = { pending: "Pending", succeeded: "Delivered", failed: "Failed" } as const;
const statusStyles = {
  pending: "bg-amber-50 text-amber-800",
  succeeded: "bg-green-50 text-green-800",
  failed: "bg-red-50 text-red-800",
} as const;

/** The latest deliveries, each with what the endpoint answered on every attempt. */
export function DeliveryLog({ deliveries, canRedeliver }: { deliveries: DeliveryView[]; canRedeliver: boolean }) {
  if (deliveries.length === 0) return <p className="mt-4 text-sm text-slate-700">Nothing has been sent here yet. Send a test to try it.</p>;
  return (
    <ul className="mt-4 divide-y divide-slate-200">
      {deliveries.map((delivery) => (
        <li key={delivery.id} className="py-3" data-delivery={delivery.id}>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-slate-900">
              <code className="font-medium">{delivery.eventType}</code> · {delivery.createdAt}{" "}
              <span className={`ml-1 rounded-full px-2 py-0.5 text-xs font-medium ${statusStyles[delivery.status]}`}>
                {statusLabels[delivery.status]}
              </span>
              {delivery.nextAttemptAt ? <span className="ml-2 text-xs text-slate-600">next try {delivery.nextAttemptAt}</span> : null}
            </p>
            {canRedeliver && delivery.status !== "pending" ? (
              <Form method="post">
                <input type="hidden" name="deliveryId" value={delivery.id} />
                <SubmitButton name="intent" value="redeliver" variant="secondary" pendingLabel="Sending…">
                  Redeliver<span className="sr-only"> {delivery.eventType}</span>
                </SubmitButton>
              </Form>
            ) : null}
          </div>
          <p className="mt-1 text-xs text-slate-500">
            webhook-id <code>{delivery.id}</code>
          </p>
          {delivery.attempts.length > 0 ? (
            <table className="mt-2 w-full text-left text-xs text-slate-700">
              <thead>
                <tr className="text-slate-500">
                  <th className="py-1 pr-3 font-medium">Attempt</th>
                  <th className="py-1 pr-3 font-medium">Response</th>
                  <th className="py-1 pr-3 font-medium">Time</th>
                  <th className="py-1 font-medium">Body or error</th>
                </tr>
              </thead>
              <tbody>
                {delivery.attempts.map((attempt) => (
                  <tr key={attempt.id} className="align-top">
                    <td className="py-1 pr-3">{attempt.at}</td>
                    <td className="py-1 pr-3 font-medium">{attempt.responseStatus ?? "no response"}</td>
                    <td className="py-1 pr-3">{attempt.durationMs === null ? "" : `${attempt.durationMs} ms`}</td>
                    <td className="break-all py-1">
                      {attempt.error && attempt.responseStatus === null ? attempt.error : (attempt.snippet ?? "")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
