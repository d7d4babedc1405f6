import type { LedgerLine } from "./earnings-view";

export interface LedgerFilterProps {
  values: { month: string; status: string };
  monthOptions: readonly { value: string; label: string }[];
  statusOptions: readonly { value: string; label: string }[];
}

export interface LedgerPagerProps {
  count: number;
  page: number;
  pages: number;
  previousHref: string | null;
  nextHref: string | null;
  csvHref: string;
}

const selectClass = "mt-1 block rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900";

/** Month and status as a plain GET form: it works without JavaScript and the address keeps the filter. */
function LedgerFilterForm({ values, monthOptions, statusOptions }: LedgerFilterProps) {
  return (
    <form method="get" action="/specialist/earnings" className="flex flex-wrap items-end gap-4">
      <label className="text-sm font-medium text-slate-800">
        Month of the session
        <select name="month" defaultValue={values.month} className={selectClass}>
          <option value="">Any month</option>
          {monthOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-slate-800">
        Status
        <select name="status" defaultValue={values.status} className={selectClass}>
          <option value="">Any status</option>
          {statusOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
      >
        Filter
      </button>
    </form>
  );
}

const columns = ["Session date", "Customer", "Session", "Status", "Gross", "Fee", "Refunds", "Net", "Receipt"];

export function EarningsLedger({
  lines,
  filter,
  pager,
}: {
  lines: readonly LedgerLine[];
  filter: LedgerFilterProps;
  pager: LedgerPagerProps;
}) {
  return (
    <section aria-labelledby="ledger-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="ledger-heading" className="text-lg font-semibold text-slate-900">
          Ledger
        </h2>
        <a href={pager.csvHref} download className="text-sm font-medium text-brand-700 underline underline-offset-4">
          Download CSV
        </a>
      </div>
      <LedgerFilterForm {...filter} />
      <p className="text-sm text-slate-700">
        {pager.count} paid {pager.count === 1 ? "booking" : "bookings"}
        {pager.pages > 1 ? ` · Page ${pager.page} of ${pager.pages}` : ""}
      </p>
      {lines.length > 0 ? (
        <div className="overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <caption className="sr-only">Paid bookings, latest session first</caption>
            <thead>
              <tr className="text-left text-slate-600">
                {columns.map((column, index) => (
                  <th key={column} scope="col" className={`px-2 py-2 font-medium ${index >= 4 && index <= 7 ? "text-right" : ""}`}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.bookingId} className="border-t border-slate-200">
                  <td className="px-2 py-2">
                    <time dateTime={line.startsAt}>{line.date}</time>
                  </td>
                  <td className="px-2 py-2">{line.customer}</td>
                  <td className="px-2 py-2">{line.session}</td>
                  <td className="px-2 py-2">{line.status}</td>
                  {[line.gross, line.fee, line.refunds, line.net].map((amount, index) => (
                    <td key={index} className={`px-2 py-2 text-right tabular-nums ${index === 3 ? "font-semibold" : ""}`}>
                      {amount}
                    </td>
                  ))}
                  <td className="px-2 py-2 whitespace-nowrap">
                    {line.receipt ? (
                      <a href={`/bookings/${line.bookingId}/receipt`} className="text-brand-700 underline underline-offset-4">
                        {line.receipt}
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-slate-700">No paid bookings match.</p>
      )}
      {pager.previousHref || pager.nextHref ? (
        <nav aria-label="Ledger pages" className="flex gap-4 text-sm font-medium">
          {pager.previousHref ? (
            <a href={pager.previousHref} rel="prev" className="text-brand-700 underline underline-offset-4">
              Previous page
            </a>
          ) : null}
          {pager.nextHref ? (
            <a href={pager.nextHref} rel="next" className="text-brand-700 underline underline-offset-4">
              Next page
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
