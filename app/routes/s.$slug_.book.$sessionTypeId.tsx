import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useLocation, type MetaFunction, type ShouldRevalidateFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorPanel, GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, inputClass, Notice, SubmitButton } from "~/components/forms";
import { SlotPicker } from "~/components/slot-picker";
import { likelyTimeZones } from "~/domain/account/time-zone-options";
import { getSessionUser, requireUser } from "~/domain/auth/auth.server";
import { bookSchema } from "~/domain/booking/booking-form-schemas";
import { findOfferWithStarts, freshStartsOfDay } from "~/domain/booking/booking-offer.server";
import { createBooking, findOfferToBook } from "~/domain/booking/create-booking.server";
import { chooseViewerZone, focusDay } from "~/domain/booking/picker-query";
import { refundPolicyText } from "~/domain/booking/refund-policy-text";
import { maxTopicLength } from "~/domain/booking/schemas";
import { dayOfTimes, pickerView } from "~/domain/booking/slot-days";
import { zoneName } from "~/domain/specialists/viewer-zone";
import { formatMoney } from "~/lib/money";
import { formatDayTime, formatTime, zoneOffsetLabel } from "~/lib/time-format";
import { currentZoneName } from "~/lib/time-zones";

const notOffered = () => new Response("This session isn't offered", { status: 404, statusText: "Not Found" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const now = context.clock.now();
  // The page's own reads are one batch (the offer and its open times); the session is the other read.
  const [found, session] = await Promise.all([
    findOfferWithStarts(context.db, { slug: params.slug ?? "", sessionTypeId: params.sessionTypeId ?? "", now }),
    getSessionUser(request, context),
  ]);
  if (!found) throw notOffered();
  const { offer, starts } = found;
  const viewer = chooseViewerZone(request, session?.user.timezone, offer.specialist.timezone);
  const url = new URL(request.url);
  const requested = url.searchParams.get("start");
  const chosen = requested ? starts.find((start) => start.toISOString() === requested) : undefined;
  const zones = { viewer: viewer.zone, specialist: offer.specialist.timezone };
  const { calendar, day } = pickerView(starts, zones, focusDay(url.searchParams, viewer.zone));
  const zoneDiffers = viewer.zone !== currentZoneName(offer.specialist.timezone);
  const free = offer.type.priceMinor === 0;

  return data({
    specialist: { slug: offer.specialist.slug, displayName: offer.specialist.displayName },
    type: {
      title: offer.type.title,
      description: offer.type.description,
      minutes: offer.type.minutes,
      free,
      price: free ? "Free" : formatMoney(offer.type.priceMinor, offer.type.currency),
    },
    policy: refundPolicyText(offer.rules, offer.type, chosen ? { startsAt: chosen, now } : undefined),
    zone: {
      zone: viewer.zone,
      name: zoneName(viewer.zone),
      offset: zoneOffsetLabel(viewer.zone, now),
      source: viewer.source,
      specialistName: zoneDiffers ? zoneName(offer.specialist.timezone) : null,
      options: likelyTimeZones([viewer.zone, offer.specialist.timezone], now),
    },
    calendar,
    day,
    selected: chosen
      ? {
          startsAt: chosen.toISOString(),
          viewer: formatDayTime(chosen, viewer.zone),
          specialist: zoneDiffers ? formatTime(chosen, offer.specialist.timezone) : null,
        }
      : null,
    // A chosen time that isn't open any more (taken, or a stale link).
    requestedUnavailable: Boolean(requested) && !chosen,
    tzParam: url.searchParams.get("tz"),
    signedIn: session !== null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const [session, offer] = await Promise.all([
    requireUser(request, context),
    findOfferToBook(context.db, params.slug ?? "", params.sessionTypeId ?? ""),
  ]);
  if (!offer) throw notOffered();
  const submission = parseWithZod(await request.formData(), { schema: bookSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), fresh: null }, { status: 400 });

  // Price, length and currency come from the session type row; only the instant is taken from the form.
  const { startsAt, customerTimezone } = submission.value;
  const result = await createBooking(
    context,
    {
      customerId: session.user.id,
      sessionTypeId: offer.type.id,
      startsAt,
      topic: submission.value.topic,
      customerTimezone,
    },
    offer,
  );
  if (!result.ok) {
    if (result.reason !== "conflict" && result.reason !== "busy")
      return data({ result: submission.reply({ formErrors: [result.message] }), fresh: null }, { status: 400 });
    // A lost race (or a time busy in the specialist's calendar): answer with the fresh times of that day only (in the zone the page showed),
    // which the picker shows in place; the month isn't read or rendered again.
    const { key, starts } = await freshStartsOfDay(context.db, {
      sessionTypeId: offer.type.id,
      around: startsAt,
      zone: customerTimezone,
      now: context.clock.now(),
    });
    const day = dayOfTimes(starts, key, { viewer: customerTimezone, specialist: offer.specialist.timezone });
    return data({ result: submission.reply({ formErrors: [result.message] }), fresh: { key, day } }, { status: 409 });
  }
  const { booking } = result;
  return redirect(booking.status === "confirmed" ? `/bookings/${booking.id}?booked=1` : `/bookings/${booking.id}/pay`);
}

// After a lost race (409) the answer carries the day's fresh times: nothing else needs reloading.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? false : defaultShouldRevalidate;

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `Book ${page.type.title} with ${page.specialist.displayName} · Specialistly` : "Session not found · Specialistly" },
];

