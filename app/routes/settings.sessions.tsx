import { Form, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { formatInTimeZone } from "date-fns-tz";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice, SubmitButton } from "~/components/forms";
import { listAccountSessions, revokeSession, signOutEverywhere } from "~/domain/account/account.server";
import { describeUserAgent } from "~/domain/account/user-agent";
import { endSession, requireUser } from "~/domain/auth/auth.server";
import { clearedSessionCookie } from "~/domain/auth/session-cookie.server";

export const meta: MetaFunction = () => [{ title: "Sessions · Settings · Specialistly" }];

const timeFormat = "d MMM yyyy, HH:mm zzz";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { sessionId, user } = await requireUser(request, context);
  const rows = await listAccountSessions(context.db, user.id);
  // Formatted on the server, in the user's zone, so the page reads the same with or without JavaScript.
  const format = (date: Date) => formatInTimeZone(date, user.timezone, timeFormat);
  return {
    timezone: user.timezone,
    sessions: rows.map((session) => ({
      id: session.id,
      current: session.id === sessionId,
      device: describeUserAgent(session.userAgent),
      ipAddress: session.ipAddress,
      startedAt: format(session.createdAt),
      lastActiveAt: format(session.lastVerifiedAt),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { sessionId, user } = await requireUser(request, context);
  const formData = await request.formData();
  if (formData.get("intent") === "sign-out-everywhere") {
    await signOutEverywhere(context.db, user.id);
    return redirect("/login", { headers: { "Set-Cookie": clearedSessionCookie(request) } });
  }
  const target = formData.get("revokeSession");
  if (typeof target !== "string") throw data("Choose a session to sign out.", { status: 400 });
  if (target === sessionId) return endSession(request, context, "/login");
  // Someone else's (or an unknown) session id: nothing changes, and the answer doesn't say which.
  if (!(await revokeSession(context.db, user.id, target))) {
    throw data("That session doesn't exist or has already ended.", { status: 404 });
  }
  return redirect("/settings/sessions?revoked=1");
}

export default function SessionSettings() {
  const { sessions, timezone } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const others = sessions.filter((session) => !session.current).length;

  return (
    <section aria-labelledby="sessions-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="sessions-heading" className="text-xl font-semibold text-slate-900">
        Where you&apos;re signed in
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Sign out any device you don&apos;t recognise, then change your password. Times are in {timezone}.
      </p>
      {searchParams.get("revoked") === "1" ? (
        <div className="mt-4">
          <Notice tone="success">That device was signed out.</Notice>
        </div>
      ) : null}
      <ul className="mt-6 divide-y divide-slate-200">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-start justify-between gap-4 py-4">
            <div className="text-sm">
              <p className="font-medium text-slate-900">
                {session.device}
                {session.current ? (
                  <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800">This device</span>
                ) : null}
              </p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-slate-600">
                <dt>IP address</dt>
                <dd>{session.ipAddress ?? "Unknown"}</dd>
                <dt>Started</dt>
                <dd>{session.startedAt}</dd>
                <dt>Last active</dt>
                <dd>{session.lastActiveAt}</dd>
              </dl>
            </div>
            {session.current ? null : (
              <Form method="post">
                <SubmitButton variant="secondary" name="revokeSession" value={session.id} pendingLabel="Signing out…">
                  Sign out<span className="sr-only"> {session.device}</span>
                </SubmitButton>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Form method="post" className="mt-6 border-t border-slate-200 pt-6">
        <p className="mb-3 text-sm text-slate-600">
          {others > 0 ? `Ends all ${sessions.length} sessions, including this one.` : "Ends this session too; you'll need to log in again."}
        </p>
        <SubmitButton variant="danger" name="intent" value="sign-out-everywhere" pendingLabel="Signing out…">
          Sign out everywhere
        </SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
