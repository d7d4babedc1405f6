import { useHydrated } from "~/lib/use-hydrated";

export interface ReceiptViewProps {
  /** The booking's page, for its parties (admins have none). */
  bookingHref: string | null;
  number: string;
  paidOn: string;
  sessionTitle: string;
  specialistName: string;
  customerName: string;
  when: { text: string; zone: string };
  amountPaid: string;
  refunds: { amount: string; date: string; status: string; counted: boolean }[];
  totalAfterRefunds: string;
  /** The specialist's and admins' view: what the platform kept and what reaches the specialist. */
  specialistShare: { feeKept: string; net: string } | null;
}

/** Printing is an enhancement: without JavaScript the browser's own Print command does the same. */
function PrintButton() {
  const hydrated = useHydrated();
  if (!hydrated) return <p className="text-sm text-slate-600">To print or save as PDF, use your browser's Print command.</p>;
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-brand-700"
    >
      Print
    </button>
  );
}

function Line({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <tr className="border-t border-slate-200">
      <th scope="row" className={`py-2 pr-4 text-left ${strong ? "font-semibold text-slate-900" : "font-normal text-slate-700"}`}>
        {label}
      </th>
      <td className={`py-2 text-right tabular-nums ${strong ? "font-semibold text-slate-900" : "text-slate-800"}`}>{value}</td>
    </tr>
  );
}

export function ReceiptView(receipt: ReceiptViewProps) {
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div data-screen-only className="flex flex-wrap items-center justify-between gap-3">
        {receipt.bookingHref ? (
          <a href={receipt.bookingHref} className="text-sm font-medium text-brand-700 underline underline-offset-4">
            Back to the booking
          </a>
        ) : (
          <span />
        )}
        <PrintButton />
      </div>
      <article data-receipt aria-labelledby="receipt-heading" className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-slate-500">Specialistly</p>
        <h1 id="receipt-heading" className="mt-1 text-2xl font-bold text-slate-900">
          Receipt {receipt.number}
        </h1>
        <p className="mt-1 text-slate-700">Paid on {receipt.paidOn}</p>

        <dl className="mt-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-slate-800">
          <dt className="text-slate-600">Session</dt>
          <dd>{receipt.sessionTitle}</dd>
          <dt className="text-slate-600">Specialist</dt>
          <dd>{receipt.specialistName}</dd>
          <dt className="text-slate-600">Customer</dt>
          <dd>{receipt.customerName}</dd>
          <dt className="text-slate-600">When</dt>
          <dd>
            {receipt.when.text} <span className="text-slate-500">({receipt.when.zone})</span>
          </dd>
        </dl>

        <table className="mt-6 w-full">
          <caption className="sr-only">Payment and refunds</caption>
          <tbody>
            <Line label="Amount paid" value={receipt.amountPaid} />
            {receipt.refunds.map((refund, index) => (
              <tr key={index} className="border-t border-slate-200">
                <th scope="row" className="py-2 pr-4 text-left font-normal text-slate-700">
                  Refund of {refund.date} · {refund.status}
                  {refund.counted ? null : <span className="text-slate-500"> (not counted)</span>}
                </th>
                <td className="py-2 text-right tabular-nums text-slate-800">
                  {refund.counted ? "−" : ""}
                  {refund.amount}
                </td>
              </tr>
            ))}
            <Line label="Total after refunds" value={receipt.totalAfterRefunds} strong />
            {receipt.specialistShare ? (
              <>
                <Line label="Platform fee kept" value={receipt.specialistShare.feeKept} />
                <Line label="Net to the specialist" value={receipt.specialistShare.net} strong />
              </>
            ) : null}
          </tbody>
        </table>
      </article>
    </div>
  );
}
