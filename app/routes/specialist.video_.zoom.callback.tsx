import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ConnectionFailed } from "~/components/video/connection-failed";
import { requireRole } from "~/domain/auth/auth.server";
import { zoomConnectCallback } from "~/domain/video/zoom-connection.server";

export const meta: MetaFunction = () => [{ title: "Connecting Zoom · Your practice · Specialistly" }];

// Zoom sends the specialist back here. Success goes on to the video page; a failure is shown
// here with a way to start again.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  return zoomConnectCallback(request, context, user.id, "/specialist/video?connected=1");
}

export default function ZoomCallback() {
  const { message } = useLoaderData<typeof loader>();
  return <ConnectionFailed provider="zoom" title="Zoom" message={message} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
