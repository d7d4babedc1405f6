import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { startGoogleSignIn } from "~/domain/auth/google.server";

// GET lets a plain link start sign-in without JavaScript; POST serves forms. Both just redirect
// to Google: nothing is signed in until the callback proves the state cookie matches.
export function loader({ request, context }: LoaderFunctionArgs) {
  return startGoogleSignIn(request, context, new URL(request.url).searchParams.get("redirectTo"));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  return startGoogleSignIn(request, context, formData.get("redirectTo"));
}

export default function GoogleSignInStart() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
