import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { monthlyCharts } from "~/components/earnings/earnings-view";
import { ChartWithTable } from "~/components/earnings/month-chart";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/domain/auth/auth.server";
import { lastTwelveMonths } from "~/domain/payments/ledger";
import { paymentsNeedingAttention } from "~/domain/payments/attention.server";
import { platformRevenue } from "~/domain/payments/ledger.server";
import { formatMoney } from "~/lib/money";
import { formatSessionTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Revenue · Specialistly" }];

// The platform's books close on UTC months: one calendar for every admin, wherever they are.
const zone = "UTC";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const months = lastTwelveMonths(context.clock.now(), zone);
  const viewer = { userId: user.id, role: user.role };
  const [revenue, attention] = await Promise.all([
    platformRevenue(context.db, viewer, months),
    paymentsNeedingAttention(context.db, viewer),
  ]);
  if (!revenue || !attention) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  return {
    attention: attention.map((item) => ({
      bookingId: item.bookingId,
      what: item.what,
      amount: formatMoney(item.amountMinor, item.currency),
      detail: item.detail,
      at: formatSessionTime(item.at, zone),
    })),
    charts: monthlyCharts(revenue, months, zone, {
      barLabel: "Platform fees kept",
      bar: "feeMinor",
      columns: [
        ["Fees kept", "feeMinor"],
        ["Gross", "grossMinor"],
        ["Refunds", "refundsMinor"],
      ],
    }),
  };
}

export default function RevenuePage() {
  const { charts, attention } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h2 className="text-2xl font-semibold text-slate-900">Revenue</h2>
      <p className="text-slate-700">
        Platform fees kept on paid bookings (less the fee share refunds gave back), with the gross paid and the refunds beside them. Months
        by session date, UTC; each currency on its own.
      </p>
      <section aria-labelledby="attention-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="attention-heading" className="text-lg font-semibold text-slate-900">
          Needs attention
        </h2>
        {attention.length === 0 ? (
          <p className="mt-2 text-sm text-slate-700">No failed refunds or flagged payments.</p>
        ) : (
          <table className="mt-3 w-full text-left text-sm">
            <caption className="sr-only">Failed refunds and flagged payments, newest first (times in UTC)</caption>
            <thead>
              <tr className="text-slate-600">
                <th scope="col" className="py-1 pr-3 font-medium">
                  When (UTC)
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  What
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Amount
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Booking
                </th>
                <th scope="col" className="py-1 font-medium">
                  Why
                </th>
              </tr>
            </thead>
            <tbody>
              {attention.map((item) => (
                <tr key={`${item.what}-${item.bookingId}-${item.at}`} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-3 whitespace-nowrap">{item.at}</td>
                  <td className="py-1 pr-3">{item.what}</td>
                  <td className="py-1 pr-3">{item.amount}</td>
                  <td className="py-1 pr-3 font-mono text-xs">{item.bookingId}</td>
                  <td className="py-1">{item.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {charts.length === 0 ? <p className="text-slate-700">No paid sessions in the last twelve months.</p> : null}
      {charts.map((chart) => (
        <section key={chart.currency} aria-labelledby={`revenue-${chart.currency}`} className="space-y-3">
          <h2 id={`revenue-${chart.currency}`} className="text-lg font-semibold text-slate-900">
            {chart.currency}
          </h2>
          <ChartWithTable
            chartTitle={chart.chartTitle}
            months={chart.months}
            caption={chart.caption}
            columns={["Fees kept", "Gross", "Refunds"]}
            rows={chart.rows}
          />
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
