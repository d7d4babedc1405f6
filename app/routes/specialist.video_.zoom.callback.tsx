import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice, SubmitButton } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { clearedZoomFlowCookies, finishZoomConnect } from "~/domain/video/zoom-connection.server";

export const meta: MetaFunction = () => [{ title: "Connecting Zoom · Your practice · Specialistly" }];

// Zoom sends the specialist back here. Success goes on to the video page; a failure is shown
// here with a way to start again. The flow cookies are single-use either way.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const result = await finishZoomConnect(request, context, user.id);
  const headers = new Headers({ "Cache-Control": "no-store" });
  for (const cookie of clearedZoomFlowCookies(request)) headers.append("Set-Cookie", cookie);
  if (result.ok) throw redirect("/specialist/video?connected=1", { headers });
  return data({ message: result.message }, { status: result.status, headers });
}

export default function ZoomCallback() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="zoom-callback-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="zoom-callback-heading" className="text-xl font-semibold text-slate-900">
        Zoom wasn't connected
      </h2>
      <div className="mt-4 space-y-4 text-sm text-slate-700">
        <Notice tone="error">{message}</Notice>
        <div className="flex flex-wrap items-center gap-3">
          <Form method="post" action="/specialist/video">
            <SubmitButton name="intent" value="connect" pendingLabel="Opening Zoom…">
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
