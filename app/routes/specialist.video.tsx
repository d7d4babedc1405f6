import { useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import type { ConnectedAccount } from "../../db/schema";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { ConnectionCard, type ConnectionView } from "~/components/video/connection-card";
import { BusyCalendars } from "~/components/calendar/busy-calendars";
import { busyCalendarsView } from "~/domain/calendar/calendar-sync.server";
import { requireRole } from "~/domain/auth/auth.server";
import { disconnectGoogle, findGoogleConnection, googleAvailability, startGoogleConnect } from "~/domain/video/google-connection.server";
import { disconnectZoom, findZoomConnection, startZoomConnect, zoomAvailability } from "~/domain/video/zoom-connection.server";
import { formatDate } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Video · Your practice · Specialistly" }];

const videoActionSchema = z.object({
  intent: z.enum(["connect", "disconnect"], { error: "Choose connect or disconnect." }),
  // Zoom when absent: the Zoom callback's "Try again" predates Google.
  provider: z.enum(["zoom", "google"], { error: "Choose Zoom or Google." }).default("zoom"),
});

const providers = {
  zoom: { availability: zoomAvailability, find: findZoomConnection, start: startZoomConnect, disconnect: disconnectZoom, title: "Zoom" },
  google: {
    availability: googleAvailability,
    find: findGoogleConnection,
    start: startGoogleConnect,
    disconnect: disconnectGoogle,
    title: "Google Calendar",
  },
};

function view(connection: ConnectedAccount | null, timezone: string): ConnectionView {
  if (!connection) return null;
  return {
    state: connection.status === "active" ? "connected" : "lost",
    email: connection.externalEmail,
    name: connection.externalName,
    since: formatDate(connection.connectedAt, timezone),
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const [zoomAvailable, googleAvailable, zoom, google, calendars] = await Promise.all([
    zoomAvailability(context.env),
    googleAvailability(context.env),
    findZoomConnection(context, user.id),
    findGoogleConnection(context, user.id),
    busyCalendarsView(context, user.id, user.timezone),
  ]);
  return {
    zoom: { unavailable: zoomAvailable.ok ? null : zoomAvailable.missing, connection: view(zoom, user.timezone) },
    google: { unavailable: googleAvailable.ok ? null : googleAvailable.missing, connection: view(google, user.timezone), calendars },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const parsed = videoActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "Choose an action." }, { status: 400 });
  const provider = providers[parsed.data.provider];
  if (parsed.data.intent === "connect") {
    if (!(await provider.availability(context.env)).ok) {
      return data({ error: `Connecting ${provider.title} isn't available here yet.` }, { status: 400 });
    }
    // Thrown: a plain Response (the 302 to the provider with its cookies) keeps the action's data typed.
    throw await provider.start(request, context);
  }
  await provider.disconnect(context, user.id);
  return redirect(`/specialist/video?disconnected=${parsed.data.provider === "zoom" ? "1" : "google"}`);
}

export default function Video() {
  const { zoom, google } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const connected = searchParams.get("connected");
  const disconnected = searchParams.get("disconnected");

  return (
    <section aria-labelledby="video-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="video-heading" className="text-xl font-semibold text-slate-900">
        Video
      </h2>
      <div className="mt-4 space-y-6 text-sm text-slate-700">
        {result && "error" in result ? <ErrorList errors={[result.error]} /> : null}
        <p>
          Connect your own Zoom account or Google Calendar so sessions can take place in your Zoom meetings or Google Meet. Without them,
          each session gets a default video room link. Choose the video for each session type under Session types.
        </p>
        <ConnectionCard
          provider="zoom"
          title="Zoom"
          company="Zoom"
          connection={zoom.connection}
          unavailable={zoom.unavailable}
          settingsHint="it needs a Zoom app (ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET)."
          justConnected={connected === "1"}
          justDisconnected={disconnected === "1"}
          disconnectedNotice="we deleted our access to your Zoom account and asked Zoom to remove the app. Meetings already in your Zoom calendar stay there; new sessions use the default video room link."
          disconnectHint="Disconnecting deletes our access to your Zoom account. Meetings already created stay in Zoom; new sessions use the default video room link."
        />
        <ConnectionCard
          provider="google"
          title="Google Calendar"
          company="Google"
          connection={google.connection}
          unavailable={google.unavailable}
          settingsHint="it needs a Google OAuth client (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)."
          justConnected={connected === "google"}
          justDisconnected={disconnected === "google"}
          disconnectedNotice="we deleted our access to your Google account and asked Google to remove the app. Events already in your calendar stay there; new sessions set to Google Meet use the default video room link."
          disconnectHint="Disconnecting deletes our access to your Google account. Events already created stay in your calendar; new sessions set to Google Meet use the default video room link."
        />
        {google.calendars ? <BusyCalendars view={google.calendars} notice={calendarsNotice(searchParams.get("calendars"))} /> : null}
      </div>
    </section>
  );
}

function calendarsNotice(value: string | null) {
  return value === "saved" || value === "syncing" ? value : null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
