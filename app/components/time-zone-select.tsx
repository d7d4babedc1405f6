import type { SelectHTMLAttributes } from "react";
import type { TimeZoneGroup } from "~/domain/account/time-zone-options";
import { currentZoneName } from "~/lib/time-zones";
import { ErrorList, inputClass } from "./forms";

/** A labelled time-zone picker grouped by region (used by account settings and the specialist profile). */
export function TimeZoneSelect({
  selectProps,
  groups,
  errorId,
  errors,
}: {
  selectProps: SelectHTMLAttributes<HTMLSelectElement> & { id: string };
  groups: readonly TimeZoneGroup[];
  errorId: string;
  errors?: readonly string[];
}) {
  return (
    <div>
      <label htmlFor={selectProps.id} className="block text-sm font-medium text-slate-800">
        Time zone
      </label>
      {/* A zone saved under an old name (Asia/Calcutta) selects its current one, the one listed. */}
      <select
        {...selectProps}
        defaultValue={typeof selectProps.defaultValue === "string" ? currentZoneName(selectProps.defaultValue) : selectProps.defaultValue}
        className={inputClass}
      >
        {groups.map((group) => (
          <optgroup key={group.region} label={group.region}>
            {group.zones.map((zone) => (
              <option key={zone.value} value={zone.value}>
                {zone.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}
