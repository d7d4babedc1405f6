import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice, SubmitButton } from "~/components/forms";
import { requireUser } from "~/domain/auth/auth.server";
import { disableFeed, enableFeed, feedTokenOf, feedUrls, rotateFeed } from "~/domain/calendar-feed/calendar-feed.server";
import { calendarFeedSchema } from "~/domain/calendar-feed/schemas";
import { appOrigin } from "~/lib/app-origin";

export const meta: MetaFunction = () => [{ title: "Calendar feed · Settings · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const token = await feedTokenOf(context.db, user.id);
  return { feed: token ? feedUrls(appOrigin(request, context), token) : null };
}

const notices = { enable: "on", rotate: "rotated", disable: "off" } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const submission = parseWithZod(await request.formData(), { schema: calendarFeedSchema });
  if (submission.status !== "success") throw data("Choose what to do with your calendar feed.", { status: 400 });
  const { intent } = submission.value;
  if (intent === "enable") await enableFeed(context.db, user.id);
  else if (intent === "rotate") await rotateFeed(context.db, user.id);
  else await disableFeed(context.db, user.id);
  return redirect(`/settings/calendar?feed=${notices[intent]}`);
}

const noticeText: Record<string, string> = {
  on: "Your calendar feed is on. Subscribe to it from your calendar app.",
  rotated: "Your calendar feed has a new address. The old one no longer works: subscribe again with this one.",
  off: "Your calendar feed is off. Its address no longer works.",
};

export default function CalendarFeedSettings() {
  const { feed } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const notice = noticeText[searchParams.get("feed") ?? ""];

  return (
    <section aria-labelledby="feed-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="feed-heading" className="text-xl font-semibold text-slate-900">
        Calendar feed
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        A private address your calendar app (Google Calendar, Apple Calendar, Outlook…) subscribes to, so your sessions — as a customer and
        as a specialist — show up there and stay up to date. Cancelled sessions drop out. Calendar apps refresh it every few hours.
      </p>
      {notice ? (
        <div className="mt-4">
          <Notice tone="success">{notice}</Notice>
        </div>
      ) : null}
      {feed ? (
        <div className="mt-6 space-y-4">
          <div>
            <label htmlFor="feed-url" className="block text-sm font-medium text-slate-900">
              Feed address
            </label>
            <input
              id="feed-url"
              readOnly
              value={feed.https}
              className="mt-1 w-full rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-800"
            />
            <p className="mt-1 text-sm text-slate-600">
              Copy it into your calendar app&apos;s &ldquo;subscribe by URL&rdquo; or &ldquo;from the web&rdquo; option. Anyone with this
              address can see your sessions: keep it to yourself, and get a new one if it leaks.
            </p>
          </div>
          <div className="flex flex-wrap gap-3">
            <a href={feed.webcal} className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-brand-700">
              Subscribe in your calendar app
            </a>
            <a
              href={feed.https}
              download="specialistly.ics"
              className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
            >
              Download the feed (.ics)
            </a>
          </div>
          <Form method="post" className="flex flex-wrap gap-3 border-t border-slate-200 pt-4">
            <SubmitButton variant="secondary" name="intent" value="rotate" pendingLabel="Making a new address…">
              Get a new address
            </SubmitButton>
            <SubmitButton variant="danger" name="intent" value="disable" pendingLabel="Turning off…">
              Turn off the feed
            </SubmitButton>
          </Form>
        </div>
      ) : (
        <Form method="post" className="mt-6">
          <SubmitButton name="intent" value="enable" pendingLabel="Turning on…">
            Turn on the calendar feed
          </SubmitButton>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