export default function BookSession() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const location = useLocation();
  // After a lost race: the chosen time is gone and that day's fresh times replace the loaded ones.
  const fresh = answer?.fresh ?? null;
  const page = fresh
    ? {
        ...loaded,
        selected: null,
        day: fresh.day,
        calendar: fresh.day ? loaded.calendar : { ...loaded.calendar, open: loaded.calendar.open.filter((key) => key !== fresh.key) },
      }
    : loaded;
  const [form, fields] = useForm({
    lastResult: answer?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bookSchema }),
  });
  // A zone chosen in the form stays chosen while the visitor moves between days and times.
  const keep: Record<string, string> = page.tzParam ? { tz: page.tzParam } : {};
  const here = `${location.pathname}${location.search}`;
  const formErrors = form.errors ?? [];

  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <header>
        <p className="text-sm text-slate-500">
          <Link to={`/s/${page.specialist.slug}`} className="font-medium text-brand-700 underline underline-offset-4">
            {page.specialist.displayName}
          </Link>
        </p>
        <h1 className="mt-1 text-3xl font-bold tracking-tight text-slate-900">Book {page.type.title}</h1>
        <p className="mt-2 text-slate-700">
          {page.type.price} · {page.type.minutes} min
        </p>
      </header>

      {page.selected ? (
        <section aria-labelledby="confirm-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="confirm-heading" className="text-xl font-semibold text-slate-900">
            Confirm your booking
          </h2>
          <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="font-medium text-slate-800">Session</dt>
            <dd className="text-slate-700">
              {page.type.title} with {page.specialist.displayName} ({page.type.minutes} min)
            </dd>
            <dt className="font-medium text-slate-800">When</dt>
            <dd className="text-slate-700">
              <time dateTime={page.selected.startsAt}>
                {page.selected.viewer}
                {page.selected.specialist ? ` your time · ${page.selected.specialist} ${page.zone.specialistName}` : ` (${page.zone.name})`}
              </time>
            </dd>
            <dt className="font-medium text-slate-800">Price</dt>
            <dd className="text-slate-700">{page.type.price}</dd>
            <dt className="font-medium text-slate-800">Cancellation</dt>
            <dd className="text-slate-700">{page.policy}</dd>
          </dl>
          {page.signedIn ? (
            <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
              <input type="hidden" name="startsAt" value={page.selected.startsAt} />
              <input type="hidden" name="customerTimezone" value={page.zone.zone} />
              <div>
                <label htmlFor={fields.topic.id} className="block text-sm font-medium text-slate-800">
                  What would you like to talk about? (optional)
                </label>
                <textarea {...getTextareaProps(fields.topic)} rows={4} maxLength={maxTopicLength} className={inputClass} />
                <ErrorList id={fields.topic.errorId} errors={fields.topic.errors} />
              </div>
              <div className="flex flex-wrap items-center gap-4">
                <SubmitButton pendingLabel="Booking…">{page.type.free ? "Book" : "Book and pay"}</SubmitButton>
                <Link
                  to={`?${new URLSearchParams(page.day ? { ...keep, day: page.day.key } : keep)}`}
                  className="text-sm font-medium text-brand-700 underline"
                >
                  Choose another time
                </Link>
              </div>
              <ErrorList errors={[...formErrors, ...(fields.startsAt.errors ?? []), ...(fields.customerTimezone.errors ?? [])]} />
            </Form>
          ) : (
            <p className="mt-6 text-sm text-slate-700">
              <Link
                to={`/login?${new URLSearchParams({ redirectTo: here })}`}
                className="font-semibold text-brand-700 underline underline-offset-4"
              >
                Log in to book
              </Link>{" "}
              or{" "}
              <Link
                to={`/signup?${new URLSearchParams({ redirectTo: here })}`}
                className="font-semibold text-brand-700 underline underline-offset-4"
              >
                create an account
              </Link>{" "}
              — it takes a minute, and this time stays selected.
            </p>
          )}
        </section>
      ) : formErrors.length > 0 ? (
        <Notice tone="error">{formErrors.join(" ")}</Notice>
      ) : page.requestedUnavailable ? (
        <Notice tone="error">That time isn't open any more. Please choose another one.</Notice>
      ) : null}

      <section aria-labelledby="times-heading">
        <h2 id="times-heading" className="mb-4 text-xl font-semibold text-slate-900">
          {page.selected ? "Other open times" : "Choose a time"}
        </h2>
        <SlotPicker calendar={page.calendar} day={page.day} zone={page.zone} keep={keep} selected={page.selected?.startsAt} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <ErrorPanel
            title="This session isn't offered"
            detail="The link may be old, or the specialist no longer offers this session."
            next={{ href: "/specialists", label: "Find a specialist" }}
          />
        ),
      }}
    />
  );
}
