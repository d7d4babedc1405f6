import { Outlet, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionLayout } from "~/components/section-layout";
import { requireUser } from "~/domain/auth/auth.server";

export const meta: MetaFunction = () => [{ title: "Settings · Specialistly" }];

// Each child route checks the session too: Remix runs child loaders and actions in parallel
// with (or without) this one, so this check alone would not protect them.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return null;
}

const sections = [
  { to: "/settings", label: "Profile", end: true },
  { to: "/settings/email", label: "Email", end: false },
  { to: "/settings/notifications", label: "Notifications", end: false },
  { to: "/settings/password", label: "Password", end: false },
  { to: "/settings/sessions", label: "Sessions", end: false },
  { to: "/settings/calendar", label: "Calendar feed", end: false },
  { to: "/settings/api", label: "API", end: false },
  { to: "/settings/data", label: "Your data", end: false },
];

export default function Settings() {
  return (
    <SectionLayout title="Settings" sections={sections}>
      <Outlet />
    </SectionLayout>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
