import {
  getFormProps,
  getInputProps,
  useForm,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { formatInTimeZone } from "date-fns-tz";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlashNotice } from "~/components/flash-notice";
import { ErrorList, SubmitButton } from "~/components/forms";
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
import {
  blockedTimeSchema,
  copyDayRows,
  dateOverrideSchema,
  weeklyHoursSchema,
  type BlockedTimeForm,
  type DateOverrideForm,
  type DateOverrideValue,
  type WeeklyHoursForm,
  type WeeklyHoursValue,
} from "~/domain/availability/schemas";
import {
  dateLabel,
  minutesPerDay,
  weekdays,
  windowLabel,
  type WeekdayKey,
  type WeeklyWindowInput,
  type WindowRow,
} from "~/domain/availability/windows";
import { useHydrated } from "~/lib/use-hydrated";

export const meta: MetaFunction = () => [{ title: "Availability · Your practice · Specialistly" }];

const pagePath = "/specialist/availability";
const profilePath = "/specialist/profile";
const copyTargets: readonly WeekdayKey[] = ["tuesday", "wednesday", "thursday", "friday"];

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
    return reply("weekly", readForm(() => parseWithZod(copyDayRows(formData, "monday", copyTargets), { schema: weeklyHoursSchema })).reply(), 200);
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

const inputClass =
  "mt-1 block rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-invalid:border-red-600 disabled:bg-slate-100 disabled:text-slate-400";
const smallButtonClass =
  "inline-flex items-center rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

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
        {overrides.length === 0 ? (
          <p className="text-sm text-slate-500">No upcoming date overrides.</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {overrides.map((override) => (
              <li key={override.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="text-sm">
                  <p className="font-medium text-slate-900">{override.label}</p>
                  <p className="text-slate-600">{override.hours.length === 0 ? "Unavailable all day" : override.hours.join(", ")}</p>
                </div>
                <RemoveForm section="remove-override" idName="overrideId" id={override.id} label={`override of ${override.label}`} />
              </li>
            ))}
          </ul>
        )}
        <DateOverrideEditor key={overrides.map((override) => override.id).join()} today={today} lastResult={lastResult("override")} />
      </Panel>

      <Panel id="blocked" title="Blocked time" intro="One-off stretches you're busy, such as an appointment or a trip.">
        {blocked.length === 0 ? (
          <p className="text-sm text-slate-500">No upcoming blocked time.</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {blocked.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="text-sm">
                  <p className="font-medium text-slate-900">{item.label}</p>
                  {item.reason ? <p className="text-slate-600">{item.reason}</p> : null}
                </div>
                <RemoveForm section="remove-blocked" idName="blockedTimeId" id={item.id} label={`blocked time ${item.label}`} />
              </li>
            ))}
          </ul>
        )}
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

function Panel({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id={`${id}-heading`} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{intro}</p>
      <div className="mt-6 space-y-6">{children}</div>
    </section>
  );
}

function RemoveForm({ section, idName, id, label }: { section: string; idName: string; id: string; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="section" value={section} />
      <input type="hidden" name={idName} value={id} />
      <SubmitButton variant="secondary" pendingLabel="Removing…">
        Remove<span className="sr-only"> {label}</span>
      </SubmitButton>
    </Form>
  );
}

/**
 * Pressing Enter in a field "clicks" the form's first submit button; without this one first,
 * that would be a row's Remove button.
 */
function DefaultSubmit() {
  return <button type="submit" hidden tabIndex={-1} />;
}

// ---------------------------------------------------------------------------------------------
// Weekly hours

