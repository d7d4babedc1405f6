import { redirect, type ActionFunctionArgs } from "@remix-run/server-runtime";
import { endSession } from "~/domain/auth/auth.server";

// Logging out changes state, so it is a POST (CSRF-checked); a GET just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  return endSession(request, context);
}
