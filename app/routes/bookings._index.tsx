import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { requireUser } from "~/domain/auth/auth.server";
import { statusLabels } from "~/domain/booking/booking-labels";
import { listBookingsFor } from "~/domain/booking/bookings.server";
import { viewerTimeZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatRange } from "~/lib/time-format";
import { formatMoney } from "~/lib/money";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Bookings"} · Specialistly` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const when = new URL(request.url).searchParams.get("when") === "past" ? "past" : "upcoming";
  const zone = viewerTimeZone(request) ?? user.timezone;
  const lists = await listBookingsFor(context.db, user.id, user.role, context.clock.now());
  const asSpecialist = user.role === "specialist";
  return {
    title: asSpecialist ? "Bookings" : "My bookings",
    asSpecialist,
    when,
    zoneName: zoneName(zone),
    bookings: lists[when].map((booking) => ({
      id: booking.id,
      title: booking.title,
      otherPartyName: booking.otherPartyName,
      when: formatRange(booking.startsAt, booking.endsAt, zone),
      startsAt: booking.startsAt.toISOString(),
      status: statusLabels[booking.status],
      price: booking.priceMinor === 0 ? "Free" : formatMoney(booking.priceMinor, booking.currency),
    })),
  };
}

export default function Bookings() {
  const page = useLoaderData<typeof loader>();
  const tab = (when: "upcoming" | "past", label: string) => (
    <Link
      to={when === "past" ? "/bookings?when=past" : "/bookings"}
      aria-current={page.when === when ? "page" : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${
        page.when === when ? "bg-brand-600 text-white" : "text-slate-700 hover:text-brand-700"
      }`}
    >
      {label}
    </Link>
  );
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">{page.title}</h1>
      <nav aria-label="Which bookings" className="flex gap-2">
        {tab("upcoming", "Upcoming")}
        {tab("past", "Past")}
      </nav>
      <p className="text-sm text-slate-500">Times in {page.zoneName}.</p>
      {page.bookings.length === 0 ? (
        <p className="text-slate-600">
          {page.when === "past" ? "No past bookings yet." : "No upcoming bookings."}{" "}
          {page.asSpecialist || page.when === "past" ? null : (
            <Link to="/specialists" className="font-medium text-brand-700 underline">
              Find a specialist
            </Link>
          )}
        </p>
      ) : (
        <ul className="space-y-3">
          {page.bookings.map((booking) => (
            <li key={booking.id}>
              <Link
                to={`/bookings/${booking.id}`}
                className="block rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600"
              >
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className="font-semibold text-slate-900">
                    {booking.title} with {booking.otherPartyName}
                  </span>
                  <span className="text-sm text-slate-600">{booking.status}</span>
                </div>
                <p className="mt-1 text-sm text-slate-700">
                  <time dateTime={booking.startsAt}>{booking.when}</time> · {booking.price}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
