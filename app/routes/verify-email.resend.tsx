import { redirect, type ActionFunctionArgs } from "@remix-run/server-runtime";
import { requireUser } from "~/domain/auth/auth.server";
import { resendEmailVerification } from "~/domain/auth/email-verification.server";
import { appOrigin } from "~/lib/app-origin";
import { safeRedirectPath } from "~/lib/safe-redirect";

// Sending mail is a state change, so it is a POST (CSRF-checked); a GET just shows the page.
export async function loader() {
  return redirect("/verify-email");
}

/** Sends a fresh link and goes back where the button was, adding `?verification=sent|too-soon|already-verified`. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const formData = await request.formData();
  const origin = appOrigin(request, context);
  const result = await resendEmailVerification(context, user, origin);
  const back = safeRedirectPath(formData.get("redirectTo") ?? refererPath(request, origin), "/verify-email");
  const target = new URL(back, "http://placeholder");
  target.searchParams.set("verification", result);
  return redirect(`${target.pathname}${target.search}`);
}

/** The page the button was on, when the browser says and it is ours. */
function refererPath(request: Request, origin: string) {
  const referer = request.headers.get("referer");
  if (!referer || !URL.canParse(referer)) return null;
  const url = new URL(referer);
  return url.origin === origin ? `${url.pathname}${url.search}` : null;
}
