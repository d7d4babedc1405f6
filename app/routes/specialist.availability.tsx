import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Link, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { formatInTimeZone } from "date-fns-tz";
import { BlockedTimeEditor, BlockedTimeList } from "~/components/availability/blocked-time";
import { DateOverrideEditor, DateOverrideList } from "~/components/availability/date-overrides";
import { Panel } from "~/components/availability/parts";
import { WeeklyHoursEditor } from "~/components/availability/weekly-hours";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlashNotice } from "~/components/flash-notice";
import { requireRole } from "~/domain/auth/auth.server";
import {
  addBlockedTime,
  findOwnSpecialist,
  getAvailability,
  removeBlockedTime,
  removeDateOverride,
  replaceWeeklyWindows,
  setDateOverride,
} from "~/domain/availability/availability.server";
import { localDate, minuteLabel } from "~/domain/availability/calendar-week";
import { blockedTimeSchema, copyDayRows, dateOverrideSchema, mondayCopyTargets, weeklyHoursSchema } from "~/domain/availability/schemas";
import {
  dateLabel,
  minutesPerDay,
  weekdays,
  windowLabel,
  type WeekdayKey,
  type WeeklyWindowInput,
  type WindowRow,
} from "~/domain/availability/windows";

export const meta: MetaFunction = () => [{ title: "Availability · Your practice · Specialistly" }];

const pagePath = "/specialist/availability";
const profilePath = "/specialist/profile";

type Section = "weekly" | "override" | "blocked";
interface ActionData {
  section: Section;
  result: SubmissionResult<string[]>;
}

/** The signed-in specialist; one without a profile is sent to create it first. */
async function requireSpecialistProfile(request: Request, context: AppLoadContext) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const specialist = await findOwnSpecialist(context.db, user.id);
  if (!specialist) throw redirect(profilePath);
  return { userId: user.id, timeZone: specialist.timezone };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const now = context.clock.now();
  const availability = await getAvailability(context.db, user.id, now);
  if (!availability) throw redirect(profilePath);
  const { timeZone } = availability;
  // Formatted on the server, in the specialist's zone, so the page reads the same without JavaScript.
  const format = (at: Date, pattern: string) => formatInTimeZone(at, timeZone, pattern);
  return {
    timeZone,
    today: availability.today,
    now: now.toISOString(),
    nowLocal: format(now, "yyyy-MM-dd'T'HH:mm"),
    weekly: weeklyFormValue(availability.weekly),
    overrides: availability.overrides.map((override) => ({
      id: override.id,
      date: override.date,
      label: dateLabel(override.date),
      hours: override.windows.map(windowLabel),
    })),
    blocked: availability.blocked.map((blocked) => {
      const sameDay = format(blocked.startsAt, "yyyy-MM-dd") === format(blocked.endsAt, "yyyy-MM-dd");
      return {
        id: blocked.id,
        reason: blocked.reason,
        label: `${format(blocked.startsAt, "EEE d MMM yyyy, HH:mm")} – ${format(blocked.endsAt, sameDay ? "HH:mm" : "EEE d MMM yyyy, HH:mm")}`,
      };
    }),
  };
}

/** Stored windows → the editor's rows; 24:00 becomes "until midnight" (a time input can't show it). */
function weeklyFormValue(windows: WeeklyWindowInput[]): Record<WeekdayKey, WindowRow[]> {
  const rows = (weekday: number) =>
    windows
      .filter((window) => window.weekday === weekday)
      .map((window): WindowRow =>
        window.endMinute === minutesPerDay
          ? { start: minuteLabel(window.startMinute), untilMidnight: true }
          : { start: minuteLabel(window.startMinute), end: minuteLabel(window.endMinute) },
      );
  return Object.fromEntries(weekdays.map((day) => [day.key, rows(day.weekday)])) as Record<WeekdayKey, WindowRow[]>;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const specialist = await requireSpecialistProfile(request, context);
  const formData = await request.formData();
  switch (formData.get("section")) {
    case "weekly":
      return weeklyHoursAction(context, specialist.userId, formData);
    case "override":
      return dateOverrideAction(context, specialist, formData);
    case "remove-override":
      return removeAction(formData.get("overrideId"), (id) => removeDateOverride(context, specialist.userId, id), "override-removed");
    case "blocked":
      return blockedTimeAction(context, specialist, formData);
    case "remove-blocked":
      return removeAction(formData.get("blockedTimeId"), (id) => removeBlockedTime(context, specialist.userId, id), "blocked-removed");
    default:
      throw data("That form isn't one this page knows.", { status: 400 });
  }
}

function reply(section: Section, result: SubmissionResult<string[]>, status: number) {
  return data<ActionData>({ section, result }, { status });
}

const saved = (what: string) => redirect(`${pagePath}?saved=${what}`);

/** A hand-made request can carry a list intent conform can't apply: bad input, not a crash. */
function readForm<T>(parse: () => T): T {
  try {
    return parse();
  } catch {
    throw data("That form couldn't be read. Reload the page and try again.", { status: 400 });
  }
}