function WeeklyHoursEditor({
  defaultValue,
  lastResult,
}: {
  defaultValue: Record<WeekdayKey, WindowRow[]>;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm<WeeklyHoursForm, WeeklyHoursValue>({
    id: "weekly-hours",
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: weeklyHoursSchema }),
  });

  // With JavaScript, copy what is on screen right away; without it, the button posts and the
  // server copies (see weeklyHoursAction).
  const copyMonday = (event: { preventDefault(): void }) => {
    event.preventDefault();
    const monday = fields.monday.value;
    form.update({ value: { ...form.value, ...Object.fromEntries(copyTargets.map((day) => [day, monday])) } });
  };

  return (
    <Form method="post" className="space-y-2" {...getFormProps(form)}>
      <DefaultSubmit />
      <input type="hidden" name="section" value="weekly" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="divide-y divide-slate-200">
        {weekdays.map((day) => (
          <fieldset key={day.key} className="grid gap-3 py-4 sm:grid-cols-[8rem_1fr]">
            <legend className="float-left pt-2 font-medium text-slate-900">{day.label}</legend>
            <WindowList form={form} list={fields[day.key]} label={day.label} firstDefault={{ start: "09:00", end: "17:00" }} />
          </fieldset>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <SubmitButton pendingLabel="Saving…">Save weekly hours</SubmitButton>
        <button type="submit" name="intent" value="copy-monday" formNoValidate onClick={copyMonday} className={smallButtonClass}>
          Copy Monday to Tuesday–Friday
        </button>
        <p className="text-sm text-slate-500">Changes apply once you save.</p>
      </div>
    </Form>
  );
}

type WindowRowsSchema = (WindowRow | undefined)[];

/** One day's windows: start/end times, "until midnight", remove per row and "Add hours". */
function WindowList<Schema extends Record<string, unknown>>({
  form,
  list,
  label,
  firstDefault,
}: {
  form: FormMetadata<Schema>;
  list: FieldMetadata<WindowRowsSchema, Schema>;
  label: string;
  firstDefault: WindowRow;
}) {
  const rows = list.getFieldList();
  return (
    <div className="space-y-3">
      {rows.length === 0 ? <p className="pt-2 text-sm text-slate-500">Unavailable</p> : null}
      {rows.length > 0 ? (
        <ul className="space-y-3">
          {rows.map((row, index) => (
            <WindowRowInputs key={row.key ?? index} form={form} list={list} row={row} index={index} label={label} />
          ))}
        </ul>
      ) : null}
      <ErrorList id={list.errorId} errors={list.errors} />
      <button
        {...form.insert.getButtonProps({ name: list.name, defaultValue: rows.length === 0 ? firstDefault : undefined })}
        className={smallButtonClass}
      >
        Add hours<span className="sr-only"> on {label}</span>
      </button>
    </div>
  );
}

function WindowRowInputs<Schema extends Record<string, unknown>>({
  form,
  list,
  row,
  index,
  label,
}: {
  form: FormMetadata<Schema>;
  list: FieldMetadata<WindowRowsSchema, Schema>;
  row: FieldMetadata<WindowRow | undefined, Schema>;
  index: number;
  label: string;
}) {
  const hydrated = useHydrated();
  const { start, end, untilMidnight } = row.getFieldset();
  const which = `${label}, hours ${index + 1}`;
  // Only once JavaScript runs: a disabled input can't be re-enabled without it.
  const endDisabled = hydrated && untilMidnight.value === "on";
  // A row's own error (an overlap) describes both of its times.
  const rowError = row.errors ? { ariaDescribedBy: row.errorId } : {};
  const rowInvalid = row.errors ? { "aria-invalid": true } : {};
  return (
    <li className="rounded-lg bg-slate-50 p-3">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={start.id} className="block text-sm font-medium text-slate-700">
            From<span className="sr-only"> ({which})</span>
          </label>
          <input {...getInputProps(start, { type: "time", ...rowError })} {...rowInvalid} step={300} className={inputClass} />
        </div>
        <div>
          <label htmlFor={end.id} className="block text-sm font-medium text-slate-700">
            To<span className="sr-only"> ({which})</span>
          </label>
          <input
            {...getInputProps(end, { type: "time", ...rowError })}
            {...rowInvalid}
            step={300}
            disabled={endDisabled}
            className={inputClass}
          />
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
          <input {...getInputProps(untilMidnight, { type: "checkbox" })} />
          Until midnight<span className="sr-only"> ({which})</span>
        </label>
        <button {...form.remove.getButtonProps({ name: list.name, index })} className={`${smallButtonClass} mb-1`}>
          Remove<span className="sr-only"> {which}</span>
        </button>
      </div>
      <ErrorList id={start.errorId} errors={start.errors} />
      <ErrorList id={end.errorId} errors={end.errors} />
      <ErrorList id={row.errorId} errors={row.errors} />
    </li>
  );
}

// ---------------------------------------------------------------------------------------------
// Date overrides

function DateOverrideEditor({ today, lastResult }: { today: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const hydrated = useHydrated();
  const [form, fields] = useForm<DateOverrideForm, DateOverrideValue>({
    id: "date-override",
    lastResult,
    defaultValue: { mode: "unavailable", windows: [{ start: "09:00", end: "17:00" }] },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: dateOverrideSchema(today) }),
  });
  const hoursHidden = hydrated && fields.mode.value !== "hours";
  const modes = [
    { value: "unavailable", label: "Unavailable all day" },
    { value: "hours", label: "Specific hours" },
  ] as const;

  return (
    <Form method="post" className="space-y-4 border-t border-slate-200 pt-6" {...getFormProps(form)}>
      <DefaultSubmit />
      <input type="hidden" name="section" value="override" />
      <h3 className="font-semibold text-slate-900">Add a date override</h3>
      <ErrorList id={form.errorId} errors={form.errors} />
      <div>
        <label htmlFor={fields.date.id} className="block text-sm font-medium text-slate-800">
          Date
        </label>
        <input {...getInputProps(fields.date, { type: "date" })} min={today} className={inputClass} />
        <ErrorList id={fields.date.errorId} errors={fields.date.errors} />
      </div>
      <fieldset aria-describedby={fields.mode.errors ? fields.mode.errorId : undefined}>
        <legend className="text-sm font-medium text-slate-800">On that date I am</legend>
        <div className="mt-2 flex flex-wrap gap-3">
          {modes.map((mode) => (
            <label
              key={mode.value}
              className="flex cursor-pointer items-center gap-2 rounded-lg border border-slate-300 px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
            >
              <input {...getInputProps(fields.mode, { type: "radio", value: mode.value })} id={`${fields.mode.id}-${mode.value}`} />
              {mode.label}
            </label>
          ))}
        </div>
        <ErrorList id={fields.mode.errorId} errors={fields.mode.errors} />
      </fieldset>
      <fieldset hidden={hoursHidden} disabled={hoursHidden}>
        <legend className="text-sm font-medium text-slate-800">Hours (for “Specific hours”)</legend>
        <div className="mt-2">
          <WindowList form={form} list={fields.windows} label="that date" firstDefault={{ start: "09:00", end: "17:00" }} />
        </div>
      </fieldset>
      <SubmitButton pendingLabel="Saving…">Save date override</SubmitButton>
    </Form>
  );
}

// ---------------------------------------------------------------------------------------------
// Blocked time

function BlockedTimeEditor({
  timeZone,
  now,
  nowLocal,
  lastResult,
}: {
  timeZone: string;
  now: string;
  nowLocal: string;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm<BlockedTimeForm>({
    id: "blocked-time",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: blockedTimeSchema(timeZone, new Date(now)) }),
  });
  return (
    <Form method="post" className="space-y-4 border-t border-slate-200 pt-6" {...getFormProps(form)}>
      <input type="hidden" name="section" value="blocked" />
      <h3 className="font-semibold text-slate-900">Block time</h3>
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="flex flex-wrap gap-4">
        <div>
          <label htmlFor={fields.startLocal.id} className="block text-sm font-medium text-slate-800">
            From
          </label>
          <input {...getInputProps(fields.startLocal, { type: "datetime-local" })} min={nowLocal} className={inputClass} />
          <ErrorList id={fields.startLocal.errorId} errors={fields.startLocal.errors} />
        </div>
        <div>
          <label htmlFor={fields.endLocal.id} className="block text-sm font-medium text-slate-800">
            Until
          </label>
          <input {...getInputProps(fields.endLocal, { type: "datetime-local" })} min={nowLocal} className={inputClass} />
          <ErrorList id={fields.endLocal.errorId} errors={fields.endLocal.errors} />
        </div>
      </div>
      <div>
        <label htmlFor={fields.reason.id} className="block text-sm font-medium text-slate-800">
          Note <span className="font-normal text-slate-500">(optional, only you see it)</span>
        </label>
        <input {...getInputProps(fields.reason, { type: "text" })} className={`${inputClass} w-full`} />
        <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
      </div>
      <SubmitButton pendingLabel="Blocking…">Block this time</SubmitButton>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
