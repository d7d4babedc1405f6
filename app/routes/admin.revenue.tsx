import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { monthlyCharts } from "~/components/earnings/earnings-view";
import { ChartWithTable } from "~/components/earnings/month-chart";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/domain/auth/auth.server";
import { lastTwelveMonths } from "~/domain/payments/ledger";
import { platformRevenue } from "~/domain/payments/ledger.server";

export const meta: MetaFunction = () => [{ title: "Revenue · Specialistly" }];

// The platform's books close on UTC months: one calendar for every admin, wherever they are.
const zone = "UTC";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const months = lastTwelveMonths(context.clock.now(), zone);
  const revenue = await platformRevenue(context.db, { userId: user.id, role: user.role }, months);
  if (!revenue) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  return {
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
  const { charts } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Revenue</h1>
      <p className="text-slate-700">
        Platform fees kept on paid bookings (less the fee share refunds gave back), with the gross paid and the refunds beside them. Months
        by session date, UTC; each currency on its own.
      </p>
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
