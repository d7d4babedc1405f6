import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ErrorList, Notice, SubmitButton } from "~/components/forms";
import { busyCalendarsSchema, type BusyCalendarsView } from "~/domain/calendar/schemas";

/** Which of the connected Google account's calendars make the specialist busy, and their sync. */
export function BusyCalendars({ view, notice }: { view: BusyCalendarsView; notice: "saved" | "syncing" | null }) {
  // Posted to its own resource route, which answers with a redirect back here (or a 400 for input no form sends).
  const [form] = useForm({
    id: "busy-calendars",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: busyCalendarsSchema }),
  });
  return (
    <div className="space-y-3 border-t border-slate-200 pt-4">
      <h4 className="font-semibold text-slate-900">Busy times from your calendars</h4>
      <p>
        Times you are busy in the calendars ticked here can't be booked. We read them every 15 minutes; your events' details stay in Google.
      </p>
      {notice === "saved" ? <Notice tone="success">Calendars saved: your busy times are being read again.</Notice> : null}
      {notice === "syncing" ? <Notice tone="success">Your busy times are being read again.</Notice> : null}
      {view.error ? (
        <Notice tone="error">
          <strong>The last sync failed:</strong> {view.error}
        </Notice>
      ) : null}
      <p>{view.syncedAt ? `Last synced ${view.syncedAt}.` : "Not synced yet."}</p>
      <Form method="post" action="/specialist/video/calendars" className="space-y-3" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        {view.calendars.length === 0 ? (
          <p className="text-slate-500">No calendars listed yet: they appear after the first sync.</p>
        ) : (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-800">Calendars that count as busy</legend>
            {view.calendars.map((calendar) => (
              <label key={calendar.calendarId} className="flex items-center gap-2">
                <input type="checkbox" name="calendarId" value={calendar.calendarId} defaultChecked={calendar.selected} />
                <span>
                  {calendar.name}
                  {calendar.primary ? " (primary)" : ""}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="flex flex-wrap gap-3">
          {view.calendars.length > 0 ? (
            <SubmitButton name="intent" value="save" pendingLabel="Saving…">
              Save calendars
            </SubmitButton>
          ) : null}
          <SubmitButton name="intent" value="sync" variant="secondary" pendingLabel="Syncing…">
            Sync now
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}
