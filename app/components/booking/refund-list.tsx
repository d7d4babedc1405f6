import type { refundStatuses } from "../../../db/schema";

type RefundStatus = (typeof refundStatuses)[number];

const stateWords: Record<RefundStatus, string> = {
  succeeded: "refunded",
  pending: "on its way",
  failed: "not through yet — we keep retrying",
};

/** Each refund of the booking with its amount and where it stands. */
export function RefundList({ refunds }: { refunds: readonly { amount: string; status: RefundStatus }[] }) {
  if (refunds.length === 0) return null;
  return (
    <section aria-labelledby="refunds-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="refunds-heading" className="text-lg font-semibold text-slate-900">
        Refunds
      </h2>
      <ul className="mt-2 space-y-1 text-slate-700">
        {refunds.map((refund, index) => (
          <li key={index}>
            Refund: <strong>{refund.amount}</strong> {stateWords[refund.status]}
          </li>
        ))}
      </ul>
    </section>
  );
}
