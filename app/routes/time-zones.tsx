// The full list of time zones, on a page of its own: pages with times (the booking page) offer a
// short list inline and link here with `back` (where to return) and `tz` (the zone shown). The
// choice goes back as `?tz=`, as the inline form sends it, so it works without JavaScript.
import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { Notice, SubmitButton } from "~/components/forms";
import { TimeZoneSelect } from "~/components/time-zone-select";
import { timeZoneGroups } from "~/domain/account/time-zone-options";
import { currentZoneName } from "~/lib/time-zones";
import { isValidTimeZone } from "~/lib/time-format";
import { safeRedirectPath } from "~/lib/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Choose a time zone · Specialistly" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const back = safeRedirectPath(url.searchParams.get("back"), "/specialists");
  const chosen = url.searchParams.get("zone");
  if (chosen !== null && isValidTimeZone(chosen)) {
    const target = new URL(back, url.origin);
    target.searchParams.set("tz", currentZoneName(chosen));
    return redirect(`${target.pathname}${target.search}`);
  }
  const shown = url.searchParams.get("tz");
  const zone = shown && isValidTimeZone(shown) ? currentZoneName(shown) : "UTC";
  return data(
    { back, zone, groups: timeZoneGroups(zone, context.clock.now()), invalid: chosen !== null },
    { status: chosen !== null ? 400 : 200 },
  );
}

export default function TimeZones() {
  const { back, zone, groups, invalid } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="zones-heading" className="mx-auto max-w-xl rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 id="zones-heading" className="text-2xl font-bold tracking-tight text-slate-900">
        Choose a time zone
      </h1>
      <p className="mt-1 text-sm text-slate-600">Times are shown in the zone you choose, for this visit to the page.</p>
      {invalid ? (
        <div className="mt-4">
          <Notice tone="error">Choose a valid time zone.</Notice>
        </div>
      ) : null}
      <Form method="get" className="mt-6 space-y-5">
        <input type="hidden" name="back" value={back} />
        <TimeZoneSelect selectProps={{ id: "zone", name: "zone", defaultValue: zone }} groups={groups} errorId="zone-error" />
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton>Show times in this zone</SubmitButton>
          <Link to={back} className="text-sm font-medium text-brand-700 underline">
            Back
          </Link>
        </div>
      </Form>
    </section>
  );
}
