import { Form, Link, useLocation } from "@remix-run/react";
import type { TimeZoneGroup } from "~/domain/account/time-zone-options";
import type { PickerDay, ZoneSource } from "~/domain/booking/slot-days";
import { TimeZoneSelect } from "./time-zone-select";

export interface PickerZone {
  zone: string;
  name: string;
  offset: string;
  source: ZoneSource;
  /** The specialist's zone name when it differs from the viewer's ("Berlin"), else null. */
  specialistName: string | null;
}

/**
 * Open times grouped by the viewer's day; each is a link to the confirm step. The zone form shows
 * them in another zone through a GET, for this view only.
 */
export function SlotPicker({
  days,
  zone,
  zoneGroups,
  hrefFor,
  selected,
  emptyMessage = "No open times in the next 30 days.",
}: {
  days: readonly PickerDay[];
  zone: PickerZone;
  zoneGroups: readonly TimeZoneGroup[];
  hrefFor: (startsAt: string) => string;
  selected?: string | null;
  emptyMessage?: string;
}) {
  // The zone form starts over on the plain list (a chosen time may not exist in another view).
  const { pathname } = useLocation();
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

      {days.length === 0 ? (
        <p className="text-slate-600">{emptyMessage}</p>
      ) : (
        <ol className="space-y-5" aria-label="Open times">
          {days.map((day) => (
            <li key={day.key}>
              <h3 className="text-sm font-semibold text-slate-900">{day.label}</h3>
              <ul className="mt-2 flex flex-wrap gap-2">
                {day.slots.map((slot) => {
                  const isSelected = slot.startsAt === selected;
                  return (
                    <li key={slot.startsAt}>
                      <Link
                        to={hrefFor(slot.startsAt)}
                        aria-current={isSelected ? "true" : undefined}
                        className={`inline-block rounded-md border px-3 py-1.5 text-sm ${
                          isSelected
                            ? "border-brand-600 bg-brand-600 text-white"
                            : "border-brand-100 bg-brand-50 text-brand-900 hover:border-brand-600"
                        }`}
                      >
                        <time dateTime={slot.startsAt}>
                          {slot.viewer}
                          {slot.specialist ? ` your time · ${slot.specialist} ${zone.specialistName ?? ""}` : null}
                        </time>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
