import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { TrendChart } from "~/components/admin/trend-chart";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { adminDashboard, changeAgainstPrevious, periodDays, type Trend } from "~/domain/admin/dashboard.server";
import { requireRole } from "~/domain/auth/auth.server";
import { statusLabels } from "~/domain/booking/booking-labels";
import { formatMoney } from "~/lib/money";

export const meta: MetaFunction = () => [{ title: "Admin dashboard · Specialistly" }];

interface Card {
  label: string;
  value: string;
  previous: string;
  change: string;
  currentDays: number[];
  previousDays: number[];
}

const card = (label: string, trend: Trend, format: (value: number) => string): Card => ({
  label,
  value: format(trend.current),
  previous: format(trend.previous),
  change: changeAgainstPrevious(trend.current, trend.previous),
  currentDays: trend.currentDays,
  previousDays: trend.previousDays,
});

const plain = (value: number) => value.toLocaleString("en");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const dashboard = await adminDashboard(context, { userId: user.id, role: user.role });
  if (!dashboard) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  const { periods } = dashboard;
  return {
    periodDays,
    period: `${periods.current[0]!.label} – ${periods.current.at(-1)!.label}`,
    previousPeriod: `${periods.previous[0]!.label} – ${periods.previous.at(-1)!.label}`,
    cards: [
      card("Sign-ups", dashboard.users.signUps, plain),
      card("Bookings made", dashboard.bookings.made, plain),
      ...dashboard.money.flatMap((money) => [
        card(`Gross, ${money.currency}`, money.gross, (minor) => formatMoney(minor, money.currency)),
        card(`Platform fees kept, ${money.currency}`, money.fees, (minor) => formatMoney(minor, money.currency)),
      ]),
    ],
    tables: [
      {
        caption: "Users",
        rows: [
          ["Customers", dashboard.users.byRole.customer],
          ["Specialists", dashboard.users.byRole.specialist],
          ["Admins", dashboard.users.byRole.admin],
          ["Suspended (of these)", dashboard.users.suspended],
        ],
      },
      {
        caption: "Specialists",
        rows: [
          ["Waiting for approval", dashboard.specialists.byApproval.pending],
          ["Approved", dashboard.specialists.byApproval.approved],
          ["Rejected", dashboard.specialists.byApproval.rejected],
          ["Listed in the directory", dashboard.specialists.listed],
        ],
      },
      {
        caption: "Bookings",
        rows: Object.entries(dashboard.bookings.byStatus).map(([status, n]) => [statusLabels[status as keyof typeof statusLabels], n]),
      },
    ] as { caption: string; rows: [string, number][] }[],
  };
}

export default function AdminDashboard() {
  const { periodDays, period, previousPeriod, cards, tables } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <div>
        <h2 className="text-2xl font-semibold text-slate-900">Dashboard</h2>
        <p className="mt-1 text-sm text-slate-600">
          The last {periodDays} days ({period}, UTC) against the {periodDays} before ({previousPeriod}). Bars are this period&apos;s days;
          the dashed line is the period before. Money is by session date, after refunds, per currency.
        </p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {cards.map((item) => (
          <li key={item.label} className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
            <h3 className="text-sm font-medium text-slate-600">{item.label}</h3>
            <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{item.value}</p>
            <p className="text-sm text-slate-600">
              <span className="font-medium">{item.change}</span> against {item.previous}
            </p>
            <TrendChart
              title={item.label}
              currentDays={item.currentDays}
              previousDays={item.previousDays}
              summary={`${item.value} in the last ${periodDays} days, ${item.previous} in the ${periodDays} before`}
            />
          </li>
        ))}
      </ul>
      <div className="grid gap-6 md:grid-cols-3">
        {tables.map((table) => (
          <table key={table.caption} className="w-full text-sm">
            <caption className="mb-2 text-left font-medium text-slate-800">{table.caption}</caption>
            <tbody>
              {table.rows.map(([label, n]) => (
                <tr key={label} className="border-t border-slate-200">
                  <th scope="row" className="py-1 pr-3 text-left font-normal text-slate-700">
                    {label}
                  </th>
                  <td className="py-1 text-right tabular-nums text-slate-900">{n.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
