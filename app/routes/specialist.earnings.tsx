import { useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { EarningsLedger } from "~/components/earnings/earnings-ledger";
import { EarningsSummary, type CurrencySummary } from "~/components/earnings/earnings-summary";
import { ledgerLines, monthlyCharts } from "~/components/earnings/earnings-view";
import { ChartWithTable } from "~/components/earnings/month-chart";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/domain/auth/auth.server";
import { statusLabels } from "~/domain/booking/booking-labels";
import { lastTwelveMonths } from "~/domain/payments/ledger";
import { ledgerPageSize, ledgerSearch, ledgerStatuses, parseLedgerQuery } from "~/domain/payments/ledger-query";
import { earningsPage, practiceOf } from "~/domain/payments/ledger.server";
import { isTestPaymentProvider } from "~/domain/payments/test-provider.server";
import { viewerTimeZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatMoney } from "~/lib/money";

export const meta: MetaFunction = () => [{ title: "Earnings · Specialistly" }];

const path = "/specialist/earnings";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const practice = await practiceOf(context.db, user.id);
  if (!practice) throw redirect("/specialist/profile");
  const query = parseLedgerQuery(new URL(request.url).searchParams, practice.timezone);
  if (!query.ok) throw data(query.message, { status: 400 });

  const now = context.clock.now();
  const months = lastTwelveMonths(now, practice.timezone);
  const earnings = await earningsPage(context.db, practice, {
    now,
    months,
    filter: query.filter,
    page: { number: query.page, size: ledgerPageSize },
  });
  const { ledger } = earnings;
  const currencies = [...new Set([...earnings.totals, ...earnings.pending, ...earnings.paidOut].map((row) => row.currency))].sort();
  const summaries: CurrencySummary[] = currencies.map((currency) => {
    const money = (minor: number | undefined) => formatMoney(minor ?? 0, currency);
    const totals = earnings.totals.find((row) => row.currency === currency);
    return {
      currency,
      gross: money(totals?.grossMinor),
      fee: money(totals?.feeMinor),
      refunds: money(totals?.refundsMinor),
      net: money(totals?.netMinor),
      pending: money(earnings.pending.find((row) => row.currency === currency)?.netMinor),
      paidOut: money(earnings.paidOut.find((row) => row.currency === currency)?.amountMinor),
    };
  });
  const pages = Math.max(1, Math.ceil(ledger.count / ledgerPageSize));
  const pageHref = (page: number) => `${path}${ledgerSearch(query.values, page)}`;

  return {
    zone: zoneName(practice.timezone),
    summaries,
    payoutsNote: isTestPaymentProvider(context.payments)
      ? "Payouts appear here once Stripe is connected: in test-payment mode no real money moves, so nothing is paid out."
      : null,
    charts: monthlyCharts(earnings.monthly, months, practice.timezone, {
      barLabel: "Net",
      bar: "netMinor",
      columns: [
        ["Gross", "grossMinor"],
        ["Fee", "feeMinor"],
        ["Refunds", "refundsMinor"],
        ["Net", "netMinor"],
      ],
    }),
    lines: ledgerLines(ledger.rows, viewerTimeZone(request) ?? user.timezone),
    filter: {
      values: query.values,
      monthOptions: [...months].reverse().map((month) => ({ value: month.key, label: month.label })),
      statusOptions: ledgerStatuses.map((status) => ({ value: status, label: statusLabels[status] })),
    },
    pager: {
      count: ledger.count,
      page: query.page,
      pages,
      previousHref: query.page > 1 ? pageHref(query.page - 1) : null,
      nextHref: query.page < pages ? pageHref(query.page + 1) : null,
      csvHref: `${path}.csv${ledgerSearch(query.values)}`,
    },
  };
}

export default function EarningsPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <EarningsSummary summaries={page.summaries} payoutsNote={page.payoutsNote} />
      <section aria-labelledby="months-heading" className="space-y-4">
        <h2 id="months-heading" className="text-lg font-semibold text-slate-900">
          The last twelve months
        </h2>
        <p className="text-sm text-slate-600">Months by session date, in your zone ({page.zone}). Bars show your net.</p>
        {page.charts.length === 0 ? <p className="text-slate-700">No paid sessions in these months.</p> : null}
        {page.charts.map((chart) => (
          <ChartWithTable
            key={chart.currency}
            chartTitle={chart.chartTitle}
            months={chart.months}
            caption={chart.caption}
            columns={["Gross", "Fee", "Refunds", "Net"]}
            rows={chart.rows}
          />
        ))}
      </section>
      <EarningsLedger lines={page.lines} filter={page.filter} pager={page.pager} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
