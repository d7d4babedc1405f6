// `google_`: the callback is not a child of the start route (whose loader would redirect to Google again).
import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormCard, Notice } from "~/components/forms";
import { GoogleSignIn } from "~/components/google-sign-in";
import { clearedFlowCookies, finishGoogleSignIn, flowRedirectTo } from "~/domain/auth/google.server";

export const meta: MetaFunction = () => [{ title: "Sign in with Google · Specialistly" }];

// The URL holds a one-time code and state; nothing should cache the page showing it.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await finishGoogleSignIn(request, context);
  // The state and verifier are single-use whatever the outcome.
  const cleared = clearedFlowCookies(request);
  if (result.ok) {
    for (const cookie of cleared) result.response.headers.append("Set-Cookie", cookie);
    throw result.response;
  }
  const headers = new Headers();
  for (const cookie of cleared) headers.append("Set-Cookie", cookie);
  const redirectTo = flowRedirectTo(request);
  return data({ message: result.message, redirectTo: redirectTo === "/" ? "" : redirectTo }, { status: result.status, headers });
}

export default function GoogleSignInProblem() {
  const { message, redirectTo } = useLoaderData<typeof loader>();
  return (
    <FormCard
      title="Google sign-in didn't finish"
      footer={
        <>
          No account yet?{" "}
          <Link to="/signup" className="font-medium text-brand-700 underline">
            Create one with your email
          </Link>
        </>
      }
    >
      <div className="space-y-5">
        <Notice tone="error">{message}</Notice>
        <GoogleSignIn redirectTo={redirectTo} label="Try Google again" />
        <Link
          to={`/login${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`}
          className="flex w-full items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        >
          Log in with email instead
        </Link>
      </div>
    </FormCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
