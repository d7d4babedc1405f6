export interface CurrencySummary {
  currency: string;
  gross: string;
  fee: string;
  refunds: string;
  net: string;
  pending: string;
  paidOut: string;
}

const figures: readonly (readonly [keyof Omit<CurrencySummary, "currency">, string])[] = [
  ["gross", "Gross"],
  ["fee", "Platform fee"],
  ["refunds", "Refunds"],
  ["net", "Net"],
  ["pending", "Pending"],
  ["paidOut", "Paid out"],
];

/** All-time figures, one card per currency (amounts in different currencies are never added up). */
export function EarningsSummary({ summaries, payoutsNote }: { summaries: readonly CurrencySummary[]; payoutsNote: string | null }) {
  return (
    <section aria-labelledby="totals-heading" className="space-y-3">
      <h2 id="totals-heading" className="text-lg font-semibold text-slate-900">
        Totals
      </h2>
      {summaries.length === 0 ? <p className="text-slate-700">No paid sessions yet.</p> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {summaries.map((summary) => (
          <section
            key={summary.currency}
            aria-label={`Totals in ${summary.currency}`}
            className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h3 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{summary.currency}</h3>
            <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1">
              {figures.map(([field, label]) => (
                <div key={field} className="contents">
                  <dt className="text-slate-600">{label}</dt>
                  <dd className={`text-right tabular-nums ${field === "net" ? "font-semibold text-slate-900" : "text-slate-800"}`}>
                    {summary[field]}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="text-sm text-slate-600">
        Net is what you keep: gross less the platform fee and refunds. A refund gives back its share of the platform fee too, so the fee
        counts only on what was kept. Pending is the net of paid sessions that haven't happened yet.
      </p>
      {payoutsNote ? <p className="text-sm text-slate-600">{payoutsNote}</p> : null}
    </section>
  );
}
