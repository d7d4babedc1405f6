import { Form, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormCard, Notice, SubmitButton } from "~/components/forms";
import { unsubscribe, unsubscribeTarget } from "~/domain/notifications/preferences.server";

export const meta: MetaFunction = () => [{ title: "Unsubscribe · Specialistly" }, { name: "robots", content: "noindex" }];

// The link in an email's List-Unsubscribe header and footer; the notification id is its secret, so
// no sign-in is needed. GET only asks (mail scanners follow links); POST turns email off, whether
// from this page's button or from a mail client's one-click request (RFC 8058), which arrives
// cross-site and is let through the CSRF check for this path (request-handler.ts).

const notFound = () => new Response("This unsubscribe link isn't valid.", { status: 404, statusText: "Not Found" });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const target = await unsubscribeTarget(context.db, params.id ?? "");
  if (!target) throw notFound();
  return target;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const oneClick = form.get("List-Unsubscribe") === "One-Click";
  if (!oneClick && form.get("intent") !== "unsubscribe") {
    throw new Response("Send List-Unsubscribe=One-Click to unsubscribe.", { status: 400 });
  }
  const target = await unsubscribe(context, params.id ?? "");
  if (!target) throw notFound();
  return { done: true };
}

export default function Unsubscribe() {
  const target = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  return (
    <FormCard title="Unsubscribe">
      {done || target.alreadyOff ? (
        <Notice tone="success">
          Done: we won&apos;t email {target.maskedEmail} about “{target.label}” any more. You can turn it back on in your notification
          settings.
        </Notice>
      ) : (
        <Form method="post" className="space-y-4">
          <p className="text-slate-700">
            Stop emails about <strong>“{target.label}”</strong> to {target.maskedEmail}? You&apos;ll still see them in the app.
          </p>
          <SubmitButton name="intent" value="unsubscribe" pendingLabel="Unsubscribing…">
            Unsubscribe
          </SubmitButton>
        </Form>
      )}
      <p className="mt-4 text-sm text-slate-600">
        <a href="/settings/notifications" className="font-medium text-brand-700 underline">
          All notification settings
        </a>
      </p>
    </FormCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
