import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/server-runtime";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData, type MetaFunction } from "@remix-run/react";
import type { ReactNode } from "react";
import { CheckEmailNotice } from "~/components/check-email-notice";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getRequestSession } from "~/domain/auth/auth.server";
import { rateLimitHeaders } from "~/security/rate-limit.server";
import { SiteFooter, SiteHeader } from "~/components/site-shell";
import { zoneCookieScript } from "~/domain/specialists/viewer-zone";
import { useNonce } from "~/lib/nonce-provider";
import { useHydrated } from "~/lib/use-hydrated";
import stylesheet from "~/styles/app.css?url";

// A thrown 429 renders in the root boundary; keep its Retry-After.
export const headers = rateLimitHeaders;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Specialistly: book 1:1 sessions with experts" },
  {
    name: "description",
    content: "Find a specialist, see open times in your own time zone, book and pay in minutes.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session, unread } = await getRequestSession(request, context);
  if (!session) return { user: null };
  const { user } = session;
  return { user: { name: user.name, role: user.role, emailVerified: !!user.emailVerifiedAt, unread } };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const hydrated = useHydrated();
  // Undefined when the root loader itself failed; the shell still renders.
  const user = useRouteLoaderData<typeof loader>("root")?.user ?? null;
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* First in <head>: the visitor's zone reaches the server before anything is painted. */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: zoneCookieScript }} />
        <Meta />
        <Links />
      </head>
      {/* data-hydrated tells journeys (and styles) that the enhanced UI is live. */}
      <body className="flex min-h-full flex-col bg-slate-50 font-sans text-slate-900 antialiased" data-hydrated={hydrated ? "" : undefined}>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <SiteHeader user={user} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 lg:px-8">
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <>
      <CheckEmailNotice />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
