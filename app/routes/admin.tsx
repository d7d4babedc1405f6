import { Outlet, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionLayout } from "~/components/section-layout";
import { requireRole } from "~/domain/auth/auth.server";

export const meta: MetaFunction = () => [{ title: "Admin · Specialistly" }];

// Each child route checks the role too: Remix runs child loaders and actions in parallel with
// (or without) this one, so this check alone would not protect them.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  return null;
}

const sections = [
  { to: "/admin", label: "Dashboard", end: true },
  { to: "/admin/users", label: "Users" },
  { to: "/admin/specialists", label: "Specialists" },
  { to: "/admin/bookings", label: "Bookings" },
  { to: "/admin/reviews", label: "Reviews" },
  { to: "/admin/operations", label: "Operations" },
  { to: "/admin/webhooks", label: "Webhooks" },
  { to: "/admin/revenue", label: "Revenue" },
  { to: "/admin/audit", label: "Audit log" },
];

export default function AdminArea() {
  return (
    <SectionLayout title="Admin" sections={sections} width="max-w-6xl">
      <Outlet />
    </SectionLayout>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
