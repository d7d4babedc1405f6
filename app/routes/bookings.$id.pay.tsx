import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/domain/auth/auth.server";
import { appOrigin } from "~/lib/app-origin";
import { startCheckout } from "~/domain/payments/checkout.server";

// No page of its own: a form POST and a plain link (no JS) both go straight to the provider's checkout.
export async function loader(args: LoaderFunctionArgs) {
  return start(args);
}

export async function action(args: ActionFunctionArgs) {
  return start(args);
}

async function start({ request, context, params }: LoaderFunctionArgs | ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const result = await startCheckout(context, {
    bookingId: params.id ?? "",
    customerId: user.id,
    origin: appOrigin(request, context),
  });
  if (result.ok) return redirect(result.url);
  // Already paid: the booking page is where the customer wants to be.
  if (result.reason === "paid") return redirect(`/bookings/${params.id}`);
  throw data(result.message, { status: result.status });
}

export default function StartCheckout() {
  return null;
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        409: ({ error }) => <CannotPay title="This booking can't be paid" message={String(error.data)} />,
        410: ({ error }) => <CannotPay title="This booking can't be paid any more" message={String(error.data)} />,
        503: ({ error }) => <CannotPay title="Payment is unavailable for a moment" message={String(error.data)} />,
      }}
    />
  );
}

function CannotPay({ title, message }: { title: string; message: string }) {
  return (
    <section className="mx-auto max-w-xl py-16 text-center" role="alert">
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-3 text-slate-600">{message}</p>
      <p className="mt-8">
        <a href="/specialists" className="font-medium text-brand-700 underline underline-offset-4 hover:text-brand-900">
          Find a new time
        </a>
      </p>
    </section>
  );
}
