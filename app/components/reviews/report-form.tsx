import { Form } from "@remix-run/react";
import { inputClass } from "~/components/forms";
import { reportReasonLabels } from "~/domain/reviews/moderation-schemas";
import { reviewReportNoteMax, reviewReportReasons } from "../../../db/schema";

/** The report form's fields, posted to /reviews/<id>/report; plain HTML, so it works without JavaScript. */
export function ReportFields({ reviewId, errors }: { reviewId: string; errors?: Record<string, string[] | undefined> | null }) {
  return (
    <Form method="post" action={`/reviews/${reviewId}/report`} className="mt-2 space-y-2">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Why are you reporting this review?</legend>
        {reviewReportReasons.map((reason) => (
          <label key={reason} className="mr-4 inline-flex items-center gap-1 text-sm text-slate-700">
            <input type="radio" name="reason" value={reason} required />
            {reportReasonLabels[reason]}
          </label>
        ))}
        {errors?.reason ? <p className="text-sm text-red-700">{errors.reason[0]}</p> : null}
      </fieldset>
      <label className="block text-sm text-slate-700">
        Note for the moderators (optional)
        <textarea name="note" maxLength={reviewReportNoteMax} rows={2} className={inputClass} />
      </label>
      {errors?.note ? <p className="text-sm text-red-700">{errors.note[0]}</p> : null}
      <button type="submit" className="rounded-lg border border-slate-300 px-3 py-1 text-sm font-medium text-slate-900">
        Send report
      </button>
    </Form>
  );
}
