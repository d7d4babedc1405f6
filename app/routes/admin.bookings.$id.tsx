import { parseWithZod } from "@conform-to/zod/v4";
import { Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import { AdminCancelForm } from "~/components/admin/admin-cancel-form";
import { BookingActivity, BookingSummary, type BookingRecordView } from "~/components/admin/booking-record";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/forms";
import { adminBookingDetail } from "~/domain/admin/bookings.server";
import { adminCancelFailureStatus, cancelBookingAsAdmin } from "~/domain/admin/cancel-booking.server";
import { requireRole } from "~/domain/auth/auth.server";
import { activeBookingStatuses } from "../../db/schema";
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
  const url = new URL(request.url);
  return {
    view,
    cancellable: (activeBookingStatuses as readonly string[]).includes(booking.status),
    cancelled: url.searchParams.get("done") === "cancelled",
    refundError: url.searchParams.get("refundError"),
  };
}

const cancelSchema = z.object({
  reason: z
    .string({ error: "Tell both parties why the booking is cancelled." })
    .trim()
    .min(1, "Tell both parties why the booking is cancelled."),
  confirm: z.literal("yes", { error: "Tick the box to confirm the full refund." }),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const bookingId = params.id ?? "";
  const submission = parseWithZod(await request.formData(), { schema: cancelSchema });
  if (submission.status !== "success") {
    return data({ error: submission.error ? (Object.values(submission.error).flat()[0] ?? null) : null }, { status: 400 });
  }
  const result = await cancelBookingAsAdmin(context, { actorUserId: user.id, bookingId, reason: submission.value.reason });
  if (!result.ok) return data({ error: result.message }, { status: adminCancelFailureStatus[result.reason] });
  const query = new URLSearchParams({ done: "cancelled" });
  if (result.refundError) query.set("refundError", result.refundError);
  return redirect(`/admin/bookings/${bookingId}?${query}`);
}

export default function AdminBookingPage() {
  const { view, cancellable, cancelled, refundError } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <Link to="/admin/bookings" className="text-sm font-medium text-brand-700 underline underline-offset-4">
        Back to the booking search
      </Link>
      <h2 className="text-2xl font-semibold text-slate-900">
        {view.sessionTitle} · {view.status}
      </h2>
      {cancelled ? (
        <Notice tone={refundError ? "error" : "success"}>
          {refundError
            ? `Cancelled. The refund didn't go through yet (${refundError}); it is retried and shows under Refunds.`
            : "Cancelled with a full refund; both parties have been told."}
        </Notice>
      ) : null}
      <BookingSummary view={view} />
      {cancellable ? <AdminCancelForm error={failed?.error ?? null} /> : null}
      <BookingActivity view={view} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
