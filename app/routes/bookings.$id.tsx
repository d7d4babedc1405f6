import { parseWithZod } from "@conform-to/zod/v4";
import { Link, useActionData, useLoaderData, useOutlet, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { CancelBookingForm } from "~/components/booking/cancel-booking-form";
import { PaymentConfirming } from "~/components/booking/payment-confirming";
import { RefundList } from "~/components/booking/refund-list";
import { SessionSection } from "~/components/booking/session-section";
import { ErrorPanel, GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/forms";
import { requireUser } from "~/domain/auth/auth.server";
import { cancelSchema } from "~/domain/booking/booking-form-schemas";
import { historyLine } from "~/domain/booking/booking-history";
import { statusLabels } from "~/domain/booking/booking-labels";
import { getBookingFor } from "~/domain/booking/bookings.server";
import { meetingDetails } from "~/domain/booking/meeting-details";
import { canCancel, canReschedule, cancelBooking, quoteCancellation, refundWording } from "~/domain/booking/change-booking.server";
import { isSessionIntent } from "~/domain/booking/session-form-schemas";
import { runSessionIntent, sessionSection } from "~/domain/booking/session-page.server";
import { viewerTimeZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatDayTime, formatRange } from "~/lib/time-format";
import { formatMoney } from "~/lib/money";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: `${page?.title ?? "Booking"} · Specialistly` }];

