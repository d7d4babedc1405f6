import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { formatInTimeZone } from "date-fns-tz";
import * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/domain/auth/auth.server";
import { calendarWeek, isCalendarDate, localDate, minuteLabel, mondayOf } from "~/domain/availability/calendar-week";
import {
  chooseCalendarSessionType,
  findSpecialistForUser,
  listCalendarSessionTypes,
  loadCalendarWeek,
  type CalendarDay,
} from "~/domain/availability/specialist-calendar.server";
import { zoneOffsetLabel } from "~/lib/time-format";
import { zoneCity } from "~/lib/time-zones";
import type { BookingStatus } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Calendar · Specialistly" }];

const searchSchema = z.object({
  week: z.string().refine(isCalendarDate, "Choose a week by its date, as YYYY-MM-DD (for example 2026-06-01).").optional(),
  type: z.string().min(1).max(100).optional(),
});

const statusLabels: Record<BookingStatus, string> = {
  pending_payment: "Awaiting payment",
  confirmed: "Confirmed",
  completed: "Completed",
  cancelled: "Cancelled",
  expired: "Expired",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const specialist = await findSpecialistForUser(context.db, user.id);
  if (!specialist) throw redirect("/specialist/profile");

  const url = new URL(request.url);
  const parsed = searchSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw data(parsed.error.issues[0]!.message, { status: 400 });

  const timeZone = specialist.timezone;
  const now = context.clock.now();
  const today = localDate(now, timeZone);
  const requested = parsed.data.week ?? today;
  const monday = mondayOf(requested);
  // Any date stands for its week; the address always names the Monday.
  if (parsed.data.week && parsed.data.week !== monday) {
    throw redirect(calendarPath(monday, parsed.data.type));
  }

  const sessionTypes = await listCalendarSessionTypes(context.db, specialist.id);
  const selected = chooseCalendarSessionType(sessionTypes, parsed.data.type);
  if (selected === null) throw data("That session type isn't one of yours.", { status: 400 });

  const week = calendarWeek(monday, timeZone);
  const days = await loadCalendarWeek(context.db, specialist, week, { sessionTypeId: selected?.id ?? null, now });

  // Formatted on the server, in the specialist's zone, so the page reads the same without JavaScript.
  const time = (instant: Date) => formatInTimeZone(instant, timeZone, "HH:mm");
  return {
    zoneName: zoneCity(timeZone),
    zoneOffset: weekOffsets(timeZone, week.startsAt, week.endsAt),
    title: weekTitle(week.dates[0]!, week.dates[6]!),
    links: {
      previous: calendarPath(week.previous, selected?.id),
      next: calendarPath(week.next, selected?.id),
      thisWeek: calendarPath(mondayOf(today), selected?.id),
      isThisWeek: monday === mondayOf(today),
    },
    sessionTypes: sessionTypes.map((type) => ({
      ...type,
      href: calendarPath(monday, type.id),
      selected: type.id === selected?.id,
    })),
    selectedType: selected ? { title: selected.title, minutes: selected.minutes, active: selected.active } : null,
    days: days.map((day) => presentDay(day, today, time)),
  };
}

function presentDay(day: CalendarDay, today: string, time: (instant: Date) => string) {
  // A range that runs to the end of the day reads "24:00", not the next day's "00:00".
  const until = (instant: Date) => (instant.getTime() === day.endsAt.getTime() ? "24:00" : time(instant));
  return {
    date: day.date,
    label: dateLabel(day.date, "EEE d MMM"),
    longLabel: dateLabel(day.date, "EEEE d MMMM"),
    isToday: day.date === today,
    override: day.override
      ? day.override.kind === "day-off"
        ? { label: "Day off", hours: [] }
        : {
            label: "Custom hours",
            hours: day.override.windows.map((window) => `${minuteLabel(window.startMinute)}–${minuteLabel(window.endMinute)}`),
          }
      : null,
    blocked: day.blocked.map((block) => ({
      label: block.kind === "busy" ? "Busy" : "Blocked",
      range: `${time(block.startsAt)}–${until(block.endsAt)}`,
      reason: block.reason,
    })),
    bookings: day.bookings.map((booking) => ({
      id: booking.id,
      range: `${time(booking.startsAt)}–${time(booking.endsAt)}`,
      sessionType: booking.sessionTypeTitle,
      customer: booking.customerName,
      status: booking.status,
      statusLabel: statusLabels[booking.status],
    })),
    openSlots: day.openSlots.map(time),
  };
}

/** "GMT+1", or "GMT / GMT+1" for a week in which the clocks change. */
function weekOffsets(timeZone: string, startsAt: Date, endsAt: Date) {
  const first = zoneOffsetLabel(timeZone, startsAt);
  const last = zoneOffsetLabel(timeZone, new Date(endsAt.getTime() - 1));
  return first === last ? first : `${first} / ${last}`;
}

function calendarPath(week: string, type: string | undefined) {
  const search = new URLSearchParams({ week });
  if (type) search.set("type", type);
  return `/specialist/calendar?${search}`;
}

/** Formats a calendar date itself (noon UTC is that date everywhere in UTC). */
function dateLabel(date: string, pattern: string) {
  return formatInTimeZone(new Date(`${date}T12:00:00Z`), "UTC", pattern);
}

