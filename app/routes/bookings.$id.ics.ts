import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { requireUser } from "~/domain/auth/auth.server";
import { appOrigin } from "~/lib/app-origin";
import { getBookingFor } from "~/domain/booking/bookings.server";
import { bookingCalendarFile, calendarStatus } from "~/domain/booking/ics";
import { meetingDetails } from "~/domain/booking/meeting-details";

// The booking as a calendar file, for the parties only (others get the same 404 as a missing booking).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const detail = await getBookingFor(context.db, user.id, params.id ?? "");
  if (!detail) throw new Response("No booking of yours has that address", { status: 404, statusText: "Not Found" });
  const { booking } = detail;
  const body = bookingCalendarFile({
    bookingId: booking.id,
    origin: appOrigin(request, context),
    stamp: context.clock.now(),
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    sequence: booking.sequence,
    title: detail.title,
    otherPartyName: detail.viewerRole === "customer" ? detail.specialist.displayName : detail.customerName,
    specialistName: detail.specialist.displayName,
    topic: booking.topic,
    meeting: booking.status === "confirmed" ? meetingDetails(booking) : null,
    status: calendarStatus(booking.status),
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="specialistly-booking-${booking.id.slice(0, 8)}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
