import { Form, Link, useLocation } from "@remix-run/react";
import type { TimeZoneOption } from "~/domain/account/time-zone-options";
import type { ZoneSource } from "~/domain/booking/picker-query";
import type { PickerCalendar, PickerDay } from "~/domain/booking/slot-days";
import { monthCalendar } from "~/lib/month-calendar";
import { inputClass } from "./forms";

export interface PickerZone {
  zone: string;
  name: string;
  offset: string;
  source: ZoneSource;
  /** The specialist's zone name when it differs from the viewer's ("Berlin"), else null. */
  specialistName: string | null;
  /** A short list for the zone form (the full one is a page of its own, linked beside it). */
  options: readonly TimeZoneOption[];
}

const weekdays = [
  ["Mon", "Monday"],
  ["Tue", "Tuesday"],
  ["Wed", "Wednesday"],
  ["Thu", "Thursday"],
  ["Fri", "Friday"],
  ["Sat", "Saturday"],
  ["Sun", "Sunday"],
] as const;

// Styles set once on the container rather than on each of the many cells and times: the page
// ships what it shows, not the same class list a hundred times.
const calendarClass =
  "border-separate border-spacing-1 text-center text-sm [&_td]:h-10 [&_td]:w-10 [&_td]:p-0 [&_td>*]:flex [&_td>*]:h-10 [&_td>*]:w-10 [&_td>*]:items-center [&_td>*]:justify-center [&_span]:text-slate-400 [&_a]:rounded-full [&_a]:bg-brand-50 [&_a]:font-semibold [&_a]:text-brand-900 [&_a:hover]:bg-brand-100 [&_a[aria-current]]:bg-brand-600 [&_a[aria-current]]:text-white";
const timesClass =
  "mt-3 grid gap-2 sm:grid-cols-2 [&_button]:w-full [&_button]:rounded-md [&_button]:border [&_button]:border-brand-100 [&_button]:bg-brand-50 [&_button]:px-3 [&_button]:py-2 [&_button]:text-left [&_button]:text-sm [&_button]:text-brand-900 [&_button:hover]:border-brand-600 [&_button[aria-current]]:border-brand-600 [&_button[aria-current]]:bg-brand-600 [&_button[aria-current]]:text-white";

/**
 * A month calendar of the days with open times and, beside it, the chosen day's times. Days are
 * links (`?day=`) and times are a GET form (`?start=`), so it all works without JavaScript; the
 * zone form shows the times in another zone, for this view only (`?tz=`, carried in `keep`),
 * from a short list or, through "Other time zone", the full one.
 */
export function SlotPicker({
  calendar,
  day,
  zone,
  keep,
  selected,
  emptyMessage = "No open times in the next 30 days.",
}: {
  calendar: PickerCalendar;
  /** The chosen day's times; null when that day has none left (the calendar still shows). */
  day: PickerDay | null;
  zone: PickerZone;
  /** Query parameters every link and form of the picker keeps (the chosen zone). */
  keep: Readonly<Record<string, string>>;
  selected?: string | null;
  emptyMessage?: string;
}) {
  // The zone form starts over on the plain calendar (a chosen time may not exist in another view).
  const { pathname } = useLocation();
  const dayHref = (key: string) => `?${new URLSearchParams({ ...keep, day: key })}`;
  const back = `${pathname}?${new URLSearchParams(day ? { ...keep, day: day.key } : keep)}`;
  const open = new Set(calendar.open);
  return (
    <div className="space-y-6">
      <Form
        method="get"
        action={pathname}
        className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      >
        <div className="min-w-64 flex-1">
          <label htmlFor="slot-picker-tz" className="block text-sm font-medium text-slate-800">
            Time zone
          </label>
          <select id="slot-picker-tz" name="tz" defaultValue={zone.zone} className={inputClass}>
            {zone.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
        >
          Show times
        </button>
        <Link
          to={`/time-zones?${new URLSearchParams({ back, tz: zone.zone })}`}
          className="py-2 text-sm font-medium text-brand-700 underline"
        >
          Other time zone…
        </Link>
        <p className="w-full text-sm text-slate-500">
          Times in{" "}
          {zone.source === "fallback" ? "the specialist's time zone" : zone.source === "chosen" ? "the chosen time zone" : "your time zone"}
          : {zone.name} ({zone.offset})
        </p>
      </Form>

      {calendar.open.length === 0 ? (
        <p className="text-slate-600">{emptyMessage}</p>
      ) : (
        <div className="grid items-start gap-6 md:grid-cols-[auto_1fr]">
          <nav aria-label="Days with open times" className="space-y-6">
            {calendar.months.map((key) => {
              const month = monthCalendar(key, open);
              return (
                <table key={key} className={calendarClass}>
                  <caption className="pb-2 text-left font-semibold text-slate-900">{month.label}</caption>
                  <thead>
                    <tr>
                      {weekdays.map(([short, full]) => (
                        <th key={short} scope="col" abbr={full} className="w-10 font-medium text-slate-500">
                          {short}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {month.weeks.map((week, index) => (
                      <tr key={index}>
                        {week.map((cell, column) => (
                          <td key={cell?.key ?? `pad-${column}`}>
                            {cell === null ? null : cell.open ? (
                              <Link
                                to={dayHref(cell.key)}
                                aria-label={cell.label}
                                aria-current={cell.key === day?.key ? "date" : undefined}
                                preventScrollReset
                              >
                                {cell.day}
                              </Link>
                            ) : (
                              <span>{cell.day}</span>
                            )}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              );
            })}
          </nav>

          {day === null ? (
            <p className="text-slate-600">No open times left on that day. Please choose another day.</p>
          ) : (
            <Form method="get" action={pathname} preventScrollReset>
              {Object.entries({ ...keep, day: day.key }).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <fieldset>
                <legend className="text-sm font-semibold text-slate-900">Times on {day.label}</legend>
                <ul className={timesClass}>
                  {day.slots.map((slot) => (
                    <li key={slot.startsAt}>
                      <button
                        type="submit"
                        name="start"
                        value={slot.startsAt}
                        aria-current={slot.startsAt === selected ? "true" : undefined}
                      >
                        <time dateTime={slot.startsAt}>
                          {slot.viewer}
                          {slot.specialist ? ` your time · ${slot.specialist} ${zone.specialistName ?? ""}` : null}
                        </time>
                      </button>
                    </li>
                  ))}
                </ul>
              </fieldset>
            </Form>
          )}
        </div>
      )}
    </div>
  );
}
