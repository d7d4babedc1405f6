import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, type MetaFunction, type ShouldRevalidateFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Notice, SubmitButton } from "~/components/forms";
import { SlotPicker } from "~/components/slot-picker";
import { likelyTimeZones } from "~/domain/account/time-zone-options";
import { requireUser } from "~/domain/auth/auth.server";
import { rescheduleSchema } from "~/domain/booking/booking-form-schemas";
import { upcomingStarts } from "~/domain/booking/booking-offer.server";
import { getBookingFor } from "~/domain/booking/bookings.server";
import { canReschedule, rescheduleBooking } from "~/domain/booking/change-booking.server";
import { chooseViewerZone, focusDay } from "~/domain/booking/picker-query";
import { pickerView } from "~/domain/booking/slot-days";
import { zoneName } from "~/domain/specialists/viewer-zone";
import { formatDayTime, formatRange, formatTime, zoneOffsetLabel } from "~/lib/time-format";
import { currentZoneName } from "~/lib/time-zones";

export const meta: MetaFunction = () => [{ title: "Move booking · Specialistly" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const detail = await getBookingFor(context.db, user.id, params.id ?? "");
  if (!detail) throw new Response("No booking of yours has that address", { status: 404, statusText: "Not Found" });
  const { booking, specialist } = detail;
  const now = context.clock.now();
  const viewer = chooseViewerZone(request, user.timezone, specialist.timezone);
  const starts = canReschedule(detail, now) ? await upcomingStarts(context.db, { sessionTypeId: booking.sessionTypeId, now }) : [];
  const url = new URL(request.url);
  const requested = url.searchParams.get("start");
  const chosen = requested ? starts.find((start) => start.toISOString() === requested) : undefined;
  const { calendar, day } = pickerView(
    starts,
    { viewer: viewer.zone, specialist: specialist.timezone },
    focusDay(url.searchParams, viewer.zone),
  );
  const zoneDiffers = viewer.zone !== currentZoneName(specialist.timezone);
  return data({
    id: booking.id,
    title: detail.title,
    allowed: canReschedule(detail, now),
    deadlineHours: detail.rules.cancellationDeadlineHours,
    current: formatRange(booking.startsAt, booking.endsAt, viewer.zone),
    zone: {
      zone: viewer.zone,
      name: zoneName(viewer.zone),
      offset: zoneOffsetLabel(viewer.zone, now),
      source: viewer.source,
      specialistName: zoneDiffers ? zoneName(specialist.timezone) : null,
      options: likelyTimeZones([viewer.zone, specialist.timezone], now),
    },
    calendar,
    day,
    selected: chosen
      ? {
          startsAt: chosen.toISOString(),
          viewer: formatDayTime(chosen, viewer.zone),
          specialist: zoneDiffers ? formatTime(chosen, specialist.timezone) : null,
        }
      : null,
    requestedUnavailable: Boolean(requested) && !chosen,
    tzParam: url.searchParams.get("tz"),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  // Someone else's booking is a 404 whatever they post.
  const detail = await getBookingFor(context.db, user.id, params.id ?? "");
  if (!detail) throw new Response("No booking of yours has that address", { status: 404, statusText: "Not Found" });
  const submission = parseWithZod(await request.formData(), { schema: rescheduleSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await rescheduleBooking(context, {
    actorUserId: user.id,
    bookingId: detail.booking.id,
    newStartsAt: submission.value.startsAt,
  });
  if (!result.ok) {
    if (result.reason === "not-found") throw new Response(result.message, { status: 404, statusText: "Not Found" });
    return data(submission.reply({ formErrors: [result.message] }), {
      status: result.reason === "conflict" || result.reason === "busy" ? 409 : 400,
    });
  }
  return redirect(`/bookings/${result.booking.id}?rescheduled=1`);
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

export default function RescheduleBooking() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm({ lastResult });
  // A zone chosen in the form stays chosen while the visitor moves between days and times.
  const keep: Record<string, string> = page.tzParam ? { tz: page.tzParam } : {};
  const formErrors = form.errors ?? [];

  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <p className="text-sm">
        <Link to={`/bookings/${page.id}`} className="font-medium text-brand-700 underline underline-offset-4">
          Back to the booking
        </Link>
      </p>
      <header>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Move {page.title}</h1>
        <p className="mt-2 text-slate-700">Now: {page.current}</p>
      </header>
      {!page.allowed ? (
        <Notice tone="error">
          This booking can't be moved any more: bookings can be moved while active and up to {page.deadlineHours} hours before they start.
        </Notice>
      ) : (
        <>
          {page.selected ? (
            <section aria-labelledby="confirm-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
              <h2 id="confirm-heading" className="text-xl font-semibold text-slate-900">
                Move to{" "}
                <time dateTime={page.selected.startsAt}>
                  {page.selected.viewer}
                  {page.selected.specialist ? ` your time · ${page.selected.specialist} ${page.zone.specialistName}` : null}
                </time>
                ?
              </h2>
              <Form method="post" className="mt-4 space-y-3" {...getFormProps(form)}>
                <input type="hidden" name="startsAt" value={page.selected.startsAt} />
                <SubmitButton pendingLabel="Moving…">Move booking</SubmitButton>
                <ErrorList errors={formErrors} />
              </Form>
            </section>
          ) : formErrors.length > 0 ? (
            <Notice tone="error">{formErrors.join(" ")}</Notice>
          ) : page.requestedUnavailable ? (
            <Notice tone="error">That time isn't open any more. Please choose another one.</Notice>
          ) : null}
          <section aria-labelledby="times-heading">
            <h2 id="times-heading" className="mb-4 text-xl font-semibold text-slate-900">
              Choose a new time
            </h2>
            <SlotPicker calendar={page.calendar} day={page.day} zone={page.zone} keep={keep} selected={page.selected?.startsAt} />
          </section>
        </>
      )}
    </div>
  );
}
