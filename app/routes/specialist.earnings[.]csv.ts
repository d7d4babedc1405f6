import { redirect, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { requireRole } from "~/domain/auth/auth.server";
import { ledgerCsv } from "~/domain/payments/ledger-csv";
import { parseLedgerQuery } from "~/domain/payments/ledger-query";
import { ledgerRows, practiceOf } from "~/domain/payments/ledger.server";

// The earnings ledger with the page's filter, as a CSV download (dates in the specialist's zone).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const practice = await practiceOf(context.db, user.id);
  if (!practice) throw redirect("/specialist/profile");
  const query = parseLedgerQuery(new URL(request.url).searchParams, practice.timezone);
  if (!query.ok) {
    return new Response(query.message, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  const rows = await ledgerRows(context.db, practice, query.filter);
  const name = ["earnings", query.values.month, query.values.status].filter(Boolean).join("-");
  return new Response(ledgerCsv(rows, practice.timezone), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
