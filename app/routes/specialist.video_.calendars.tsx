// The busy-calendar form of /specialist/video's Google card: save which calendars count as busy,
// or sync now. Both enqueue a calendar sync and go back to the card (ADR 0025).
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { requireRole } from "~/domain/auth/auth.server";
import { requestCalendarSync, saveCalendarSelection } from "~/domain/calendar/calendar-sync.server";
import { busyCalendarsSchema } from "~/domain/calendar/schemas";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["specialist"]);
  return redirect("/specialist/video");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const submission = parseWithZod(await request.formData(), { schema: busyCalendarsSchema });
  if (submission.status !== "success") {
    const errors = Object.values(submission.error ?? {}).flat();
    return new Response(errors.join(" ") || "Choose calendars to save or Sync now.", { status: 400 });
  }
  const result =
    submission.value.intent === "save"
      ? await saveCalendarSelection(context, user.id, submission.value.calendarId)
      : await requestCalendarSync(context, user.id);
  if (!result.ok) return new Response("Connect Google Calendar first.", { status: 409 });
  return redirect(`/specialist/video?calendars=${submission.value.intent === "save" ? "saved" : "syncing"}`);
}
