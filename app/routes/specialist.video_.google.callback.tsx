import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ConnectionFailed } from "~/components/video/connection-failed";
import { requireRole } from "~/domain/auth/auth.server";
import { googleConnectCallback } from "~/domain/video/google-connection.server";
import { requestCalendarSync } from "~/domain/calendar/calendar-sync.server";

export const meta: MetaFunction = () => [{ title: "Connecting Google Calendar · Your practice · Specialistly" }];

// Google sends the specialist back here. Success goes on to the video page; a failure is shown
// here with a way to start again.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  // The first calendar sync lists the calendars and reads the busy times.
  return googleConnectCallback(request, context, user.id, "/specialist/video?connected=google", () =>
    requestCalendarSync(context, user.id),
  );
}

export default function GoogleCallback() {
  const { message } = useLoaderData<typeof loader>();
  return <ConnectionFailed provider="google" title="Google Calendar" message={message} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
