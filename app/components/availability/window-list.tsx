// The rows of hours that the weekly hours and a date override both edit.
import { getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { ErrorList } from "~/components/forms";
import type { WindowRow } from "~/domain/availability/windows";
import { useHydrated } from "~/lib/use-hydrated";
import { fieldClass, smallButtonClass } from "./parts";

type WindowRowsSchema = (WindowRow | undefined)[];

/** One day's windows: start/end times, "until midnight", remove per row and "Add hours". */
export function WindowList<Schema extends Record<string, unknown>>({
  form,
  list,
  label,
  firstDefault,
}: {
  form: FormMetadata<Schema>;
  list: FieldMetadata<WindowRowsSchema, Schema>;
  label: string;
  firstDefault: WindowRow;
}) {
  const rows = list.getFieldList();
  return (
    <div className="space-y-3">
      {rows.length === 0 ? <p className="pt-2 text-sm text-slate-500">Unavailable</p> : null}
      {rows.length > 0 ? (
        <ul className="space-y-3">
          {rows.map((row, index) => (
            <WindowRowInputs key={row.key ?? index} form={form} list={list} row={row} index={index} label={label} />
          ))}
        </ul>
      ) : null}
      <ErrorList id={list.errorId} errors={list.errors} />
      <button
        {...form.insert.getButtonProps({ name: list.name, defaultValue: rows.length === 0 ? firstDefault : undefined })}
        className={smallButtonClass}
      >
        Add hours<span className="sr-only"> on {label}</span>
      </button>
    </div>
  );
}

function WindowRowInputs<Schema extends Record<string, unknown>>({
  form,
  list,
  row,
  index,
  label,
}: {
  form: FormMetadata<Schema>;
  list: FieldMetadata<WindowRowsSchema, Schema>;
  row: FieldMetadata<WindowRow | undefined, Schema>;
  index: number;
  label: string;
}) {
  const hydrated = useHydrated();
  const { start, end, untilMidnight } = row.getFieldset();
  const which = `${label}, hours ${index + 1}`;
  // Only once JavaScript runs: a disabled input can't be re-enabled without it.
  const endDisabled = hydrated && untilMidnight.value === "on";
  // A row's own error (an overlap) describes both of its times.
  const rowError = row.errors ? { ariaDescribedBy: row.errorId } : {};
  const rowInvalid = row.errors ? { "aria-invalid": true } : {};
  return (
    <li className="rounded-lg bg-slate-50 p-3">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={start.id} className="block text-sm font-medium text-slate-700">
            From<span className="sr-only"> ({which})</span>
          </label>
          <input {...getInputProps(start, { type: "time", ...rowError })} {...rowInvalid} step={300} className={fieldClass} />
        </div>
        <div>
          <label htmlFor={end.id} className="block text-sm font-medium text-slate-700">
            To<span className="sr-only"> ({which})</span>
          </label>
          <input
            {...getInputProps(end, { type: "time", ...rowError })}
            {...rowInvalid}
            step={300}
            disabled={endDisabled}
            className={fieldClass}
          />
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
          <input {...getInputProps(untilMidnight, { type: "checkbox" })} />
          Until midnight<span className="sr-only"> ({which})</span>
        </label>
        <button {...form.remove.getButtonProps({ name: list.name, index })} className={`${smallButtonClass} mb-1`}>
          Remove<span className="sr-only"> {which}</span>
        </button>
      </div>
      <ErrorList id={start.errorId} errors={start.errors} />
      <ErrorList id={end.errorId} errors={end.errors} />
      <ErrorList id={row.errorId} errors={row.errors} />
    </li>
  );
}
