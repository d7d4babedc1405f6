import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

const refreshSeconds = 3;

/**
 * Between the customer's return from checkout and the queued job that confirms the payment: one
 * message, and the page reloads its data until the booking settles (the parent stops rendering
 * this then). Without JavaScript, a refresh in <noscript> reloads the page instead.
 */
export function PaymentConfirming() {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, refreshSeconds * 1000);
    return () => clearInterval(timer);
  }, [revalidator]);

  return (
    <section aria-labelledby="confirming-heading" role="status" className="rounded-2xl border border-brand-100 bg-brand-50 p-6">
      <noscript>
        <meta httpEquiv="refresh" content={String(refreshSeconds)} />
      </noscript>
      <h2 id="confirming-heading" className="text-lg font-semibold text-slate-900">
        Confirming your payment…
      </h2>
      <p className="mt-1 text-slate-700">
        Thanks! We're confirming your payment with the payment provider. This usually takes a few seconds, and this page updates by itself.
      </p>
    </section>
  );
}
