import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { FormEvent } from "react";
import { ErrorList, inputClass, SubmitButton } from "~/components/forms";
import { cancelSchema, maxCancelReasonLength } from "~/domain/booking/booking-form-schemas";

/**
 * Cancelling: the reason is required (the browser says so even without JavaScript), and with
 * JavaScript a valid form asks once more before it is sent, since cancelling can't be undone.
 */
export function CancelBookingForm({
  consequence,
  otherPartyName,
  lastResult,
}: {
  consequence: string;
  otherPartyName: string;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(cancelSchema),
    // Before hydration (or without JavaScript) the browser checks the required reason itself.
    defaultNoValidate: false,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cancelSchema }),
  });
  const formProps = getFormProps(form);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    formProps.onSubmit(event);
    if (!event.defaultPrevented && !window.confirm(`Cancel this booking? ${consequence} This can't be undone.`)) event.preventDefault();
  };

  return (
    <section aria-labelledby="cancel-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="cancel-heading" className="text-lg font-semibold text-slate-900">
        Cancel this booking
      </h2>
      <p className="mt-1 text-slate-700">{consequence}</p>
      <Form method="post" className="mt-4 space-y-3" {...formProps} onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="cancel" />
        <div>
          <label htmlFor={fields.reason.id} className="block text-sm font-medium text-slate-800">
            Reason (required, shared with {otherPartyName})
          </label>
          <textarea {...getTextareaProps(fields.reason)} rows={3} maxLength={maxCancelReasonLength} className={inputClass} />
          <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
        </div>
        <SubmitButton variant="danger" pendingLabel="Cancelling…">
          Cancel booking
        </SubmitButton>
        <ErrorList errors={form.errors} />
      </Form>
    </section>
  );
}
