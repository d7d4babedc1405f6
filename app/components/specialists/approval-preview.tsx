import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ErrorList, inputClass, SubmitButton } from "~/components/forms";
import { rejectionReasonMax, rejectSchema } from "~/domain/specialists/approval-schemas";

export interface PreviewSessionType {
  id: string;
  title: string;
  minutes: number;
  price: string;
  active: boolean;
}

/** Everything the specialist offers, drafts included, and their weekly hours in their own zone. */
export function OfferSummary({
  sessionTypes,
  weeklyHours,
  zoneName,
}: {
  sessionTypes: PreviewSessionType[];
  weeklyHours: { day: string; hours: string }[];
  zoneName: string;
}) {
  return (
    <div className="grid gap-6 sm:grid-cols-2">
      <section aria-labelledby="preview-types-heading">
        <h3 id="preview-types-heading" className="font-semibold text-slate-900">
          Session types
        </h3>
        {sessionTypes.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">None yet.</p>
        ) : (
          <ul className="mt-1 space-y-1 text-sm text-slate-700">
            {sessionTypes.map((type) => (
              <li key={type.id}>
                {type.title}: {type.minutes} min, {type.price}
                {type.active ? "" : " (draft, not bookable)"}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="preview-hours-heading">
        <h3 id="preview-hours-heading" className="font-semibold text-slate-900">
          Weekly hours ({zoneName})
        </h3>
        {weeklyHours.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">None set yet.</p>
        ) : (
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm text-slate-700">
            {weeklyHours.map((row) => (
              <div key={row.day} className="contents">
                <dt className="font-medium">{row.day}</dt>
                <dd>{row.hours}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </div>
  );
}

/** Approve, or reject with a reason the specialist will read; plain forms, so they work without JavaScript. */
export function DecisionForms({
  canApprove,
  canReject,
  lastResult,
}: {
  canApprove: boolean;
  canReject: boolean;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: rejectSchema }),
  });
  return (
    <div className="flex flex-wrap items-start gap-8">
      {canApprove ? (
        <Form method="post">
          <SubmitButton name="intent" value="approve" pendingLabel="Approving…">
            Approve
          </SubmitButton>
        </Form>
      ) : null}
      {canReject ? (
        <Form method="post" className="min-w-72 flex-1 space-y-2" {...getFormProps(form)}>
          <label htmlFor={fields.reason.id} className="block text-sm font-medium text-slate-800">
            Reason the specialist will see
          </label>
          <textarea {...getTextareaProps(fields.reason)} rows={3} maxLength={rejectionReasonMax} className={inputClass} />
          <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
          <SubmitButton name="intent" value="reject" variant="danger" pendingLabel="Rejecting…">
            Reject
          </SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}