async function weeklyHoursAction(context: AppLoadContext, userId: string, formData: FormData) {
  const intent = formData.get("intent");
  if (intent === "copy-monday") {
    // Without JavaScript: copy the rows as typed and show them, unsaved.
    return reply(
      "weekly",
      readForm(() => parseWithZod(copyDayRows(formData, "monday", mondayCopyTargets), { schema: weeklyHoursSchema })).reply(),
      200,
    );
  }
  const submission = readForm(() => parseWithZod(formData, { schema: weeklyHoursSchema }));
  // Adding or removing hours without JavaScript posts the whole form with a list intent:
  // the edited rows come back unsaved (status undefined). Only a plain submit saves.
  if (submission.status !== "success") return reply("weekly", submission.reply(), submission.status === "error" ? 400 : 200);
  const result = await replaceWeeklyWindows(context, userId, submission.value);
  if (!result.ok) return reply("weekly", submission.reply({ formErrors: [result.message] }), result.status);
  return saved("weekly");
}

async function dateOverrideAction(context: AppLoadContext, specialist: { userId: string; timeZone: string }, formData: FormData) {
  const today = localDate(context.clock.now(), specialist.timeZone);
  const submission = readForm(() => parseWithZod(formData, { schema: dateOverrideSchema(today) }));
  if (submission.status !== "success") return reply("override", submission.reply(), submission.status === "error" ? 400 : 200);
  const { date, windows } = submission.value;
  const result = await setDateOverride(context, specialist.userId, date, windows);
  if (!result.ok) {
    const errors = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return reply("override", submission.reply(errors), result.status);
  }
  return saved("override");
}

async function blockedTimeAction(context: AppLoadContext, specialist: { userId: string; timeZone: string }, formData: FormData) {
  const submission = readForm(() => parseWithZod(formData, { schema: blockedTimeSchema(specialist.timeZone, context.clock.now()) }));
  if (submission.status !== "success") return reply("blocked", submission.reply(), 400);
  const result = await addBlockedTime(context, specialist.userId, submission.value);
  if (!result.ok) {
    const errors = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return reply("blocked", submission.reply(errors), result.status);
  }
  return saved("blocked");
}

async function removeAction(
  id: FormDataEntryValue | null,
  remove: (id: string) => Promise<{ ok: true } | { ok: false; status: number; message: string }>,
  what: string,
) {
  if (typeof id !== "string" || id === "") throw data("Choose what to remove.", { status: 400 });
  const result = await remove(id);
  // Someone else's (or an unknown) id: nothing changes, and the answer doesn't say which.
  if (!result.ok) throw data(result.message, { status: result.status });
  return saved(what);
}

// ---------------------------------------------------------------------------------------------
// Page

const savedNotices: Record<string, string> = {
  weekly: "Weekly hours saved.",
  override: "Date override saved.",
  "override-removed": "Date override removed; that date follows your weekly hours again.",
  blocked: "Blocked time added.",
  "blocked-removed": "Blocked time removed.",
};

export default function AvailabilityPage() {
  const { timeZone, weekly, overrides, blocked, today, now, nowLocal } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const [searchParams] = useSearchParams();
  const savedNotice = actionData ? undefined : savedNotices[searchParams.get("saved") ?? ""];
  const lastResult = (section: Section) => (actionData?.section === section ? actionData.result : undefined);

  return (
    <div className="space-y-6">
      {/* The "Your practice" layout (routes/specialist.tsx) provides the page heading. */}
      <p className="text-slate-600">
        Times are in <strong>{timeZone}</strong> — change it in{" "}
        <Link to={profilePath} className="font-medium text-brand-700 underline">
          your profile
        </Link>
        . Clients see your open times in their own time zone.
      </p>
      {savedNotice ? <FlashNotice>{savedNotice}</FlashNotice> : null}

      <Panel id="weekly" title="Weekly hours" intro="The hours you take sessions, week after week. A day without hours is a day off.">
        {/* Remounted after a save, so the form shows what was stored. */}
        <WeeklyHoursEditor key={JSON.stringify(weekly)} defaultValue={weekly} lastResult={lastResult("weekly")} />
      </Panel>

      <Panel
        id="overrides"
        title="Date overrides"
        intro="Different hours on one date, or the whole day off. They replace that date's weekly hours."
      >
        <DateOverrideList overrides={overrides} />
        <DateOverrideEditor key={overrides.map((override) => override.id).join()} today={today} lastResult={lastResult("override")} />
      </Panel>

      <Panel id="blocked" title="Blocked time" intro="One-off stretches you're busy, such as an appointment or a trip.">
        <BlockedTimeList blocked={blocked} />
        <BlockedTimeEditor
          key={blocked.map((item) => item.id).join()}
          timeZone={timeZone}
          now={now}
          nowLocal={nowLocal}
          lastResult={lastResult("blocked")}
        />
      </Panel>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
