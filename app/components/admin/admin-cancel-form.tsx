import { Form } from "@remix-run/react";
import { ErrorList, inputClass } from "~/components/forms";
import { maxCancelReasonLength } from "~/domain/booking/booking-form-schemas";

/** An admin cancels an active booking: the reason goes to both parties, and the refund is always full. */
export function AdminCancelForm({ error }: { error: string | null }) {
  return (
    <section aria-labelledby="admin-cancel-heading" className="rounded-2xl border border-red-200 bg-red-50 p-6">
      <h3 id="admin-cancel-heading" className="text-lg font-semibold text-red-900">
        Cancel with full refund
      </h3>
      <p className="mt-2 text-sm text-red-900">
        Whatever the specialist&apos;s policy says, the customer gets back everything paid and not yet refunded. Both parties are told the
        platform cancelled, with your reason.
      </p>
      <Form method="post" className="mt-4 space-y-3">
        <label className="block text-sm text-red-900">
          Reason (both parties see it)
          <textarea name="reason" required maxLength={maxCancelReasonLength} rows={3} className={inputClass} />
        </label>
        <label className="flex items-center gap-2 text-sm text-red-900">
          <input type="checkbox" name="confirm" value="yes" required />I understand the booking is cancelled and refunded in full.
        </label>
        <ErrorList errors={error ? [error] : null} />
        <button type="submit" className="rounded-lg bg-red-700 px-4 py-2 text-sm font-medium text-white">
          Cancel the booking
        </button>
      </Form>
    </section>
  );
}
