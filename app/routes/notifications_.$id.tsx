import { redirect, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/domain/auth/auth.server";
import { appOrigin } from "~/lib/app-origin";
import { openNotification } from "~/domain/notifications/center.server";

// A notification's link: reading it marks it read, then leads to what it is about.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const href = await openNotification(context, user, params.id ?? "", appOrigin(request, context));
  if (!href) throw new Response("You have no notification with that id.", { status: 404, statusText: "Not Found" });
  return redirect(href);
}

// Never rendered (the loader always redirects or throws); it makes this a page, so a 404 shows in the site's layout.
export default function OpenNotification() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
