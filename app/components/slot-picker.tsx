import { Form, Link, useLocation } from "@remix-run/react";
import type { TimeZoneGroup } from "~/domain/account/time-zone-options";
import type { CalendarMonth, PickerDay, ZoneSource } from "~/domain/booking/slot-days";
import { TimeZoneSelect } from "./time-zone-select";

export interface PickerZone {
  zone: string;
  name: string;
  offset: string;
  source: ZoneSource;
  /** The specialist's zone name when it differs from the viewer's ("Berlin"), else null. */
  specialistName: string | null;
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

/**
 * A month calendar of the days with open times and, beside it, the chosen day's times. Days are
 * links (`?day=`) and times are a GET form (`?start=`), so it all works without JavaScript; the
 * zone form shows the times in another zone, for this view only (`?tz=`, carried in `keep`).
 */
export function SlotPicker({
  months,
  day,
  zone,
  zoneGroups,
  keep,
  selected,
  emptyMessage = "No open times in the next 30 days.",
}: {
  months: readonly CalendarMonth[];
  day: PickerDay | null;
  zone: PickerZone;
  zoneGroups: readonly TimeZoneGroup[];
  /** Query parameters every link and form of the picker keeps (the chosen zone). */
  keep: Readonly<Record<string, string>>;
  selected?: string | null;
  emptyMessage?: string;
}) {
  // The zone form starts over on the plain calendar (a chosen time may not exist in another view).
  const { pathname } = useLocation();
  const dayHref = (key: string) => `?${new URLSearchParams({ ...keep, day: key })}`;
  return (
    <div className="space-y-6">
      <Form method="get" action={pathname} className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <div className="min-w-64 flex-1">
          <TimeZoneSelect
            selectProps={{ id: "slot-picker-tz", name: "tz", defaultValue: zone.zone }}
            groups={zoneGroups}
            errorId="slot-picker-tz-error"
          />
        </div>
        <button
          type="submit"
          className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
        >
          Show times
        </button>
        <p className="w-full text-sm text-slate-500">
          Times in {zone.source === "fallback" ? "the specialist's time zone" : zone.source === "chosen" ? "the chosen time zone" : "your time zone"}:{" "}
          {zone.name} ({zone.offset})
        </p>
      </Form>

      {day === null ? (
        <p className="text-slate-600">{emptyMessage}</p>
      ) : (
        <div className="grid items-start gap-6 md:grid-cols-[auto_1fr]">
          <nav aria-label="Days with open times" className="space-y-6">
            {months.map((month) => (
              <table key={month.key} className="border-separate border-spacing-1 text-center text-sm">
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
                        <td key={cell?.key ?? `pad-${column}`} className="h-10 w-10 p-0">
                          {cell === null ? null : cell.open ? (
                            <Link
                              to={dayHref(cell.key)}
                              aria-label={cell.label}
                              aria-current={cell.key === day.key ? "date" : undefined}
                              preventScrollReset
                              className={`flex h-10 w-10 items-center justify-center rounded-full font-semibold ${
                                cell.key === day.key ? "bg-brand-600 text-white" : "bg-brand-50 text-brand-900 hover:bg-brand-100"
                              }`}
                            >
                              {cell.day}
                            </Link>
                          ) : (
                            <span className="flex h-10 w-10 items-center justify-center text-slate-400">{cell.day}</span>
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </nav>

          <Form method="get" action={pathname} preventScrollReset>
            {Object.entries(keep).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <input type="hidden" name="day" value={day.key} />
            <fieldset>
              <legend className="text-sm font-semibold text-slate-900">Times on {day.label}</legend>
              <ul className="mt-3 grid gap-2 sm:grid-cols-2">
                {day.slots.map((slot) => {
                  const isSelected = slot.startsAt === selected;
                  return (
                    <li key={slot.startsAt}>
                      <button
                        type="submit"
                        name="start"
                        value={slot.startsAt}
                        aria-current={isSelected ? "true" : undefined}
                        className={`w-full rounded-md border px-3 py-2 text-left text-sm ${
                          isSelected
                            ? "border-brand-600 bg-brand-600 text-white"
                            : "border-brand-100 bg-brand-50 text-brand-900 hover:border-brand-600"
                        }`}
                      >
                        <time dateTime={slot.startsAt}>
                          {slot.viewer}
                          {slot.specialist ? ` your time · ${slot.specialist} ${zone.specialistName ?? ""}` : null}
                        </time>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          </Form>
        </div>
      )}
    </div>
  );
}
