import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ReceiptView, type ReceiptViewProps } from "~/components/receipts/receipt-view";
import { ErrorPanel, GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/domain/auth/auth.server";
import { formatReceiptNumber, type RefundStatus } from "~/domain/payments/ledger";
import { getReceipt } from "~/domain/payments/ledger.server";
import { viewerTimeZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatMoney } from "~/lib/money";
import { formatDate, formatRange } from "~/lib/time-format";
import printStylesheet from "~/styles/receipt-print.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStylesheet, media: "print" }];

export const meta: MetaFunction<typeof loader> = ({ data: receipt }) => [{ title: `Receipt ${receipt?.number ?? ""} · Specialistly` }];

const refundStates: Record<RefundStatus, string> = {
  succeeded: "Refunded",
  pending: "Pending",
  failed: "Failed, being retried",
};

export async function loader({ request, params, context }: LoaderFunctionArgs): Promise<ReceiptViewProps> {
  const { user } = await requireUser(request, context);
  const result = await getReceipt(context.db, { userId: user.id, role: user.role }, params.id ?? "");
  if (result.status === "not-found") throw new Response("No booking of yours has that address", { status: 404, statusText: "Not Found" });
  if (result.status === "no-payment") {
    throw new Response("No payment was taken for this booking, so it has no receipt.", { status: 404, statusText: "Not Found" });
  }
  const { receipt } = result;
  const zone = viewerTimeZone(request) ?? user.timezone;
  const money = (minor: number) => formatMoney(minor, receipt.money.currency);
  return {
    bookingHref: receipt.viewerRole === "admin" ? null : `/bookings/${receipt.bookingId}`,
    number: formatReceiptNumber(receipt.receiptNumber),
    paidOn: formatDate(receipt.paidAt, zone),
    sessionTitle: receipt.sessionTitle,
    specialistName: receipt.specialistName,
    customerName: receipt.customerName,
    when: { text: formatRange(receipt.startsAt, receipt.endsAt, zone), zone: zoneName(zone) },
    amountPaid: money(receipt.money.grossMinor),
    refunds: receipt.refunds.map((refund) => ({
      amount: formatMoney(refund.amountMinor, refund.currency),
      date: formatDate(refund.at, zone),
      status: refundStates[refund.status],
      counted: refund.counted,
    })),
    totalAfterRefunds: money(receipt.money.grossMinor - receipt.money.refundsMinor),
    specialistShare:
      receipt.viewerRole === "customer" ? null : { feeKept: money(receipt.money.feeMinor), net: money(receipt.money.netMinor) },
  };
}

export default function ReceiptPage() {
  return <ReceiptView {...useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: ({ error }) => (
          <ErrorPanel
            title="No receipt here"
            detail={typeof error.data === "string" ? error.data : undefined}
            next={{ href: "/bookings", label: "Your bookings" }}
          />
        ),
      }}
    />
  );
}
