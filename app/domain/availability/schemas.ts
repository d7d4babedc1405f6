// Form schemas of the availability editor, shared by the browser (instant field errors) and
// the server. The rules themselves live in windows.ts; these only map them onto form fields.
import * as z from "zod";
import {
  dateLabel,
  maxReasonLength,
  maxWindowsPerDay,
  overrideDateProblem,
  parseWindowRows,
  resolveBlockedTime,
  weekdays,
  type TimeWindow,
  type WeekdayKey,
  type WeeklyWindowInput,
  type WindowIssue,
} from "./windows";

const windowRowSchema = z.object({
  start: z.string().optional(),
  end: z.string().optional(),
  untilMidnight: z.boolean().optional(),
});

const windowRowsSchema = z.array(windowRowSchema.optional()).max(maxWindowsPerDay, `At most ${maxWindowsPerDay} sets of hours per day.`);

function reportWindowIssues(ctx: z.RefinementCtx, issues: WindowIssue[], path: (string | number)[]) {
  for (const issue of issues) {
    ctx.addIssue({ code: "custom", message: issue.message, path: [...path, issue.index, ...(issue.field ? [issue.field] : [])] });
  }
}

function dayWindowsSchema(dayLabel: string) {
  return windowRowsSchema.transform((rows, ctx): TimeWindow[] => {
    const parsed = parseWindowRows(rows, dayLabel);
    if (parsed.ok) return parsed.windows;
    reportWindowIssues(ctx, parsed.issues, []);
    return z.NEVER;
  });
}

/** The weekly hours editor: one list of windows per weekday, keyed `monday` … `sunday`. */
export const weeklyHoursSchema = z
  .object(
    Object.fromEntries(weekdays.map((day) => [day.key, dayWindowsSchema(day.label)])) as Record<
      WeekdayKey,
      ReturnType<typeof dayWindowsSchema>
    >,
  )
  .transform((days): WeeklyWindowInput[] =>
    weekdays.flatMap((day) => (days[day.key] ?? []).map((window) => ({ weekday: day.weekday, ...window }))),
  );

export type WeeklyHoursForm = z.input<typeof weeklyHoursSchema>;
export type WeeklyHoursValue = z.output<typeof weeklyHoursSchema>;

export const overrideModes = ["unavailable", "hours"] as const;

/** A date's own hours, or the whole day off. `today` is the specialist's local date. */
export function dateOverrideSchema(today: string) {
  return z
    .object({
      date: z.string({ error: "Choose a date." }).trim(),
      mode: z.enum(overrideModes, { error: "Choose “Unavailable all day” or “Specific hours”." }),
      windows: windowRowsSchema,
    })
    .transform((input, ctx) => {
      const dateProblem = overrideDateProblem(input.date, today);
      if (dateProblem) ctx.addIssue({ code: "custom", message: dateProblem, path: ["date"] });
      if (input.mode === "unavailable") return dateProblem ? z.NEVER : { date: input.date, windows: "unavailable" as const };
      if (input.windows.length === 0) {
        ctx.addIssue({ code: "custom", message: "Add the hours you're available, or choose “Unavailable all day”.", path: ["windows"] });
        return z.NEVER;
      }
      const parsed = parseWindowRows(input.windows, dateProblem ? "that date" : dateLabel(input.date));
      if (!parsed.ok) {
        reportWindowIssues(ctx, parsed.issues, ["windows"]);
        return z.NEVER;
      }
      return dateProblem ? z.NEVER : { date: input.date, windows: parsed.windows };
    });
}

export type DateOverrideForm = z.input<ReturnType<typeof dateOverrideSchema>>;
export type DateOverrideValue = z.output<ReturnType<typeof dateOverrideSchema>>;

/** Local start and end in the specialist's zone, checked the way the server will store them. */
export function blockedTimeSchema(timeZone: string, now: Date) {
  return z
    .object({
      startLocal: z.string({ error: "Choose when it starts." }),
      endLocal: z.string({ error: "Choose when it ends." }),
      reason: z.string().trim().max(maxReasonLength, `Keep the note under ${maxReasonLength} characters.`).optional(),
    })
    .superRefine((input, ctx) => {
      const resolved = resolveBlockedTime(input, timeZone, now);
      if (!resolved.ok) ctx.addIssue({ code: "custom", message: resolved.message, path: [resolved.field] });
    });
}

export type BlockedTimeForm = z.input<ReturnType<typeof blockedTimeSchema>>;

/** The days "Copy Monday to Tuesday–Friday" fills, in the browser and (without JavaScript) on the server. */
export const mondayCopyTargets: readonly WeekdayKey[] = ["tuesday", "wednesday", "thursday", "friday"];

/**
 * The weekly form as posted, with `from`'s rows copied over each day of `to` (their own rows
 * dropped): how "Copy Monday to weekdays" works without JavaScript, on exactly what was typed.
 */
export function copyDayRows(formData: FormData, from: WeekdayKey, to: readonly WeekdayKey[]): FormData {
  const dayOf = (name: string) => /^([a-z]+)\[/.exec(name)?.[1];
  const copy = new FormData();
  for (const [name, value] of formData) {
    if (!to.some((day) => day === dayOf(name))) copy.append(name, value);
  }
  for (const [name, value] of formData) {
    if (dayOf(name) !== from) continue;
    for (const day of to) copy.append(`${day}${name.slice(from.length)}`, value);
  }
  return copy;
}