async function requireBooking(request: Request, context: LoaderFunctionArgs["context"], bookingId: string) {
  const session = await requireUser(request, context);
  const detail = await getBookingFor(context.db, session.user.id, bookingId);
  if (!detail) throw new Response("No booking of yours has that address", { status: 404, statusText: "Not Found" });
  return { session, detail };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { session, detail } = await requireBooking(request, context, params.id ?? "");
  const { booking } = detail;
  const now = context.clock.now();
  const viewerZone = viewerTimeZone(request) ?? session.user.timezone;
  const asCustomer = detail.viewerRole === "customer";
  const otherZone = asCustomer ? detail.specialist.timezone : booking.customerTimezone;
  const search = new URL(request.url).searchParams;
  const holdLive = booking.status === "pending_payment" && booking.holdExpiresAt !== null && booking.holdExpiresAt > now;
  const refunded = detail.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0);
  // Back from checkout, before the queued job has confirmed the payment: the page says only that.
  const confirmingPayment = asCustomer && booking.status === "pending_payment" && search.has("paid");

  return {
    id: booking.id,
    title: detail.title,
    asCustomer,
    otherPartyName: asCustomer ? detail.specialist.displayName : detail.customerName,
    specialistSlug: detail.specialist.slug,
    status: booking.status,
    statusLabel: confirmingPayment ? "Confirming your payment" : statusLabels[booking.status],
    confirmingPayment,
    topic: booking.topic,
    price: booking.priceMinor === 0 ? "Free" : formatMoney(booking.priceMinor, booking.currency),
    hasReceipt: detail.hasReceipt,
    startsAt: booking.startsAt.toISOString(),
    viewerTime: { zone: zoneName(viewerZone), text: formatRange(booking.startsAt, booking.endsAt, viewerZone) },
    otherTime:
      otherZone === viewerZone ? null : { zone: zoneName(otherZone), text: formatRange(booking.startsAt, booking.endsAt, otherZone) },
    // Labelled as in the emails and the .ics (Zoom's meeting ID and passcode, for joining from the Zoom app).
    meeting: booking.status === "confirmed" ? meetingDetails(booking) : null,
    holdExpires:
      asCustomer && holdLive && !confirmingPayment && booking.holdExpiresAt ? formatDayTime(booking.holdExpiresAt, viewerZone) : null,
    canReschedule: !confirmingPayment && canReschedule(detail, now),
    cancel: canCancel(detail, now) && !confirmingPayment ? refundWording(quoteCancellation(detail, now)) : null,
    refunded: refunded > 0 ? formatMoney(refunded, booking.currency) : null,
    refunds: detail.refunds.map((refund) => ({ amount: formatMoney(refund.amountMinor, refund.currency), status: refund.status })),
    history: detail.history.map((event) => ({
      at: event.at.toISOString(),
      when: formatDayTime(event.at, viewerZone),
      text: historyLine(event, { role: detail.viewerRole, zone: viewerZone }),
    })),
    session: sessionSection(detail, { now, zone: viewerZone, joinLabel: meetingDetails(booking)?.joinLabel ?? "Join the session" }),
    notices: {
      session: search.get("session"),
      booked: search.has("booked"),
      paid: search.has("paid") && booking.status === "confirmed",
      declined: search.has("declined"),
      rescheduled: search.has("rescheduled"),
      cancelled: search.get("cancelled"),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { session, detail } = await requireBooking(request, context, params.id ?? "");
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (isSessionIntent(intent)) {
    const outcome = await runSessionIntent(context, { actorUserId: session.user.id, bookingId: detail.booking.id, intent, formData });
    if (outcome.ok) return redirect(`/bookings/${detail.booking.id}?session=${outcome.notice}#session`);
    if (outcome.status === 404) throw new Response("No booking of yours has that address", { status: 404, statusText: "Not Found" });
    return data(outcome.reply, { status: outcome.status });
  }
  const submission = parseWithZod(formData, { schema: cancelSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await cancelBooking(context, {
    actorUserId: session.user.id,
    bookingId: detail.booking.id,
    reason: submission.value.reason,
  });
  if (!result.ok) {
    if (result.reason === "not-found") throw new Response(result.message, { status: 404, statusText: "Not Found" });
    return data(submission.reply({ formErrors: [result.message] }), { status: 400 });
  }
  return redirect(`/bookings/${detail.booking.id}?cancelled=${result.refundError ? "refund-failed" : "1"}`);
}

export default function BookingPage() {
  // Child pages (reschedule, pay) replace this page rather than nest inside it.
  const outlet = useOutlet();
  if (outlet) return outlet;
  return <BookingDetailPage />;
}

function BookingDetailPage() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { notices } = page;
  // One action answers every form on the page; each form takes back only its own reply.
  const sessionResult = isSessionIntent(lastResult?.initialValue?.intent) ? lastResult : undefined;

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p className="text-sm">
        <Link to="/bookings" className="font-medium text-brand-700 underline underline-offset-4">
          {page.asCustomer ? "My bookings" : "Bookings"}
        </Link>
      </p>
      {notices.booked ? <Notice tone="success">You're booked! We've saved the time for you.</Notice> : null}
      {notices.paid ? <Notice tone="success">Payment received — your booking is confirmed.</Notice> : null}
      {notices.declined ? <Notice tone="error">The payment didn't go through. You can try again while the time is held.</Notice> : null}
      {notices.rescheduled ? <Notice tone="success">Booking moved to the new time.</Notice> : null}
      {notices.cancelled ? (
        <Notice tone={notices.cancelled === "refund-failed" ? "error" : "success"}>
          Booking cancelled.{" "}
          {notices.cancelled === "refund-failed"
            ? "The refund couldn't be started yet; we'll retry and let you know."
            : page.refunded
              ? `A refund of ${page.refunded} is on its way.`
              : null}
        </Notice>
      ) : null}

      {page.confirmingPayment ? <PaymentConfirming /> : null}

      <header>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">
          {page.title} with {page.otherPartyName}
        </h1>
        <p className="mt-2 text-slate-700">
          <span className="font-medium">{page.statusLabel}</span> · {page.price}
        </p>
      </header>

      <section aria-labelledby="when-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="when-heading" className="text-lg font-semibold text-slate-900">
          When
        </h2>
        <p className="mt-2 text-slate-800">
          <time dateTime={page.startsAt}>{page.viewerTime.text}</time>{" "}
          <span className="text-slate-500">({page.viewerTime.zone}, your time)</span>
        </p>
        {page.otherTime ? (
          <p className="mt-1 text-slate-600">
            {page.otherTime.text}{" "}
            <span className="text-slate-500">
              ({page.otherTime.zone}, {page.otherPartyName}'s time)
            </span>
          </p>
        ) : null}
        {page.meeting ? (
          <p className="mt-2 text-sm text-slate-600">
            {page.meeting.label}
            {page.meeting.meetingId ? ` ${page.meeting.meetingId}` : null}
            {page.meeting.passcode ? ` · Passcode: ${page.meeting.passcode}` : null}
          </p>
        ) : null}
        <div className="mt-4 flex flex-wrap gap-3">
          <a
            href={`/bookings/${page.id}/ics`}
            download
            className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
          >
            Add to calendar (.ics)
          </a>
          {page.hasReceipt ? (
            <a
              href={`/bookings/${page.id}/receipt`}
              className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
            >
              Receipt
            </a>
          ) : null}
          {page.status === "completed" ? (
            <Link
              to={`/bookings/${page.id}/review`}
              className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
            >
              {page.asCustomer ? "Review this session" : "Review and response"}
            </Link>
          ) : null}
          {page.canReschedule ? (
            <Link
              to={`/bookings/${page.id}/reschedule`}
              className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
            >
              Move to another time
            </Link>
          ) : null}
        </div>
        {page.topic ? (
          <>
            <h3 className="mt-4 text-sm font-medium text-slate-800">Topic</h3>
            <p className="mt-1 whitespace-pre-line text-slate-700">{page.topic}</p>
          </>
        ) : null}
      </section>

      {page.holdExpires ? (
        <section aria-labelledby="pay-heading" className="rounded-2xl border border-amber-200 bg-amber-50 p-6">
          <h2 id="pay-heading" className="text-lg font-semibold text-slate-900">
            Payment needed
          </h2>
          <p className="mt-1 text-slate-700">We're holding this time for you until {page.holdExpires}.</p>
          <a
            href={`/bookings/${page.id}/pay`}
            className="mt-3 inline-block rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-brand-700"
          >
            Pay now
          </a>
        </section>
      ) : null}

      {page.session ? <SessionSection session={page.session} notice={notices.session} lastResult={sessionResult} /> : null}

      <RefundList refunds={page.refunds} />

      {page.cancel ? (
        <CancelBookingForm
          consequence={page.cancel}
          otherPartyName={page.otherPartyName}
          lastResult={sessionResult ? undefined : lastResult}
        />
      ) : null}

      {page.history.length > 0 ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading" className="text-lg font-semibold text-slate-900">
            History
          </h2>
          <ol className="mt-2 space-y-1 text-sm text-slate-700">
            {page.history.map((event, index) => (
              <li key={`${event.at}-${index}`}>
                <time dateTime={event.at}>{event.when}</time>: {event.text}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <ErrorPanel
            title="Booking not found"
            detail="There's no booking of yours at this address."
            next={{ href: "/bookings", label: "Your bookings" }}
          />
        ),
      }}
    />
  );
}
