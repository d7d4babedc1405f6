import { getFormProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { ErrorList, inputClass, SubmitButton } from "~/components/forms";
import { aspectLabels, reviewAspects } from "~/domain/reviews/review-schemas";
import { reviewCommentMax } from "../../../db/schema";

export interface ReviewValues {
  overall: number;
  communication: number;
  expertise: number;
  value: number;
  comment: string;
}

/** Five radios in a fieldset: keyboard- and screen-reader-friendly, and no JavaScript needed. */
function StarRating({ field, legend, defaultValue }: { field: FieldMetadata<number>; legend: string; defaultValue?: number }) {
  return (
    <fieldset aria-describedby={field.errors ? field.errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-2">
        {[5, 4, 3, 2, 1].map((stars) => (
          <label
            key={stars}
            className="inline-flex items-center gap-1 rounded-lg border border-slate-300 px-3 py-1 text-sm has-checked:border-brand-600 has-checked:bg-brand-50"
          >
            <input type="radio" name={field.name} value={stars} defaultChecked={defaultValue === stars} required />
            {stars} {stars === 1 ? "star" : "stars"}
          </label>
        ))}
      </div>
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

export function ReviewForm({
  lastResult,
  defaults,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaults: ReviewValues | null;
  submitLabel: string;
}) {
  const [form, fields] = useForm<ReviewValues>({ lastResult, shouldValidate: "onSubmit" });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-5">
      <StarRating field={fields.overall} legend="Overall" defaultValue={defaults?.overall} />
      {reviewAspects.map((aspect) => (
        <StarRating key={aspect} field={fields[aspect]} legend={aspectLabels[aspect]} defaultValue={defaults?.[aspect]} />
      ))}
      <div>
        <label htmlFor={fields.comment.id} className="block text-sm font-medium text-slate-800">
          Your review (optional, shown on the profile)
        </label>
        <textarea
          {...getTextareaProps(fields.comment)}
          defaultValue={defaults?.comment ?? ""}
          rows={5}
          maxLength={reviewCommentMax}
          className={inputClass}
        />
        <ErrorList id={fields.comment.errorId} errors={fields.comment.errors} />
      </div>
      <ErrorList errors={form.errors} />
      <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
    </Form>
  );
}

export function ResponseForm({
  lastResult,
  defaultValue,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: string | null;
}) {
  const [form, fields] = useForm<{ response: string }>({ lastResult, shouldValidate: "onSubmit" });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <div>
        <label htmlFor={fields.response.id} className="block text-sm font-medium text-slate-800">
          Your response (shown under the review on your profile)
        </label>
        <textarea
          {...getTextareaProps(fields.response)}
          defaultValue={defaultValue ?? ""}
          rows={4}
          maxLength={reviewCommentMax}
          className={inputClass}
        />
        <ErrorList id={fields.response.errorId} errors={fields.response.errors} />
      </div>
      <ErrorList errors={form.errors} />
      <SubmitButton pendingLabel="Saving…">{defaultValue ? "Update response" : "Post response"}</SubmitButton>
    </Form>
  );
}
