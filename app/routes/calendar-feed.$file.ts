import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { feedCalendar } from "~/domain/calendar-feed/calendar-feed.server";
import { appOrigin } from "~/lib/app-origin";

// A personal calendar feed, fetched by calendar apps without a session: the token in the file
// name is the credential. Every failure is the same bare 404, so nothing tells a guess apart.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  const calendar = file.endsWith(".ics") ? await feedCalendar(context, file.slice(0, -".ics".length), appOrigin(request, context)) : null;
  if (calendar === null) {
    throw new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } });
  }
  return new Response(calendar, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="specialistly.ics"',
      // Calendar apps poll; five minutes of caching spares the database, and `private` keeps the feed out of shared caches.
      "Cache-Control": "private, max-age=300",
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
    },
  });
}
