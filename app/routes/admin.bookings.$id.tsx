import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { BookingActivity, BookingSummary, type BookingRecordView } from "~/components/admin/booking-record";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { adminBookingDetail } from "~/domain/admin/bookings.server";
import { requireRole } from "~/domain/auth/auth.server";
import { statusLabels } from "~/domain/booking/booking-labels";
import { viewerTimeZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatMoney } from "~/lib/money";
import { formatDayTime, formatRange } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Booking · Admin · Specialistly" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const detail = await adminBookingDetail(context, { role: user.role }, params.id ?? "");
  if (!detail) throw new Response("There's no booking with that id.", { status: 404 });
  const zone = viewerTimeZone(request) ?? user.timezone;
  const at = (instant: Date | null) => (instant ? formatDayTime(instant, zone) : null);
  const money = (amountMinor: number, currency: string) => formatMoney(amountMinor, currency);
  const { booking } = detail;
  const view: BookingRecordView = {
    id: booking.id,
    zone: zoneName(zone),
    status: statusLabels[booking.status],
    sessionTitle: booking.sessionTitle,
    minutes: booking.sessionMinutes,
    topic: booking.topic,
    bookedAt: formatDayTime(booking.createdAt, zone),
    times: [
      { who: `Your time (${zoneName(zone)})`, range: formatRange(booking.startsAt, booking.endsAt, zone) },
      {
        who: `The customer's time (${zoneName(booking.customerTimezone)})`,
        range: formatRange(booking.startsAt, booking.endsAt, booking.customerTimezone),
      },
    ],
    price: money(booking.priceMinor, booking.currency),
    fee: money(booking.feeMinor, booking.currency),
    currency: booking.currency,
    customer: { userId: booking.customer.id, name: booking.customer.name, email: booking.customer.email },
    specialist: {
      userId: booking.specialist.userId,
      name: booking.specialist.name,
      email: booking.specialist.email,
      slug: booking.specialist.slug,
    },
    history: detail.history.map((event) => ({
      from: event.fromStatus ? statusLabels[event.fromStatus] : "—",
      to: statusLabels[event.toStatus],
      actor: event.actorName ? `${event.actor} (${event.actorName})` : event.actor,
      reason: event.reason,
      at: formatDayTime(event.at, zone),
    })),
    payments: detail.payments.map((payment) => ({
      id: payment.id,
      status: payment.kept ? `${payment.status}, kept` : payment.status,
      amount: money(payment.amountMinor, payment.currency),
      fee: money(payment.feeMinor, payment.currency),
      provider: payment.provider,
      checkoutId: payment.checkoutId,
      paymentId: payment.paymentId,
      paidAt: at(payment.paidAt),
      receiptNumber: payment.receiptNumber,
      flag: payment.flag,
      dispute: payment.dispute ? `${payment.dispute.id}: ${payment.dispute.status ?? "open"} since ${at(payment.dispute.at) ?? "?"}` : null,
    })),
    refunds: detail.refunds.map((refund) => ({
      id: refund.id,
      amount: money(refund.amountMinor, refund.currency),
      feeRefunded: money(refund.feeRefundedMinor, refund.currency),
      reason: refund.reason,
      status: refund.providerStatus ? `${refund.status} (provider: ${refund.providerStatus})` : refund.status,
      providerRefundId: refund.providerRefundId,
      attempts: refund.attempts,
      lastError: refund.lastError ?? refund.failureReason,
      at: formatDayTime(refund.createdAt, zone),
    })),
    notifications: detail.notifications.map((notice) => ({
      id: notice.id,
      kind: notice.kind,
      channel: notice.channel,
      recipient: notice.recipientName,
      status: notice.status,
      sentAt: at(notice.sentAt),
      due: formatDayTime(notice.sendAt, zone),
      attempts: notice.attempts,
      error: notice.lastError,
    })),
    audit: detail.audit.map((entry) => ({
      id: entry.id,
      action: entry.action,
      actor: entry.actorName ?? "a removed admin",
      reason: entry.reason,
      before: JSON.stringify(entry.before),
      after: JSON.stringify(entry.after),
      at: formatDayTime(entry.at, zone),
    })),
  };
  return { view };
}

export default function AdminBookingPage() {
  const { view } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <Link to="/admin/bookings" className="text-sm font-medium text-brand-700 underline underline-offset-4">
        Back to the booking search
      </Link>
      <h2 className="text-2xl font-semibold text-slate-900">
        {view.sessionTitle} · {view.status}
      </h2>
      <BookingSummary view={view} />
      {/* Admin actions on the booking (the "Cancel with full refund" section) go here: after the
          summary they act on, before the record of what happened. */}
      <BookingActivity view={view} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
