import { Form, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Notice, SubmitButton } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { disconnectZoom, findZoomConnection, startZoomConnect, zoomAvailability } from "~/domain/video/zoom-connection.server";
import { formatDate } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Video · Your practice · Specialistly" }];

const videoActionSchema = z.object({ intent: z.enum(["connect", "disconnect"], { error: "Choose connect or disconnect." }) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const availability = await zoomAvailability(context.env);
  const connection = await findZoomConnection(context, user.id);
  return {
    unavailable: availability.ok ? null : availability.missing,
    zoom: connection
      ? {
          state: connection.status === "active" ? ("connected" as const) : ("lost" as const),
          email: connection.externalEmail,
          name: connection.externalName,
          since: formatDate(connection.connectedAt, user.timezone),
        }
      : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const parsed = videoActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "Choose an action." }, { status: 400 });
  if (parsed.data.intent === "connect") {
    if (!(await zoomAvailability(context.env)).ok) return data({ error: "Connecting Zoom isn't available here yet." }, { status: 400 });
    // Thrown: a plain Response (the 302 to Zoom with its cookies) keeps the action's data typed.
    throw await startZoomConnect(request, context);
  }
  await disconnectZoom(context, user.id);
  return redirect("/specialist/video?disconnected=1");
}

export default function Video() {
  const { unavailable, zoom } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const who = zoom ? (zoom.email ?? zoom.name ?? "your Zoom account") : null;

  return (
    <section aria-labelledby="video-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="video-heading" className="text-xl font-semibold text-slate-900">
        Video
      </h2>
      <div className="mt-4 space-y-4 text-sm text-slate-700">
        {searchParams.get("connected") === "1" && zoom?.state === "connected" ? <Notice tone="success">Zoom is connected.</Notice> : null}
        {searchParams.get("disconnected") === "1" && !zoom ? (
          <Notice tone="success">
            Zoom is disconnected: we deleted our access to your Zoom account and asked Zoom to remove the app. Meetings already in your Zoom
            calendar stay there; new sessions use the default video room link.
          </Notice>
        ) : null}
        {result && "error" in result ? <ErrorList errors={[result.error]} /> : null}
        <p>
          Connect your own Zoom account so sessions can take place in your Zoom meetings. Without it, each session gets a default video room
          link.
        </p>

        <h3 className="text-base font-semibold text-slate-900">Zoom</h3>
        {zoom === null ? (
          <p>
            <strong>Zoom: not connected.</strong>
          </p>
        ) : zoom.state === "connected" ? (
          <p>
            <strong>Connected as {who}</strong> since {zoom.since}.
          </p>
        ) : (
          <Notice tone="error">
            <strong>Zoom: connection lost — reconnect.</strong> Zoom stopped accepting our access to {who}, perhaps because the app was
            removed in Zoom. Reconnect to keep getting Zoom meetings.
          </Notice>
        )}

        {unavailable ? (
          <Notice>
            Connecting Zoom isn't available on this site yet:{" "}
            {unavailable === "zoom"
              ? "it needs a Zoom app (ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET)."
              : "it needs an encryption key for the tokens (ENCRYPTION_KEY)."}
          </Notice>
        ) : (
          <div className="flex flex-wrap gap-3">
            {zoom?.state !== "connected" ? (
              <Form method="post">
                <SubmitButton name="intent" value="connect" pendingLabel="Opening Zoom…">
                  {zoom ? "Reconnect Zoom" : "Connect Zoom"}
                </SubmitButton>
              </Form>
            ) : null}
          </div>
        )}
        {zoom ? (
          <Form method="post" className="space-y-2">
            <p className="text-xs text-slate-500">
              Disconnecting deletes our access to your Zoom account. Meetings already created stay in Zoom; new sessions use the default
              video room link.
            </p>
            <SubmitButton name="intent" value="disconnect" variant="secondary" pendingLabel="Disconnecting…">
              Disconnect Zoom
            </SubmitButton>
          </Form>
        ) : null}
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
