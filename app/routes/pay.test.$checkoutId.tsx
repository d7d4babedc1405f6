import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormCard, Notice, SubmitButton } from "~/components/forms";
import { appOrigin } from "~/lib/app-origin";
import { testCheckoutSchema } from "~/domain/payments/schemas";
import { completeTestCheckout, loadTestCheckout } from "~/domain/payments/test-checkout.server";
import type { PaymentStatus } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Test payment · Specialistly" }, { name: "robots", content: "noindex" }];

// The checkout id is the capability, as on a hosted checkout page: no sign-in needed.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const checkout = await loadTestCheckout(context, params.checkoutId ?? "");
  if (!checkout) throw data("This checkout doesn't exist.", { status: 404 });
  return { checkout };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!(await loadTestCheckout(context, params.checkoutId ?? ""))) throw data("This checkout doesn't exist.", { status: 404 });
  const submission = parseWithZod(await request.formData(), { schema: testCheckoutSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { outcome } = submission.value;
  const result = await completeTestCheckout(context, {
    checkoutId: params.checkoutId ?? "",
    outcome,
    origin: appOrigin(request, context),
  });
  if (!result.ok && result.status === 404) throw data(result.message, { status: 404 });
  if (!result.ok) return data(submission.reply({ formErrors: [result.message] }), { status: result.status });
  return redirect(`/bookings/${result.bookingId}?${outcome === "pay" ? "paid" : "declined"}=1`);
}

export default function TestPaymentPage() {
  const { checkout } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm({ lastResult });
  const open = checkout.status === "open" && !checkout.expired;

  return (
    <FormCard title="Test payment">
      <div className="space-y-5">
        <Notice>
          <strong>Test payment — no real money moves.</strong> This stands in for a card payment page while no payment provider is
          configured.
        </Notice>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="font-medium text-slate-600">Session</dt>
          <dd className="text-slate-900">{checkout.description}</dd>
          <dt className="font-medium text-slate-600">Amount</dt>
          <dd className="text-lg font-semibold text-slate-900">
            {checkout.amount} <span className="text-sm font-normal text-slate-600">{checkout.currency}</span>
          </dd>
        </dl>
        {open ? (
          <Form method="post" className="space-y-4" {...getFormProps(form)}>
            <ErrorList id={form.errorId} errors={form.errors} />
            <div className="flex flex-wrap gap-3">
              <SubmitButton name="outcome" value="pay" pendingLabel="Paying…">
                Pay {checkout.amount}
              </SubmitButton>
              <SubmitButton name="outcome" value="decline" variant="secondary" pendingLabel="Declining…">
                Decline
              </SubmitButton>
            </div>
          </Form>
        ) : (
          <Notice tone="error">{closedMessage(checkout.status)}</Notice>
        )}
        <p className="text-sm">
          <a href={`/bookings/${checkout.bookingId}`} className="font-medium text-brand-700 underline">
            Back to the booking
          </a>
        </p>
      </div>
    </FormCard>
  );
}

function closedMessage(status: PaymentStatus) {
  if (status === "paid") return "This checkout has been paid.";
  if (status === "processing") return "This payment is being processed. The booking confirms when it clears.";
  if (status === "failed") return "This payment was declined. Start a new payment from the booking.";
  return "This checkout has expired. No payment was taken.";
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
