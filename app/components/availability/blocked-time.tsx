import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ErrorList, SubmitButton } from "~/components/forms";
import { blockedTimeSchema, type BlockedTimeForm } from "~/domain/availability/schemas";
import { fieldClass, RemoveForm } from "./parts";

export interface BlockedTimeItem {
  id: string;
  /** "Fri 5 Jun 2026, 10:00 – 12:00", in the specialist's zone. */
  label: string;
  reason: string;
}

/** The upcoming blocked times, each with its Remove button. */
export function BlockedTimeList({ blocked }: { blocked: readonly BlockedTimeItem[] }) {
  if (blocked.length === 0) return <p className="text-sm text-slate-500">No upcoming blocked time.</p>;
  return (
    <ul className="divide-y divide-slate-200">
      {blocked.map((item) => (
        <li key={item.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
          <div className="text-sm">
            <p className="font-medium text-slate-900">{item.label}</p>
            {item.reason ? <p className="text-slate-600">{item.reason}</p> : null}
          </div>
          <RemoveForm section="remove-blocked" idName="blockedTimeId" id={item.id} label={`blocked time ${item.label}`} />
        </li>
      ))}
    </ul>
  );
}

export function BlockedTimeEditor({
  timeZone,
  now,
  nowLocal,
  lastResult,
}: {
  timeZone: string;
  now: string;
  nowLocal: string;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm<BlockedTimeForm>({
    id: "blocked-time",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: blockedTimeSchema(timeZone, new Date(now)) }),
  });
  return (
    <Form method="post" className="space-y-4 border-t border-slate-200 pt-6" {...getFormProps(form)}>
      <input type="hidden" name="section" value="blocked" />
      <h3 className="font-semibold text-slate-900">Block time</h3>
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="flex flex-wrap gap-4">
        <div>
          <label htmlFor={fields.startLocal.id} className="block text-sm font-medium text-slate-800">
            From
          </label>
          <input {...getInputProps(fields.startLocal, { type: "datetime-local" })} min={nowLocal} className={fieldClass} />
          <ErrorList id={fields.startLocal.errorId} errors={fields.startLocal.errors} />
        </div>
        <div>
          <label htmlFor={fields.endLocal.id} className="block text-sm font-medium text-slate-800">
            Until
          </label>
          <input {...getInputProps(fields.endLocal, { type: "datetime-local" })} min={nowLocal} className={fieldClass} />
          <ErrorList id={fields.endLocal.errorId} errors={fields.endLocal.errors} />
        </div>
      </div>
      <div>
        <label htmlFor={fields.reason.id} className="block text-sm font-medium text-slate-800">
          Note <span className="font-normal text-slate-500">(optional, only you see it)</span>
        </label>
        <input {...getInputProps(fields.reason, { type: "text" })} className={`${fieldClass} w-full`} />
        <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
      </div>
      <SubmitButton pendingLabel="Blocking…">Block this time</SubmitButton>
    </Form>
  );
}
