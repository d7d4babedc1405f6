import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ErrorList, SubmitButton } from "~/components/forms";
import { mondayCopyTargets, weeklyHoursSchema, type WeeklyHoursForm, type WeeklyHoursValue } from "~/domain/availability/schemas";
import { weekdays, type WeekdayKey, type WindowRow } from "~/domain/availability/windows";
import { DefaultSubmit, smallButtonClass } from "./parts";
import { WindowList } from "./window-list";

export function WeeklyHoursEditor({
  defaultValue,
  lastResult,
}: {
  defaultValue: Record<WeekdayKey, WindowRow[]>;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm<WeeklyHoursForm, WeeklyHoursValue>({
    id: "weekly-hours",
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: weeklyHoursSchema }),
  });

  // With JavaScript, copy what is on screen right away; without it, the button posts and the
  // server copies (the route's weeklyHoursAction).
  const copyMonday = (event: { preventDefault(): void }) => {
    event.preventDefault();
    const monday = fields.monday.value;
    form.update({ value: { ...form.value, ...Object.fromEntries(mondayCopyTargets.map((day) => [day, monday])) } });
  };

  return (
    <Form method="post" className="space-y-2" {...getFormProps(form)}>
      <DefaultSubmit />
      <input type="hidden" name="section" value="weekly" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="divide-y divide-slate-200">
        {weekdays.map((day) => (
          <fieldset key={day.key} className="grid gap-3 py-4 sm:grid-cols-[8rem_1fr]">
            <legend className="float-left pt-2 font-medium text-slate-900">{day.label}</legend>
            <WindowList form={form} list={fields[day.key]} label={day.label} firstDefault={{ start: "09:00", end: "17:00" }} />
          </fieldset>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <SubmitButton pendingLabel="Saving…">Save weekly hours</SubmitButton>
        <button type="submit" name="intent" value="copy-monday" formNoValidate onClick={copyMonday} className={smallButtonClass}>
          Copy Monday to Tuesday–Friday
        </button>
        <p className="text-sm text-slate-500">Changes apply once you save.</p>
      </div>
    </Form>
  );
}
