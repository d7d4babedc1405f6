import { Form, Link } from "@remix-run/react";
import { Notice, SubmitButton } from "~/components/forms";

/** A provider's OAuth callback that didn't connect: why, and a way to start again. */
export function ConnectionFailed({ provider, title, message }: { provider: "zoom" | "google"; title: string; message: string }) {
  return (
    <section aria-labelledby="connection-failed-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="connection-failed-heading" className="text-xl font-semibold text-slate-900">
        {title} wasn&apos;t connected
      </h2>
      <div className="mt-4 space-y-4 text-sm text-slate-700">
        <Notice tone="error">{message}</Notice>
        <div className="flex flex-wrap items-center gap-3">
          <Form method="post" action="/specialist/video">
            <input type="hidden" name="provider" value={provider} />
            <SubmitButton name="intent" value="connect" pendingLabel={`Opening ${title}…`}>
              Try again
            </SubmitButton>
          </Form>
          <Link to="/specialist/video" className="font-medium text-brand-700 underline">
            Back to video settings
          </Link>
        </div>
      </div>
    </section>
  );
}
