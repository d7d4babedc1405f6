import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ErrorList, SubmitButton } from "~/components/forms";
import { dateOverrideSchema, type DateOverrideForm, type DateOverrideValue } from "~/domain/availability/schemas";
import { useHydrated } from "~/lib/use-hydrated";
import { DefaultSubmit, fieldClass, RemoveForm } from "./parts";
import { WindowList } from "./window-list";

export interface DateOverrideItem {
  id: string;
  label: string;
  /** Its hours as "09:00–12:00"; none when the whole day is off. */
  hours: string[];
}

/** The upcoming overrides, each with its Remove button. */
export function DateOverrideList({ overrides }: { overrides: readonly DateOverrideItem[] }) {
  if (overrides.length === 0) return <p className="text-sm text-slate-500">No upcoming date overrides.</p>;
  return (
    <ul className="divide-y divide-slate-200">
      {overrides.map((override) => (
        <li key={override.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
          <div className="text-sm">
            <p className="font-medium text-slate-900">{override.label}</p>
            <p className="text-slate-600">{override.hours.length === 0 ? "Unavailable all day" : override.hours.join(", ")}</p>
          </div>
          <RemoveForm section="remove-override" idName="overrideId" id={override.id} label={`override of ${override.label}`} />
        </li>
      ))}
    </ul>
  );
}

export function DateOverrideEditor({ today, lastResult }: { today: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const hydrated = useHydrated();
  const [form, fields] = useForm<DateOverrideForm, DateOverrideValue>({
    id: "date-override",
    lastResult,
    defaultValue: { mode: "unavailable", windows: [{ start: "09:00", end: "17:00" }] },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: dateOverrideSchema(today) }),
  });
  const hoursHidden = hydrated && fields.mode.value !== "hours";
  const modes = [
    { value: "unavailable", label: "Unavailable all day" },
    { value: "hours", label: "Specific hours" },
  ] as const;

  return (
    <Form method="post" className="space-y-4 border-t border-slate-200 pt-6" {...getFormProps(form)}>
      <DefaultSubmit />
      <input type="hidden" name="section" value="override" />
      <h3 className="font-semibold text-slate-900">Add a date override</h3>
      <ErrorList id={form.errorId} errors={form.errors} />
      <div>
        <label htmlFor={fields.date.id} className="block text-sm font-medium text-slate-800">
          Date
        </label>
        <input {...getInputProps(fields.date, { type: "date" })} min={today} className={fieldClass} />
        <ErrorList id={fields.date.errorId} errors={fields.date.errors} />
      </div>
      <fieldset aria-describedby={fields.mode.errors ? fields.mode.errorId : undefined}>
        <legend className="text-sm font-medium text-slate-800">On that date I am</legend>
        <div className="mt-2 flex flex-wrap gap-3">
          {modes.map((mode) => (
            <label
              key={mode.value}
              className="flex cursor-pointer items-center gap-2 rounded-lg border border-slate-300 px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
            >
              <input {...getInputProps(fields.mode, { type: "radio", value: mode.value })} id={`${fields.mode.id}-${mode.value}`} />
              {mode.label}
            </label>
          ))}
        </div>
        <ErrorList id={fields.mode.errorId} errors={fields.mode.errors} />
      </fieldset>
      <fieldset hidden={hoursHidden} disabled={hoursHidden}>
        <legend className="text-sm font-medium text-slate-800">Hours (for “Specific hours”)</legend>
        <div className="mt-2">
          <WindowList form={form} list={fields.windows} label="that date" firstDefault={{ start: "09:00", end: "17:00" }} />
        </div>
      </fieldset>
      <SubmitButton pendingLabel="Saving…">Save date override</SubmitButton>
    </Form>
  );
}
