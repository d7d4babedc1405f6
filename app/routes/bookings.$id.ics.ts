import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { requireUser } from "~/domain/auth/auth.server";
import { appOrigin } from "~/domain/auth/email-verification.server";
import { getBookingFor } from "~/domain/booking/bookings.server";
import { bookingCalendar } from "~/domain/booking/ics";

// The booking as a calendar file, for the parties only (others get the same 404 as a missing booking).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const detail = await getBookingFor(context.db, user.id, params.id ?? "");
  if (!detail) throw new Response("No booking of yours has that address", { status: 404, statusText: "Not Found" });
  const { booking } = detail;
  const origin = appOrigin(request, context);
  const otherParty = detail.viewerRole === "customer" ? detail.specialist.displayName : detail.customerName;
  const pageUrl = `${origin}/bookings/${booking.id}`;
  const joinUrl = booking.status === "confirmed" ? booking.meetingUrl : null;
  const description = [
    joinUrl ? `Join: ${joinUrl}` : "The video link appears on the booking page once the booking is confirmed.",
    booking.topic ? `Topic: ${booking.topic}` : null,
    `Booking: ${pageUrl}`,
  ]
    .filter(Boolean)
    .join("\n");
  const body = bookingCalendar({
    uid: `${booking.id}@${new URL(origin).host}`,
    stamp: context.clock.now(),
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    summary: `${detail.title} with ${otherParty}`,
    description,
    url: joinUrl,
    status: booking.status === "cancelled" || booking.status === "expired" ? "CANCELLED" : booking.status === "pending_payment" ? "TENTATIVE" : "CONFIRMED",
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="specialistly-booking-${booking.id.slice(0, 8)}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