function weekTitle(first: string, last: string) {
  const sameMonth = first.slice(0, 7) === last.slice(0, 7);
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const start = dateLabel(first, sameMonth ? "d" : sameYear ? "d MMM" : "d MMM yyyy");
  return `${start} – ${dateLabel(last, "d MMM yyyy")}`;
}

const statusStyles: Record<BookingStatus, string> = {
  pending_payment: "border-amber-300 bg-amber-50 text-amber-900",
  confirmed: "border-brand-100 bg-brand-50 text-brand-900",
  completed: "border-slate-200 bg-slate-50 text-slate-700",
  cancelled: "border-slate-200 bg-white text-slate-500",
  expired: "border-slate-200 bg-white text-slate-500",
};

export default function SpecialistCalendar() {
  const { zoneName, zoneOffset, title, links, sessionTypes, selectedType, days } = useLoaderData<typeof loader>();
  const linkStyle = "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:border-brand-600";

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 className="text-xl font-semibold text-slate-900">{`Calendar · ${title}`}</h2>
          <p className="mt-1 text-sm text-slate-600">{`Times in ${zoneName} (${zoneOffset})`}</p>
        </div>
        <nav aria-label="Weeks" className="flex flex-wrap gap-2">
          <Link to={links.previous} className={linkStyle} rel="prev">
            ← Previous week
          </Link>
          <Link to={links.thisWeek} className={linkStyle} aria-current={links.isThisWeek ? "page" : undefined}>
            This week
          </Link>
          <Link to={links.next} className={linkStyle} rel="next">
            Next week →
          </Link>
        </nav>
      </header>

      {sessionTypes.length > 0 ? (
        <nav aria-label="Session type" className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium text-slate-700">Open times for:</span>
          {sessionTypes.map((type) => (
            <Link
              key={type.id}
              to={type.href}
              aria-current={type.selected ? "true" : undefined}
              className={`rounded-full border px-3 py-1 ${
                type.selected
                  ? "border-brand-600 bg-brand-600 font-semibold text-white"
                  : "border-slate-300 bg-white text-slate-700 hover:border-brand-600"
              }`}
            >
              {`${type.title} (${type.minutes} min)${type.active ? "" : " · inactive"}`}
            </Link>
          ))}
        </nav>
      ) : (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">
          You have no session types yet. Once you add one, its open times appear here.
        </p>
      )}
      {selectedType && !selectedType.active ? (
        <p className="text-sm text-slate-600">{selectedType.title} is inactive, so it has no open times.</p>
      ) : null}

      <ol className="grid grid-cols-1 gap-2 lg:grid-cols-7">
        {days.map((day) => (
          <li
            key={day.date}
            aria-labelledby={`day-${day.date}`}
            className={`min-w-0 rounded-xl border bg-white p-3 shadow-sm lg:p-2 ${day.isToday ? "border-brand-600" : "border-slate-200"}`}
          >
            <h3 id={`day-${day.date}`} className="flex flex-wrap items-baseline gap-x-2 text-sm font-semibold text-slate-900">
              <span aria-hidden="true">{day.label}</span>
              <span className="sr-only">{day.longLabel}</span>
              {day.isToday ? <span className="text-xs font-medium text-brand-700">Today</span> : null}
            </h3>

            {day.override ? (
              <p className="mt-2 text-xs">
                <span
                  className={`rounded-full px-2 py-0.5 font-medium ${
                    day.override.hours.length === 0 ? "bg-slate-200 text-slate-800" : "bg-sky-100 text-sky-900"
                  }`}
                >
                  {day.override.label}
                </span>
                {day.override.hours.length > 0 ? <span className="mt-1 block text-slate-600">{day.override.hours.join(", ")}</span> : null}
              </p>
            ) : null}

            {day.bookings.length > 0 ? (
              <ul aria-label="Bookings" className="mt-3 space-y-2">
                {day.bookings.map((booking) => (
                  <li key={booking.id} className={`rounded-lg border p-2 text-xs ${statusStyles[booking.status]}`}>
                    <p className={`font-semibold ${booking.status === "cancelled" ? "line-through" : ""}`}>{booking.range}</p>
                    <p>{booking.sessionType}</p>
                    <p>{booking.customer}</p>
                    <p className="font-medium">{booking.statusLabel}</p>
                  </li>
                ))}
              </ul>
            ) : null}

            {day.blocked.length > 0 ? (
              <ul aria-label="Blocked time" className="mt-3 space-y-1">
                {day.blocked.map((block, index) => (
                  <li key={index} className="rounded-lg bg-slate-100 p-2 text-xs text-slate-700">
                    <span className="font-semibold">{`${block.label} ${block.range}`}</span>
                    {block.reason ? <span className="block">{block.reason}</span> : null}
                  </li>
                ))}
              </ul>
            ) : null}

            {selectedType?.active ? (
              <div className="mt-3">
                <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500">Open times</h4>
                {day.openSlots.length > 0 ? (
                  <ul className="mt-1 flex flex-wrap gap-1">
                    {day.openSlots.map((start, index) => (
                      // A clock turned back shows some start times twice.
                      <li key={`${index}-${start}`} className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs tabular-nums text-emerald-900">
                        {start}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-1 text-xs text-slate-500">None</p>
                )}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
