import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { requireRole } from "~/domain/auth/auth.server";

export const meta: MetaFunction = () => [{ title: "Welcome · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  return { name: user.name, emailVerified: !!user.emailVerifiedAt, timezone: user.timezone };
}

export default function Onboarding() {
  const { name, emailVerified, timezone } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Welcome, {name}</h1>
      <p className="text-slate-600">Here is what it takes to start selling sessions on Specialistly.</p>
      <ol className="space-y-3">
        <li className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="font-semibold">1. Confirm your email {emailVerified ? "✓" : ""}</p>
          <p className="text-sm text-slate-600">
            {emailVerified
              ? "Done: your email address is confirmed."
              : "We sent you a link. Clients can only book specialists whose email is confirmed."}
          </p>
        </li>
        <li className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="font-semibold">2. Check your time zone</p>
          <p className="text-sm text-slate-600">
            Your availability will be read in <strong>{timezone}</strong>. You can change it in{" "}
            <Link to="/settings" className="text-brand-700 underline">
              settings
            </Link>
            .
          </p>
        </li>
        <li className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="font-semibold">3. Profile, session types and weekly hours</p>
          <p className="text-sm text-slate-600">Your public profile, prices and availability are set up next.</p>
        </li>
      </ol>
    </div>
  );
}
