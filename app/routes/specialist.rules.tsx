import { getFormProps, getInputProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import type { ReactNode } from "react";
import type * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, Notice, SubmitButton } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { findOwnBookingRules, saveBookingRules } from "~/domain/specialists/booking-rules.server";
import { bookingRulesSchema, reminderChoice, type ReminderChoice } from "~/domain/specialists/schemas";

export const meta: MetaFunction = () => [{ title: "Booking rules · Your practice · Specialistly" }];

const createProfileFirst = "/specialist/profile?profileFirst=1";

type RulesForm = z.input<typeof bookingRulesSchema>;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const rules = await findOwnBookingRules(context.db, user.id);
  if (!rules) throw redirect(createProfileFirst);
  // The form asks for hours and minutes separately; the database keeps minutes.
  const form: RulesForm = {
    minNoticeHours: Math.floor(rules.minNoticeMinutes / 60),
    minNoticeMinutes: rules.minNoticeMinutes % 60,
    horizonDays: rules.horizonDays,
    bufferBeforeMinutes: rules.bufferBeforeMinutes,
    bufferAfterMinutes: rules.bufferAfterMinutes,
    slotIntervalMinutes: rules.slotIntervalMinutes,
    dailyCap: rules.dailyCap ?? undefined,
    cancellationDeadlineHours: rules.cancellationDeadlineHours,
    lateRefund: rules.lateCancellationRefundPercent > 0 ? "percentage" : "none",
    lateRefundPercent: rules.lateCancellationRefundPercent > 0 ? rules.lateCancellationRefundPercent : undefined,
    reminders: reminderChoice(rules),
  };
  return { rules: form };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const submission = parseWithZod(await request.formData(), { schema: bookingRulesSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!(await saveBookingRules(context, user.id, submission.value))) return redirect(createProfileFirst);
  return redirect("/specialist/rules?saved=1");
}

export default function BookingRules() {
  const { rules } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<RulesForm, z.output<typeof bookingRulesSchema>>({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: rules,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bookingRulesSchema }),
  });
  const number = (field: FieldMetadata<number | undefined, RulesForm>, min: number, max: number, step = 1) => ({
    ...getInputProps(field, { type: "number" }),
    min,
    max,
    step,
    inputMode: "numeric" as const,
  });
  const saved = searchParams.get("saved") === "1" && !lastResult;

  return (
    <section aria-labelledby="rules-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="rules-heading" className="text-xl font-semibold text-slate-900">
        Booking rules
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        How and when clients can book you. Changes apply to new bookings straight away; existing bookings are not affected.
      </p>
      {saved ? (
        <div className="mt-4">
          <Notice tone="success">Booking rules saved. Your open times have been updated.</Notice>
        </div>
      ) : null}
      <Form method="post" className="mt-6 space-y-8" {...getFormProps(form)}>
        <ErrorList errors={form.errors} />

        <RuleGroup title="When clients can book">
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Minimum notice</legend>
            <p className="mt-1 text-sm text-slate-500">
              How long before a session starts it can still be booked, so you&apos;re never surprised by a booking in the next few minutes.
              At most 30 days.
            </p>
            <div className="mt-2 grid grid-cols-2 gap-4">
              <Field label="Hours" inputProps={number(fields.minNoticeHours, 0, 720)} errors={fields.minNoticeHours.errors} />
              <Field label="Minutes" inputProps={number(fields.minNoticeMinutes, 0, 59)} errors={fields.minNoticeMinutes.errors} />
            </div>
          </fieldset>
          <Field
            label="Booking window (days)"
            inputProps={number(fields.horizonDays, 1, 365)}
            errors={fields.horizonDays.errors}
            hint="How far ahead clients can book, from 1 to 365 days."
          />
          <Field
            label="Start times every (minutes)"
            inputProps={number(fields.slotIntervalMinutes, 5, 240, 5)}
            errors={fields.slotIntervalMinutes.errors}
            hint="The spacing of the start times offered: 30 gives 9:00, 9:30, 10:00… From 5 to 240, in steps of 5."
          />
          <Field
            label="Most sessions per day (optional)"
            inputProps={number(fields.dailyCap, 1, 48)}
            errors={fields.dailyCap.errors}
            hint="Once a day (in your time zone) has this many bookings, no more times are offered that day. Leave empty for no limit."
          />
        </RuleGroup>

        <RuleGroup title="Breaks around sessions">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Buffer before (minutes)"
              inputProps={number(fields.bufferBeforeMinutes, 0, 240)}
              errors={fields.bufferBeforeMinutes.errors}
              hint="Kept free before each session to prepare; 0 to 240."
            />
            <Field
              label="Buffer after (minutes)"
              inputProps={number(fields.bufferAfterMinutes, 0, 240)}
              errors={fields.bufferAfterMinutes.errors}
              hint="Kept free after each session for notes or a rest; 0 to 240."
            />
          </div>
        </RuleGroup>

        <RuleGroup title="Cancellations">
          <Field
            label="Free cancellation until (hours before the start)"
            inputProps={number(fields.cancellationDeadlineHours, 0, 720)}
            errors={fields.cancellationDeadlineHours.errors}
            hint="Clients who cancel or reschedule earlier than this get a full refund; later is a late cancellation. 0 to 720 hours."
          />
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Refund for a late cancellation</legend>
            <p className="mt-1 text-sm text-slate-500">
              What a client gets back when they cancel after the deadline. If you cancel, clients are always refunded in full.
            </p>
            <div className="mt-2 space-y-2">
              {(
                [
                  ["none", "No refund"],
                  ["percentage", "A percentage of the price"],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="radio"
                    name={fields.lateRefund.name}
                    value={value}
                    defaultChecked={fields.lateRefund.initialValue === value}
                    className="h-4 w-4 border-slate-300"
                  />
                  {label}
                </label>
              ))}
            </div>
            <ErrorList id={fields.lateRefund.errorId} errors={fields.lateRefund.errors} />
            <div className="mt-3 max-w-48">
              <Field
                label="Percentage refunded"
                inputProps={number(fields.lateRefundPercent, 1, 100)}
                errors={fields.lateRefundPercent.errors}
                hint="1 to 100; used only with “A percentage of the price”."
              />
            </div>
          </fieldset>
        </RuleGroup>

        <RuleGroup title="Reminders">
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Reminders before each session</legend>
            <p className="mt-1 text-sm text-slate-500">
              Sent to you and your client by email (and by text message to those who turned it on), in each one&apos;s own time zone.
            </p>
            <div className="mt-2 space-y-2">
              {reminderOptions.map(([value, label]) => (
                <label key={value} className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="radio"
                    name={fields.reminders.name}
                    value={value}
                    defaultChecked={fields.reminders.initialValue === value}
                    className="h-4 w-4 border-slate-300"
                  />
                  {label}
                </label>
              ))}
            </div>
            <ErrorList id={fields.reminders.errorId} errors={fields.reminders.errors} />
          </fieldset>
        </RuleGroup>

        <SubmitButton pendingLabel="Saving…">Save booking rules</SubmitButton>
      </Form>
    </section>
  );
}

const reminderOptions = [
  ["both", "24 hours and 1 hour before"],
  ["24h", "24 hours before only"],
  ["1h", "1 hour before only"],
  ["none", "No reminders"],
] as const satisfies readonly (readonly [ReminderChoice, string])[];

function RuleGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-5">
      <h3 className="border-b border-slate-200 pb-2 text-base font-semibold text-slate-900">{title}</h3>
      {children}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
